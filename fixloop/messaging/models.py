"""The outbox: every message Fixloop sends, every attempt to send it, every answer received.

Nothing here is deleted. A message moves through explicit states (see Message.State and
TRANSITIONS) and records why it was suppressed or failed, so staff can always see what
happened and send it again.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.core.contact import normalise_email
from fixloop.customers.models import CustomerAccount
from fixloop.messaging import kinds
from fixloop.repairs.models import ServiceRequest, Status, WorkOrder
from fixloop.shop.models import LANGUAGE_CHOICES, Region


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    FAX = "fax", _("Fax")
    # A signed HTTP POST to an integration's endpoint (api/webhooks): no customer, no template.
    WEBHOOK = "webhook", _("Webhook")


# The channels that reach people; the deliveries log, delivery rates and a customer's messages
# show only these (webhook deliveries have their own log per endpoint).
PEOPLE_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.FAX)


class Message(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        DEFERRED = "deferred", _("Delayed by the receiving server")
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
    # What the message is about (an estimate version, a booking step, an invitation, …): at send
    # time messaging/purposes.py asks whether that is still true, and cancels the message if not.
    purpose_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose_id = models.PositiveBigIntegerField(null=True, blank=True)
    purpose = GenericForeignKey("purpose_type", "purpose_id")
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
    # While `sending`, the worker holding the message (see delivery.py) and until when: it renews
    # the lease as it works, and a message whose lease ran out goes back to the queue.
    leased_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
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
    def kind_label(self) -> str:
        """What kind of message this is, as staff read it (never the code)."""
        return kinds.label(self.kind)

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


# Which state may follow which; services refuse anything else.
TRANSITIONS: dict[str, set[str]] = {
    Message.State.QUEUED: {Message.State.SENDING, Message.State.CANCELLED, Message.State.SUPPRESSED},
    Message.State.RETRYING: {Message.State.SENDING, Message.State.CANCELLED, Message.State.SUPPRESSED},
    # SENDING → CANCELLED: the worker found, just before sending, that the message's purpose had
    # passed (purposes.py).
    Message.State.SENDING: {
        Message.State.SENT,
        Message.State.CANCELLED,
        Message.State.RETRYING,
        Message.State.FAILED,
        Message.State.SUPPRESSED,
    },
    # After sending, what the provider (tracking webhooks) or the bounce mailbox reports; see
    # outcomes.py. A bounce may still come after "delivered" (the receiving server accepted, then
    # refused), a complaint only once the message arrived.
    Message.State.SENT: {
        Message.State.DELIVERED,
        Message.State.BOUNCED,
        Message.State.COMPLAINED,
        Message.State.DEFERRED,
    },
    Message.State.DEFERRED: {Message.State.DELIVERED, Message.State.BOUNCED},
    Message.State.DELIVERED: {Message.State.BOUNCED, Message.State.COMPLAINED},
    Message.State.BOUNCED: set(),
    Message.State.COMPLAINED: set(),
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
    # What an HTTP receiver answered (webhooks): its status code and the start of its body.
    response_status = models.PositiveSmallIntegerField(_("answer status"), null=True, blank=True)
    response_excerpt = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["message", "number"]
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="attempt_number_unique")]

    def __str__(self) -> str:
        return f"#{self.number} {self.outcome}"

    @property
    def duration_ms(self) -> int:
        return round((self.finished_at - self.started_at).total_seconds() * 1000)


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


# The reporters of delivery events whose code is not already a name (the e-mail services' codes are
# their names, title-cased: "postmark" → "Postmark").
EVENT_SOURCES = {
    "dsn": _("Bounce mailbox"),
    "ses": "Amazon SES",
    "sendgrid": "SendGrid",
    "twilio": "Twilio",
}


class MessageEvent(models.Model):
    """What became of a message after it was handed over: one row per report from a provider's
    tracking webhook or a delivery-status notification, kept even when it does not change the
    message's state (e.g. a "deferred" after "delivered")."""

    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        DEFERRED = "deferred", _("Delayed by the receiving server")

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    # True: a hard (permanent) bounce, False: a soft one; None where it does not apply or is unknown.
    hard = models.BooleanField(null=True, blank=True)
    source = models.CharField(_("reported by"), max_length=20)
    raw = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        ordering = ["message", "at", "id"]
        indexes = [models.Index(fields=["message", "at"])]

    def __str__(self) -> str:
        return f"{self.message_id} {self.kind} ({self.source})"

    @property
    def source_label(self) -> str:
        """Who reported it, as staff read it: the e-mail service's name, or the bounce mailbox."""
        return str(EVENT_SOURCES.get(self.source, self.source.title()))


class Suppression(models.Model):
    """An address nothing more is sent to on a channel because mail to it bounced hard or its owner
    marked a message as spam. Lifting it (the address was corrected or confirmed) keeps the row as
    history; at most one is active per address."""

    class Cause(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=254)
    cause = models.CharField(max_length=12, choices=Cause.choices)
    reason = models.TextField(_("reason"), blank=True)
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="suppressions"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_by_name = models.CharField(max_length=200, blank=True)
    lift_note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address"],
                condition=Q(active=True),
                name="one_active_suppression_per_address",
            )
        ]
        indexes = [models.Index(fields=["address", "channel"])]

    # Why it was lifted (lift_note), as staff read it; any other note is shown as written.
    LIFT_NOTES = {
        "confirmed": _("address confirmed by staff"),
        "corrected": _("address entered again by the customer"),
    }

    def __str__(self) -> str:
        return f"{self.channel}:{self.address} {self.cause}{'' if self.active else ' (lifted)'}"

    @property
    def lift_note_text(self) -> str:
        return str(self.LIFT_NOTES.get(self.lift_note, self.lift_note))


class KindOptOut(models.Model):
    """A customer who no longer wants one kind of recurring mail (status reports, follow-ups), e.g.
    by the one-click unsubscribe link in it (RFC 8058). Kept when lifted, so the history stays."""

    customer = models.ForeignKey(
        CustomerAccount, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="kind_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=60)
    active = models.BooleanField(default=True)
    message = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The e-mail whose link was used."),
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("opted out"), default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("unsubscribed kind of message")
        verbose_name_plural = _("unsubscribed kinds of message")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind"], condition=Q(active=True), name="one_active_kind_opt_out"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.kind} {'out' if self.active else 'in'}"


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


# ----------------------------------------------------------------------------- client notifications


class Event(models.TextChoices):
    """What happened, as a client notification rule knows it. The values are the message kinds the
    notifications are sent as (kinds.py), so each event has its wording in English and German."""

    SERVICE_REQUEST_ACCEPTED = "service_request.accepted", _("Service request accepted")
    SERVICE_REQUEST_REJECTED = "service_request.rejected", _("Service request rejected")
    WORK_ORDER_OPENED = "workorder.opened", _("New work order")
    STATUS_CHANGED = "workorder.status_changed", _("Work order status changed")
    WORK_ORDER_CLOSED = "workorder.closed", _("Work order closed")
    FOLLOW_UP = "workorder.follow_up", _("Follow-up after closing")


FLIP_FLOP_HOURS_MAX = 168
FOLLOW_UP_DAYS_MAX = 365


class RegionNotifications(models.Model):
    """A region's client notification settings: on or off as a whole, the Reply-To of its e-mail,
    the address its links start with, and the window that keeps a flapping status quiet. The
    events are NotificationRule rows."""

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="notifications"
    )
    active = models.BooleanField(
        _("send client notifications"),
        default=False,
        help_text=_("Nothing is sent to this region's customers while this is off, whatever the events say."),
    )
    reply_to = models.CharField(
        _("Reply-To address"),
        max_length=254,
        blank=True,
        help_text=_("Where customers' answers to the e-mail go, e.g. the branch's service desk."),
    )
    portal_url = models.URLField(
        _("portal / tracking address"),
        max_length=300,
        blank=True,
        help_text=_(
            "Leave empty to use the site's address. When set, it is the {{ portal_link }} placeholder "
            "and the tracking links in this region's messages start with it."
        ),
    )
    flip_flop_hours = models.PositiveSmallIntegerField(
        _("quiet window for repeated statuses (hours)"),
        default=12,
        validators=[MaxValueValidator(FLIP_FLOP_HOURS_MAX)],
        help_text=_(
            "A status that comes back within this many hours is not notified again. 0: every change "
            "is notified."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("client notification settings")
        verbose_name_plural = _("client notification settings")
        ordering = ["region__name"]

    def __str__(self) -> str:
        return str(self.region)

    def clean(self) -> None:
        errors = {}
        if self.reply_to:
            try:
                self.reply_to = normalise_email(self.reply_to)
            except ValidationError as error:
                errors["reply_to"] = error
        self.portal_url = (self.portal_url or "").strip()
        scheme = self.portal_url.partition("://")[0].lower() if "://" in self.portal_url else ""
        if scheme and scheme not in ("https", "http"):  # anything else is not a URL at all (field check)
            errors["portal_url"] = ValidationError(_("Enter an address that starts with https://."))
        if errors:
            raise ValidationError(errors)


class NotificationRule(models.Model):
    """One event of a region's client notifications: on or off, its settings, and optionally the
    region's own wording (empty: the shop's templates of that kind are used)."""

    region_notifications = models.ForeignKey(
        RegionNotifications, on_delete=models.CASCADE, related_name="rules"
    )
    event = models.CharField(_("event"), max_length=60, choices=Event.choices)
    active = models.BooleanField(_("active"), default=False)
    statuses = models.ManyToManyField(
        Status,
        verbose_name=_("statuses that are notified"),
        blank=True,
        related_name="+",
        help_text=_("Only a change to one of these statuses sends a message."),
    )
    attach_report = models.BooleanField(
        _("attach the work-order report (PDF)"),
        default=False,
        help_text=_("E-mail only; a text message cannot carry a file."),
    )
    follow_up_days = models.PositiveSmallIntegerField(
        _("days after closing"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(FOLLOW_UP_DAYS_MAX)],
    )
    subject_en = models.CharField(_("e-mail subject (English)"), max_length=300, blank=True)
    body_en = models.TextField(_("e-mail text (English)"), blank=True)
    sms_en = models.TextField(_("text message (English)"), blank=True)
    subject_de = models.CharField(_("e-mail subject (German)"), max_length=300, blank=True)
    body_de = models.TextField(_("e-mail text (German)"), blank=True)
    sms_de = models.TextField(_("text message (German)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("client notification rule")
        verbose_name_plural = _("client notification rules")
        ordering = ["region_notifications", "event"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_notifications", "event"], name="one_rule_per_region_and_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_notifications} · {self.get_event_display()}"

    def own_wording(self, channel: str, language: str) -> tuple[str, str] | None:
        """(subject, body) of the region's own wording for a channel and language, or None."""
        language = "de" if language == "de" else "en"
        if channel == Channel.SMS:
            body = getattr(self, f"sms_{language}").strip()
            return ("", body) if body else None
        subject, body = (
            getattr(self, f"subject_{language}").strip(),
            getattr(self, f"body_{language}").strip(),
        )
        return (subject, body) if body else None


class NotificationDecision(models.Model):
    """Why a client notification was or was not sent, once per event that happened: the message
    that was queued (its state shows how delivery went) or the first reason it was not."""

    key = models.CharField(max_length=200, unique=True)
    event = models.CharField(_("event"), max_length=60, choices=Event.choices)
    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="notification_decisions"
    )
    service_request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notification_decisions",
    )
    status = models.ForeignKey(Status, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="notification_decisions"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification decision")
        verbose_name_plural = _("notification decisions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["work_order", "event", "-created_at"]),
            models.Index(fields=["service_request", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {'message ' + str(self.message_id) if self.message_id else self.reason}"


# ----------------------------------------------------------------------------- staff alerts


class StaffAlertEvent(models.TextChoices):
    """What a customer did that a member of staff may want an e-mail about (messaging/staff_alerts.py).
    Each event is sent as the message kind "staff_alert.<value>" (kinds.py)."""

    BOOKING_REQUESTED = "booking_requested", _("New booking request")
    BOOKING_ANSWERED = "booking_answered", _("Customer accepted a suggested time or proposed other times")
    BOOKING_WITHDRAWN = "booking_withdrawn", _("Booking request withdrawn by the customer")
    ESTIMATE_DECIDED = "estimate_decided", _("Estimate approved or declined")
    ESTIMATE_DISPUTED = (
        "estimate_disputed",
        _("Estimate disputed, or a new note from the customer in a dispute"),
    )
    CONTACT_CHANGED = "contact_changed", _("Contact details changed by the customer")
    INVOICE_AUTHORISED = "invoice_authorised", _("Invoice authorised by the customer")
    INVOICE_DISPUTED = "invoice_disputed", _("Invoice disputed by the customer")
    INSPECTION_ANSWERED = "inspection_answered", _("Inspection answered by the customer")
    QUESTION_ASKED = "question_asked", _("Question from a customer")


class StaffAlertSubscription(models.Model):
    """One staff member wants e-mails about one event. A row per (user, event) rather than a list on
    the user: the listener asks "who wants this event" with one indexed query, and shop's User (a
    domain model) stays free of messaging's concerns."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_alert_subscriptions"
    )
    event = models.CharField(_("event"), max_length=40, choices=StaffAlertEvent.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("staff alert")
        verbose_name_plural = _("staff alerts")
        ordering = ["user_id", "event"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="staff_alert_once_per_user_and_event")
        ]
        indexes = [models.Index(fields=["event"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}"


class StaffAlertLanguage(models.Model):
    """The language a staff member's alerts are written in; without a row, the shop's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_alert_language",
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("staff alert language")
        verbose_name_plural = _("staff alert languages")

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"
