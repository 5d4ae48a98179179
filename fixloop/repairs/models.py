"""Work orders, their workflow statuses, timeline and files, and customers' service requests."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fixloop.core.models import ActorRecord
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.shop.models import LANGUAGE_CHOICES, Location


class Phase(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_FOR_CUSTOMER = "waiting_customer", _("Waiting for customer")
    WAITING_FOR_PARTS = "waiting_parts", _("Waiting for parts")
    READY = "ready", _("Ready")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED_PHASES = (Phase.CLOSED, Phase.CANCELLED)


class Status(models.Model):
    """A step of the shop's workflow. Statuses are configuration: the shop names and orders them
    and chooses which ones customers see."""

    name_en = models.CharField(_("name (English)"), max_length=80)
    name_de = models.CharField(_("name (German)"), max_length=80)
    # What customers read (tracking page, portal, messages, PDFs), e.g. "Waiting for your approval"
    # where staff read "Waiting for approval"; empty: the staff name.
    customer_name_en = models.CharField(_("name for customers (English)"), max_length=80, blank=True)
    customer_name_de = models.CharField(_("name for customers (German)"), max_length=80, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    visible_to_customers = models.BooleanField(_("visible to customers"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("workflow status")
        verbose_name_plural = _("workflow statuses")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="status_name_en_unique")]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The staff name, in `language` (default: the active one)."""
        language = (language or get_language() or "en")[:2]
        return self.name_de if language == "de" and self.name_de else self.name_en

    def customer_name(self, language: str | None = None) -> str:
        """The name customers read, in `language`; the staff name where the shop gave none."""
        language = (language or get_language() or "en")[:2]
        own = self.customer_name_de if language == "de" else self.customer_name_en
        return own or self.name(language)

    @property
    def is_finished(self) -> bool:
        return self.phase in FINISHED_PHASES


class WorkOrderQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def with_related(self):
        return self.select_related("customer", "unit", "location", "status", "technician")

    def search(self, text: str):
        """Work orders whose number, customer (name or number), or unit serial number, VIN or
        plate match; numbers and identifiers by their start, names anywhere."""
        text = " ".join((text or "").split())
        if not text:
            return self
        compact = text.replace(" ", "").upper()
        return self.filter(
            models.Q(number__istartswith=text)
            | models.Q(customer__number__iexact=text)
            | models.Q(customer__name__icontains=text)
            | models.Q(unit__serial_number__istartswith=text)
            | models.Q(unit__vin__startswith=compact)
            | models.Q(unit__plate__istartswith=text)
        )


class WorkOrder(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        CustomerAccount, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="work_orders"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="work_orders"
    )
    status = models.ForeignKey(
        Status, verbose_name=_("status"), on_delete=models.PROTECT, related_name="work_orders"
    )
    problem_description = models.TextField(_("problem description"))
    promised_date = models.DateField(_("promised date"), null=True, blank=True)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_work_orders",
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-opened_at", "-id"]
        permissions = [("change_workorder_status", "Can change the status of a work order")]
        indexes = [
            models.Index(fields=["status", "-opened_at"]),
            models.Index(fields=["location", "-opened_at"]),
            models.Index(fields=["technician", "-opened_at"]),
            models.Index(fields=["customer", "-opened_at"]),
            # The open work orders are a few percent of all: the service board reads them by status
            # (newest change first), location and technician, oldest first and joined by id with their
            # status, location and technician at hand (index-only scans, PostgreSQL), without touching
            # the closed ones.
            models.Index(
                fields=["opened_at", "id", "status", "location", "technician"],
                name="open_work_order",
                condition=models.Q(closed_at__isnull=True),
            ),
            models.Index(
                fields=["status", "-updated_at"],
                name="open_work_order_status",
                condition=models.Q(closed_at__isnull=True),
            ),
            models.Index(
                fields=["location", "status"],
                name="open_work_order_location",
                condition=models.Q(closed_at__isnull=True),
            ),
            models.Index(
                fields=["technician", "status"],
                name="open_work_order_technician",
                condition=models.Q(closed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class NumberSequence(models.Model):
    """The last number handed out per prefix (e.g. one per year), taken under a row lock so two
    clerks never get the same work-order number."""

    prefix = models.CharField(max_length=20, primary_key=True)
    last_value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}{self.last_value}"


class TimelineEntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)

    def update(self, **kwargs):
        raise TypeError("Timeline entries are append-only.")

    def delete(self):
        raise TypeError("Timeline entries are append-only.")


class TimelineEntry(ActorRecord):
    """One thing that happened to a work order, and who did it (ActorRecord). Append-only: never
    changed, never deleted."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        STATUS = "status", _("Status changed")
        COMMENT = "comment", _("Comment")
        FILE = "file", _("File")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        UPDATED = "updated", _("Details changed")
        SYSTEM = "system", _("System event")
        TRACKING = "tracking", _("Tracking link")
        CONTACT = "contact", _("Contact details corrected by the customer")
        QUESTION = "question", _("Question from the customer")
        ESTIMATE = "estimate", _("Estimate")
        INVOICE = "invoice", _("Invoice")
        INSPECTION = "inspection", _("Inspection")

    # The event of a contact entry that undid a change the customer reported as not theirs.
    REPORTED_NOT_THEIRS = "reported_not_theirs"

    # The kinds that give the work order a status (its data names it: see status_to_id).
    STATUS_KINDS = frozenset({Kind.OPENED, Kind.STATUS, Kind.CLOSED, Kind.REOPENED})

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    public = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    attachment = models.ForeignKey(
        "Attachment", on_delete=models.PROTECT, null=True, blank=True, related_name="timeline_entries"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TimelineEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["work_order", "created_at"])]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Timeline entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Timeline entries are append-only.")

    # What `data` holds, by kind: opened {"status": id}; status change, close and reopen {"from": id,
    # "to": id}; update and contact correction {field: [old, new]} (a contact change undone also
    # {"event": REPORTED_NOT_THEIRS}); system, tracking-link and estimate entries {"event": …, …}.
    # Facts only: the back office words them in the reader's language (backoffice/timeline.py).

    @property
    def status_to_id(self) -> int | None:
        """The id of the status the work order got with this entry; None for kinds that set none."""
        if self.kind not in self.STATUS_KINDS:
            return None
        data = self.data or {}
        return data.get("to") or data.get("status")

    @property
    def status_from_id(self) -> int | None:
        """The id of the status the work order had before this entry (None when opened)."""
        if self.kind not in self.STATUS_KINDS:
            return None
        return (self.data or {}).get("from")

    @property
    def changed_fields(self) -> dict[str, list]:
        """{field: [old, new]} of an update or a customer's contact correction, else {}."""
        if self.kind not in (self.Kind.UPDATED, self.Kind.CONTACT):
            return {}
        return {field: values for field, values in (self.data or {}).items() if field != "event"}

    @property
    def event(self) -> str:
        """What a system, tracking-link or estimate entry records (e.g. "issued"), else ""."""
        return (self.data or {}).get("event", "")


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is random: the customer's file name is kept only as data (original_name).
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class Attachment(models.Model):
    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    public = models.BooleanField(_("visible to the customer"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ServiceRequest(models.Model):
    """A customer's request for service, and booking request: the customer names the problem and one
    or more times, the shop and the customer agree on one, and confirming opens a work order.

    The negotiation (times offered, history, photos, e-mail confirmation) is fixloop/bookings, whose
    services change booking requests; confirming and declining end in repairs.services'
    accept_service_request / reject_service_request. The state values of the first version (pending,
    accepted, rejected) are kept."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail address not yet confirmed")
        PENDING = "pending", _("Waiting for a decision")
        WAITING_CUSTOMER = "waiting_customer", _("Waiting for the customer")
        WAITING_SHOP = "waiting_shop", _("Waiting for the shop")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Customer portal")
        PUBLIC = "public", _("Public request form")
        STAFF = "staff", _("Entered by staff")

    # Empty only while a request from the public form waits for its e-mail confirmation.
    customer = models.ForeignKey(
        CustomerAccount,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True)
    unit_description = models.CharField(
        _("device or vehicle"), max_length=200, blank=True, help_text=_("As the customer described it.")
    )
    problem_description = models.TextField(_("problem description"))
    # The location the customer chose (and whose time zone, opening hours and capacity the slots use).
    preferred_location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, null=True, blank=True
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    source = models.CharField(
        _("received through"), max_length=10, choices=Source.choices, default=Source.STAFF
    )
    requester_name = models.CharField(_("name"), max_length=160, blank=True)
    requester_email = models.CharField(_("e-mail"), max_length=254, blank=True)
    requester_phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, blank=True)
    # Raised by every change: a form carries the version it was shown, and a change made meanwhile
    # by the other side turns the second submit into "this request changed meanwhile".
    version = models.PositiveIntegerField(default=1)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    work_order = models.OneToOneField(
        WorkOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="service_request"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True)
    submitted_user_agent = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["customer", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False) | models.Q(state="unconfirmed"),
                name="service_request_has_customer_once_confirmed",
            )
        ]

    def __str__(self) -> str:
        name = self.customer.name if self.customer_id else self.requester_name
        return f"{name}: {self.problem_description[:40]}"


class TrackingLinkQuerySet(models.QuerySet):
    def current(self):
        """Links not revoked: a work order has at most one."""
        return self.filter(revoked_at__isnull=True)


class TrackingLink(models.Model):
    """The secret link to a work order's track & trace page.

    The token is HMAC-SHA256(SECRET_KEY, nonce): staff can see it again and messages can carry it,
    but the database holds only the nonce and the token's SHA-256, so a copy of the database alone
    opens no page. Tokens and validity are in repairs/tracking.py, the state changes in
    repairs/services/tracking_links.py.
    """

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="tracking_links")
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Empty: valid until the shop's number of days after the work order closes."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TrackingLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("tracking link")
        verbose_name_plural = _("tracking links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_current_tracking_link_per_work_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} link {self.pk}"


class CustomerNote(models.Model):
    """Something a customer sent through the tracking page (a question, corrected contact details)
    that staff have to read. The content is the timeline entry."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="customer_notes")
    entry = models.OneToOneField(TimelineEntry, on_delete=models.PROTECT, related_name="customer_note")
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Staff mark a remark the technician should read ("the left hinge was already loose"); the
    # technician's view shows it with the job.
    visible_to_technician = models.BooleanField(_("visible to technician"), default=False)

    class Meta:
        verbose_name = _("customer message")
        verbose_name_plural = _("customer messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.entry.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class TimeEntry(models.Model):
    """A stretch of time a technician was clocked on a work order. An open entry (no end yet) means the
    technician is on the job now; repairs/services/clock.py opens and closes them."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="time_entries")
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    started_at = models.DateTimeField(_("clocked on"))
    ended_at = models.DateTimeField(_("clocked off"), null=True, blank=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["technician", "ended_at"]),
            models.Index(fields=["work_order", "started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="time_entry_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.technician_id} {self.started_at:%Y-%m-%d %H:%M}"


class WorkshopSettings(models.Model):
    """How work flows through the workshop. One row (pk=1), created on first save; without it the
    shop has no "ready" status and the technician cannot mark a unit ready."""

    ready_status = models.ForeignKey(
        Status,
        verbose_name=_("status when the unit is ready"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The technician's “Unit ready” sets this status; client notifications go out as for any "
            "status change, and the work order can then be invoiced."
        ),
    )

    class Meta:
        verbose_name = _("workshop settings")
        verbose_name_plural = _("workshop settings")

    def __str__(self) -> str:
        return str(_("Workshop settings"))

    @classmethod
    def current(cls) -> "WorkshopSettings":
        return cls.objects.filter(pk=1).select_related("ready_status").first() or cls(pk=1)
