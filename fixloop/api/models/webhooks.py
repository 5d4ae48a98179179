"""Outgoing webhooks: the endpoints integrations receive events at, the events as they were written
when they happened, and each delivery of an event to an endpoint (a Message of the "webhook" channel
in the outbox, so it is retried and logged as every message is).

Nothing is deleted: an endpoint is switched off, not removed, so its log stays readable.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.messaging.models import Message


class WebhookEndpoint(models.Model):
    """Where an integration receives events, which ones, and the secret it checks signatures with.

    `secret` and `previous_secret` are encrypted (api/webhooks/signing.py): they are needed in clear
    to compute each signature, so they cannot be only hashed. During a rotation the previous secret
    signs too, until `previous_secret_until`."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("address (URL)"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    secret = models.TextField()
    previous_secret = models.TextField(blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    secret_created_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def rotation_running(self, now=None) -> bool:
        until = self.previous_secret_until
        return bool(self.previous_secret) and until is not None and until > (now or timezone.now())


class WebhookEvent(models.Model):
    """One event, written in the transaction of the change it reports. `body` is the JSON exactly as
    every delivery of it sends it (the same `id` each time)."""

    event_id = models.CharField(_("event id"), max_length=40, unique=True)
    type = models.CharField(_("event"), max_length=60, db_index=True)
    created_at = models.DateTimeField(_("happened"), default=timezone.now)
    body = models.TextField()

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: its message in the outbox carries state, attempts and the
    receiver's answers. "Send again" is a new delivery of the same event."""

    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.PROTECT, related_name="deliveries")
    message = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="webhook_delivery")
    again_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sent_again"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id}"
