"""What comes back from customers and providers: text replies, STOP / START, delivery reports.

The callbacks (callbacks.py) only verify and parse; every change happens here, in a transaction.
"""

import logging
import re

from django.db import transaction

from fixloop.customers.models import CustomerAccount
from fixloop.messaging import services
from fixloop.messaging.models import Channel, InboundMessage, Message
from fixloop.messaging.optouts import opt_in, opt_out, record_unsubscribed
from fixloop.messaging.states import IllegalTransition
from fixloop.messaging.transports.twilio import TWILIO_UNSUBSCRIBED

logger = logging.getLogger(__name__)

# The keywords carriers and Twilio honour; a text is a keyword only when it is nothing else.
STOP_KEYWORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
START_KEYWORDS = frozenset({"START", "UNSTOP"})
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")

# Twilio's delivery error codes, for status callbacks that carry a code without its text.
DELIVERY_ERRORS = {
    "30003": "Unreachable destination handset",
    "30004": "Message blocked",
    "30005": "Unknown destination handset",
    "30006": "Landline or unreachable carrier",
    "30007": "Message filtered by the carrier",
    "30008": "Unknown error",
    str(TWILIO_UNSUBSCRIBED): "The recipient has unsubscribed",
}


def keyword_of(body: str) -> str:
    """The keyword ("STOP", "START", …) the text consists of, in any case and with spaces or
    punctuation around it; "" for any other text."""
    word = _EDGES.sub("", body).upper()
    return word if word in STOP_KEYWORDS or word in START_KEYWORDS else ""


@transaction.atomic
def record_inbound_sms(*, sender: str, body: str, provider_id: str = "") -> InboundMessage:
    """Store a text a customer sent and honour STOP / START in it."""
    if provider_id:
        # A provider may deliver the same webhook twice.
        existing = InboundMessage.objects.filter(channel=Channel.SMS, provider_id=provider_id).first()
        if existing is not None:
            return existing
    customers = list(CustomerAccount.objects.filter(mobile=sender)[:2]) if sender else []
    keyword = keyword_of(body)
    received = InboundMessage.objects.create(
        channel=Channel.SMS,
        sender=sender,
        body=body,
        provider_id=provider_id,
        customer=customers[0] if len(customers) == 1 else None,
        keyword=keyword,
    )
    if keyword in STOP_KEYWORDS:
        opt_out(Channel.SMS, sender, keyword)
    elif keyword in START_KEYWORDS:
        opt_in(Channel.SMS, sender, keyword)
    return received


@transaction.atomic
def record_sms_status(
    *, provider_id: str, status: str, error_code: str = "", error_message: str = ""
) -> Message | None:
    """Apply Twilio's delivery report for a text. Reports other than delivered / undelivered /
    failed change nothing; the message is returned, or None when the id is unknown."""
    message = (
        Message.objects.filter(channel=Channel.SMS, provider_id=provider_id).first() if provider_id else None
    )
    if message is None:
        logger.warning("Twilio reported %r for unknown message %r", status, provider_id)
        return None
    try:
        if status == "delivered":
            return services.mark_delivered(message)
        if status in ("undelivered", "failed"):
            if error_code == str(TWILIO_UNSUBSCRIBED):
                record_unsubscribed(Channel.SMS, message.recipient)
            return services.mark_bounced(message, reason=_bounce_reason(status, error_code, error_message))
    except IllegalTransition as error:
        # E.g. "delivered" after "undelivered": the first final report stands.
        logger.warning("Twilio reported %r for message %s: %s", status, message.pk, " ".join(error.messages))
    return message


def _bounce_reason(status: str, error_code: str, error_message: str) -> str:
    what = (
        "Twilio could not send the text message"
        if status == "failed"
        else "The text message was not delivered"
    )
    if not error_code:
        return f"{what}."
    detail = error_message or DELIVERY_ERRORS.get(error_code, "see Twilio's error reference")
    return f"{what} ({error_code}): {detail}."
