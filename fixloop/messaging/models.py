"""The outbox: every message Fixloop sends, every attempt to send it, every answer received.

Nothing here is deleted. A message moves through explicit states (see Message.State and
TRANSITIONS) and records why it was suppressed or failed, so staff can always see what
happened and send it again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import CustomerAccount
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import LANGUAGE_CHOICES


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    FAX = "fax", _("Fax")


class Message(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        RETRYING = "retrying", _("Waiting to retry")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Not sent")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    customer = models.ForeignKey(
        CustomerAccount,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    unsubscribe_url = models.URLField(
        _("unsubscribe link"),
        max_length=500,
        blank=True,
        help_text=_("Set on periodic mail: sent as List-Unsubscribe."),
    )
    dedupe_key = models.CharField(max_length=200, unique=True)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    state_reason = models.TextField(_("reason"), blank=True)
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_id = models.CharField(_("provider id"), max_length=200, blank=True, db_index=True)
    segments = models.PositiveSmallIntegerField(_("segments"), null=True, blank=True)
    encoding = models.CharField(_("encoding"), max_length=10, blank=True)
    resend_of = models.ForeignKey(
        "self",
        verbose_name=_("resend of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resends",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("queued"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The worker's question "what is due?" reads only this small partial index.
            models.Index(
                fields=["next_attempt_at"],
                name="message_due_idx",
                condition=Q(state__in=["queued", "retrying"]),
            ),
            models.Index(fields=["state", "-created_at"]),
            models.Index(fields=["customer", "-created_at"]),
            models.Index(fields=["work_order", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient or '—'} ({self.state})"

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


# Which state may follow which; services refuse anything else.
TRANSITIONS: dict[str, set[str]] = {
    Message.State.QUEUED: {Message.State.SENDING, Message.State.CANCELLED, Message.State.SUPPRESSED},
    Message.State.RETRYING: {Message.State.SENDING, Message.State.CANCELLED, Message.State.SUPPRESSED},
    Message.State.SENDING: {
        Message.State.SENT,
        Message.State.RETRYING,
        Message.State.FAILED,
        Message.State.SUPPRESSED,
    },
    Message.State.SENT: {Message.State.DELIVERED, Message.State.BOUNCED},
    Message.State.DELIVERED: {Message.State.BOUNCED},
    Message.State.BOUNCED: set(),
    Message.State.FAILED: set(),
    Message.State.SUPPRESSED: set(),
    Message.State.CANCELLED: set(),
}
FINAL_STATES = {state for state, following in TRANSITIONS.items() if not following}
DUE_STATES = (Message.State.QUEUED, Message.State.RETRYING)


class MessageAttachment(models.Model):
    """Kept in the database with its message, so a message and its PDF are written (or rolled back) together."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class Attempt(models.Model):
    """One try to hand a message to its provider."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Accepted by the provider")
        TRANSIENT = "transient", _("Temporary failure")
        PERMANENT = "permanent", _("Permanent failure")

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error = models.TextField(blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    worker = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["message", "number"]
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="attempt_number_unique")]

    def __str__(self) -> str:
        return f"#{self.number} {self.outcome}"


class MessageTemplate(models.Model):
    """A shop's own wording for one kind × channel × language; without one, the shipped default is used."""

    kind = models.CharField(_("kind"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "language"], name="one_template_per_kind_channel_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.channel} · {self.language}"


class OptOut(models.Model):
    """An address that asked not to be contacted on a channel (e.g. texted STOP). Kept when lifted
    (START), so the history stays visible."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    active = models.BooleanField(default=True)
    keyword = models.CharField(max_length=20, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "address"], name="one_opt_out_per_address")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address} {'out' if self.active else 'in'}"


class InboundMessage(models.Model):
    """Every message a customer sent back (e.g. an SMS reply), as received."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    sender = models.CharField(max_length=254)
    body = models.TextField(blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    customer = models.ForeignKey(
        CustomerAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_messages"
    )
    keyword = models.CharField(
        max_length=20, blank=True, help_text=_("STOP, START, … when the text was one.")
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sender}: {self.body[:40]}"
