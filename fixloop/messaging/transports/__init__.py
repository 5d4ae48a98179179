"""Which transport sends which channel, from the settings: SMTP or an e-mail service (EMAIL_URL),
Twilio and the fax gateway when configured, otherwise the local sink (nothing leaves the machine).
A channel whose transport lives in another app (webhooks: api/webhooks/transport.py) registers it
with register_transport() when that app is ready, so messaging never imports it."""

from collections.abc import Callable

from django.conf import settings

from fixloop.messaging.models import Channel
from fixloop.messaging.transports.base import Transport
from fixloop.messaging.transports.email import FaxGatewayTransport, SmtpTransport
from fixloop.messaging.transports.email_services import EmailServiceFaxTransport, EmailServiceTransport
from fixloop.messaging.transports.sink import SinkTransport
from fixloop.messaging.transports.twilio import TwilioTransport

REGISTERED: dict[str, Callable[[], Transport]] = {}


def register_transport(channel: str, factory: Callable[[], Transport]) -> None:
    REGISTERED[channel] = factory


def get_transport(channel: str) -> Transport:
    if channel in REGISTERED:
        return REGISTERED[channel]()
    by_service = settings.EMAIL_PROVIDER not in ("", "smtp")
    if channel == Channel.EMAIL and settings.EMAIL_URL_SET:
        return EmailServiceTransport() if by_service else SmtpTransport()
    if channel == Channel.FAX and settings.EMAIL_URL_SET and settings.FAX_GATEWAY:
        return EmailServiceFaxTransport() if by_service else FaxGatewayTransport()
    if channel == Channel.SMS and settings.TWILIO_ACCOUNT_SID:
        return TwilioTransport()
    return SinkTransport(channel)
