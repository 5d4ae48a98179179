"""The only code that changes webhook endpoints and writes events and deliveries.

`publish()` is called by the listeners inside the transaction of the change that caused the event:
the event's JSON and one outbox message per subscribed, active endpoint are written with it, so a
rolled-back change sends nothing and a committed one is delivered however long the receiver is down
(within the outbox's retry time).
"""

import ipaddress
import json
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from fixloop.api.webhooks import signing
from fixloop.api.webhooks.events import EVENT_TYPES
from fixloop.api.webhooks.payloads import Envelope, Payload
from fixloop.messaging import services as messaging

NAME_MAX = 100
URL_MAX = 500


def is_private_host(host: str) -> bool:
    """A loopback or private address (or localhost): where a plain-http receiver may be."""
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def check_url(url: str) -> str:
    """The endpoint address, tidied, or a ValidationError naming what is wrong."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(_("Enter the address the events are sent to."))
    if len(url) > URL_MAX:
        raise ValidationError(_("The address is too long (at most %(max)d characters).") % {"max": URL_MAX})
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as error:
        raise ValidationError(_("Enter a valid address, e.g. https://erp.example.com/fixloop.")) from error
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host or not port_ok or any(c.isspace() for c in url):
        raise ValidationError(_("Enter a valid address, e.g. https://erp.example.com/fixloop."))
    if parts.username or parts.password:
        raise ValidationError(_("Leave user name and password out of the address."))
    if parts.fragment:
        raise ValidationError(_("Leave the #part out of the address."))
    if parts.scheme == "http" and not (settings.WEBHOOKS_ALLOW_HTTP and is_private_host(host)):
        raise ValidationError(
            _(
                "Use an https:// address. Plain http:// is possible only to a loopback or private address, when the server allows it."
            )
        )
    return url


def _checked(name: str, url: str, events: list[str]) -> tuple[str, str, list[str]]:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Enter a name, e.g. the software that receives the events.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("The name is too long (at most %(max)d characters).") % {"max": NAME_MAX}
    try:
        url = check_url(url)
    except ValidationError as error:
        errors["url"] = error.messages
    unknown = [event for event in events if event not in EVENT_TYPES]
    if unknown or not events:
        errors["events"] = _("Choose at least one of the events listed.")
    if errors:
        raise ValidationError(errors)
    return name, url, [event for event in EVENT_TYPES if event in events]


@transaction.atomic
def create_endpoint(*, name: str, url: str, events: list[str], by) -> tuple[WebhookEndpoint, str]:
    """A new active endpoint and its signing secret, in clear: the only time it is shown."""
    name, url, events = _checked(name, url, events)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint.objects.create(
        name=name, url=url, events=events, secret=signing.encrypt(secret), created_by=by
    )
    return endpoint, secret


@transaction.atomic
def update_endpoint(
    endpoint: WebhookEndpoint, *, name: str, url: str, events: list[str], active: bool
) -> WebhookEndpoint:
    """Change an endpoint. Events already queued are delivered to its address as it is at send time."""
    name, url, events = _checked(name, url, events)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.name, endpoint.url, endpoint.events, endpoint.active = name, url, events, active
    endpoint.save(update_fields=["name", "url", "events", "active", "updated_at"])
    return endpoint


@transaction.atomic
def rotate_secret(endpoint: WebhookEndpoint, *, now=None) -> tuple[WebhookEndpoint, str]:
    """A new signing secret (returned in clear, shown once). The current one keeps signing beside it
    for WEBHOOK_ROTATION_GRACE_HOURS, so the receiver can switch without losing a delivery."""
    now = now or timezone.now()
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = signing.new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + timedelta(hours=settings.WEBHOOK_ROTATION_GRACE_HOURS)
    endpoint.secret = signing.encrypt(secret)
    endpoint.secret_created_at = now
    endpoint.save(
        update_fields=[
            "secret",
            "previous_secret",
            "previous_secret_until",
            "secret_created_at",
            "updated_at",
        ]
    )
    return endpoint, secret


def signing_secrets(endpoint: WebhookEndpoint, *, now=None) -> list[str]:
    """The secrets that sign now: the current one, and the previous one while its grace lasts."""
    secrets = [signing.decrypt(endpoint.secret)]
    if endpoint.rotation_running(now):
        secrets.append(signing.decrypt(endpoint.previous_secret))
    return secrets


def _queue(
    endpoint: WebhookEndpoint, event: WebhookEvent, *, key: str, by=None, again_of=None
) -> WebhookDelivery:
    message = messaging.queue_webhook(
        url=endpoint.url, body=event.body, dedupe_key=key, purpose=event, created_by=by
    )
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event=event, message=message, again_of=again_of, created_by=by
    )


def publish(type_name: str, data: Payload, *, at=None) -> WebhookEvent | None:
    """Write the event and a delivery to every active endpoint subscribed to it, in the caller's
    transaction; None (and nothing written) when no endpoint wants it."""
    if type_name not in EVENT_TYPES or not isinstance(data, EVENT_TYPES[type_name].data):
        raise ValueError(
            f"{type_name} takes {EVENT_TYPES[type_name].data.__name__ if type_name in EVENT_TYPES else '?'}"
        )
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True).order_by("pk")
        if type_name in endpoint.events
    ]
    if not endpoints:
        return None
    created_at = at or timezone.now()
    envelope = Envelope(id=f"evt_{uuid.uuid4().hex}", type=type_name, created_at=created_at, data={})
    body = envelope.model_dump(mode="json")
    body["data"] = data.model_dump(mode="json")
    event = WebhookEvent.objects.create(
        event_id=envelope.id,
        type=type_name,
        created_at=created_at,
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
    )
    for endpoint in endpoints:
        _queue(endpoint, event, key=f"webhook:{event.event_id}:{endpoint.pk}")
    return event


@transaction.atomic
def send_again(delivery: WebhookDelivery, *, by) -> WebhookDelivery:
    """A new delivery of the same event (same body, same event id) to the same endpoint."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if not endpoint.active:
        raise ValidationError(_("The endpoint is switched off; switch it on to send events to it."))
    number = WebhookDelivery.objects.filter(endpoint=endpoint, event=delivery.event_id).count()
    return _queue(
        endpoint,
        delivery.event,
        key=f"webhook:{delivery.event.event_id}:{endpoint.pk}:again:{number}",
        by=by,
        again_of=delivery,
    )
