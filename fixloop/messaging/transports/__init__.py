"""Which transport sends which channel, from the settings: SMTP, Twilio and the fax gateway when
configured, otherwise the local sink (nothing leaves the machine)."""

from django.conf import settings

from fixloop.messaging.models import Channel
from fixloop.messaging.transports.base import Transport
from fixloop.messaging.transports.email import FaxGatewayTransport, SmtpTransport
from fixloop.messaging.transports.sink import SinkTransport
from fixloop.messaging.transports.twilio import TwilioTransport


def get_transport(channel: str) -> Transport:
    if channel == Channel.EMAIL and settings.EMAIL_URL_SET:
        return SmtpTransport()
    if channel == Channel.FAX and settings.EMAIL_URL_SET and settings.FAX_GATEWAY:
        return FaxGatewayTransport()
    if channel == Channel.SMS and settings.TWILIO_ACCOUNT_SID:
        return TwilioTransport()
    return SinkTransport(channel)
