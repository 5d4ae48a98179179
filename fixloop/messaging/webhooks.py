"""The e-mail services' tracking webhooks: anymail's views check each request (HTTP basic auth with
EMAIL_WEBHOOK_SECRET; Mailgun's HMAC signature; SendGrid's ECDSA signature when its key is set;
for SES the SNS headers against the body) and parse the service's events; `record_tracking_event`
hears anymail's `tracking` signal and records what became of the message (outcomes.py).

Only the configured service's webhook answers; the others are 404, so no unchecked endpoint is
open. A refused check (anymail's AnymailWebhookValidationFailure) is answered 403, logged, and
changes nothing. An event for a message Fixloop does not
know (another system on the same account, a message long gone) is logged and answered 200, so the
service does not keep sending it again."""

import json
import logging

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.signals import EventType, tracking
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

from fixloop.messaging.models import Channel, Message, MessageEvent
from fixloop.messaging.outcomes import record_outcome

logger = logging.getLogger(__name__)

VIEWS = {
    "postmark": PostmarkTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
    "ses": AmazonSESTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
}
# anymail's esp_name → EMAIL_URL's scheme, which is what MessageEvent.source records.
SOURCES = {
    "Postmark": "postmark",
    "Mailgun": "mailgun",
    "Amazon SES": "ses",
    "SendGrid": "sendgrid",
    "Brevo": "brevo",
}
# anymail's event types that say what became of a message; opens, clicks and the like do not.
# "rejected": the service would not send to the address (its suppression list, an invalid
# address), which for the shop is a bounce; "failed": it could not send for another reason.
OUTCOMES = {
    EventType.DELIVERED: MessageEvent.Kind.DELIVERED,
    EventType.BOUNCED: MessageEvent.Kind.BOUNCED,
    EventType.REJECTED: MessageEvent.Kind.BOUNCED,
    EventType.FAILED: MessageEvent.Kind.BOUNCED,
    EventType.COMPLAINED: MessageEvent.Kind.COMPLAINED,
    EventType.DEFERRED: MessageEvent.Kind.DEFERRED,
}
# Rejections for a reason that lies with the address itself.
HARD_REJECTIONS = {"invalid", "bounced"}


def tracking_view(provider: str):
    """anymail's tracking view for `provider`, answering 404 while another service is configured."""
    view = VIEWS[provider].as_view()

    @csrf_exempt
    def only_when_configured(request, *args, **kwargs):
        if provider != settings.EMAIL_PROVIDER:
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as refused:
            logger.warning(
                "Refused a %s tracking webhook from %s: %s",
                provider,
                request.META.get("REMOTE_ADDR"),
                refused,
            )
            return HttpResponseForbidden()

    return only_when_configured


def is_hard(event, esp_name: str) -> bool | None:
    """Whether a bounce is permanent (the address is then suppressed), from the service's own
    words where anymail's event type does not say it; None when it is not a bounce."""
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if event.event_type == EventType.REJECTED:
        return event.reject_reason in HARD_REJECTIONS
    if event.event_type == EventType.FAILED:
        return False
    if event.event_type != EventType.BOUNCED:
        return None
    if esp_name == "Postmark":
        return raw.get("Type") == "HardBounce"
    if esp_name == "Amazon SES":
        return raw.get("bounce", {}).get("bounceType") == "Permanent"
    if esp_name == "SendGrid":
        return raw.get("type", "bounce") == "bounce"  # "blocked": the receiving server refused for now
    if esp_name == "Brevo":
        return raw.get("event") in ("hard_bounce", "invalid_email")
    return True  # Mailgun: anymail reports its temporary failures as "deferred"


def reason_of(event) -> str:
    """The service's own words: its description and the receiving server's answer."""
    parts = [str(part).strip() for part in (event.description, event.mta_response) if part]
    return " — ".join(dict.fromkeys(part for part in parts if part))


def _raw(event) -> dict:
    """The service's event as JSON (what it sent, kept with the event)."""
    raw = event.esp_event
    if not isinstance(raw, dict):
        raw = {"event": str(raw)}
    return json.loads(json.dumps(raw, default=str))


def record_tracking_event(sender, event, esp_name, **kwargs) -> None:
    outcome = OUTCOMES.get(event.event_type)
    if outcome is None:
        return
    source = SOURCES.get(esp_name, esp_name.lower())
    message = (
        Message.objects.filter(channel__in=(Channel.EMAIL, Channel.FAX), provider_id=event.message_id).first()
        if event.message_id
        else None
    )
    if message is None:
        logger.warning("%s reported %s for unknown message %r", esp_name, event.event_type, event.message_id)
        return
    record_outcome(
        message,
        outcome,
        reason=reason_of(event),
        hard=is_hard(event, esp_name),
        source=source,
        at=event.timestamp,
        raw=_raw(event),
    )


def connect() -> None:
    tracking.connect(record_tracking_event, dispatch_uid="fixloop.messaging.webhooks")
