"""Estimates: a work order's estimate, its working draft (jobs and their parts), the frozen versions
sent to the customer, the customer's decision per job, the dispute thread, the secret approval links
and the work required that approved jobs become.

State changes only through the estimates/services/ package; the allowed state changes are in
estimates/machine.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import CustomerAccount
from fixloop.repairs.models import FINISHED_PHASES, Attachment, Status, WorkOrder
from fixloop.shop.models import VatRate

MONEY = {"max_digits": 12, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are append-only.")


class AppendOnly(models.Model):
    """A record of what was sent or decided: written once, never changed, never deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only.")


class Estimate(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING = "awaiting", _("Awaiting the customer's decision")
        APPROVED = "approved", _("Approved")
        PARTLY_APPROVED = "partly_approved", _("Partly approved")
        DECLINED = "declined", _("Declined")
        DISPUTED = "disputed", _("In dispute")

    work_order = models.OneToOneField(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="estimate"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    valid_until = models.DateField(_("valid until"))
    note = models.TextField(
        _("note for the customer"), blank=True, help_text=_("Shown on the estimate, e.g. what was found.")
    )
    current_version = models.ForeignKey(
        "EstimateVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispute_acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-updated_at"]),
            # the service board's "estimates in progress", newest first; the work order is in the
            # index so the column's count needs no visit to the table
            models.Index(
                fields=["-updated_at", "-id"],
                include=["work_order"],
                condition=Q(state__in=["draft", "awaiting", "disputed"]),
                name="estimate_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} estimate"


class Job(models.Model):
    """A labour line of the working draft: hours × rate or a fixed price. Its id is the job's key in
    every version, so a decision can be carried from one version to the next."""

    class Pricing(models.TextChoices):
        HOURLY = "hourly", _("Hours × rate")
        FIXED = "fixed", _("Fixed price")

    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="jobs")
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    pricing = models.CharField(_("pricing"), max_length=10, choices=Pricing.choices, default=Pricing.HOURLY)
    hours = models.DecimalField(
        _("hours"), max_digits=7, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    hourly_rate = models.DecimalField(
        _("rate per hour"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    fixed_price = models.DecimalField(
        _("fixed price"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    vat_rate = models.ForeignKey(
        VatRate, verbose_name=_("VAT rate"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class Part(models.Model):
    """A part of the working draft; it always belongs to a job."""

    job = models.ForeignKey(Job, verbose_name=_("job"), on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveIntegerField(default=0)
    part_number = models.CharField(_("part number"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3, validators=NOT_NEGATIVE)
    unit_price = models.DecimalField(_("unit price"), validators=NOT_NEGATIVE, **MONEY)
    vat_rate = models.ForeignKey(
        VatRate, verbose_name=_("VAT rate"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.part_number} {self.description}".strip()


class EstimateVersion(AppendOnly):
    """What the customer was sent: a frozen snapshot of the draft and the SHA-256 of its content."""

    estimate = models.ForeignKey(Estimate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    net = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    gross = models.DecimalField(**MONEY)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("estimate version")
        verbose_name_plural = _("estimate versions")
        ordering = ["estimate", "number"]
        constraints = [
            models.UniqueConstraint(fields=["estimate", "number"], name="estimate_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.estimate_id} v{self.number}"

    @property
    def jobs(self) -> list[dict]:
        return self.content["jobs"]


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    DISPUTED = "disputed", _("Disputed")


class DisputeSubject(models.TextChoices):
    LABOUR = "labour", _("Labour")
    PARTS = "parts", _("Parts")
    BOTH = "both", _("Labour and parts")


class DecisionChannel(models.TextChoices):
    ONLINE = "online", _("Online, by the customer")
    PHONE = "phone", _("By phone")
    FAX = "fax", _("By fax")
    EMAIL = "email", _("By e-mail")
    IN_PERSON = "in_person", _("In person")
    CARRIED_OVER = "carried_over", _("Unchanged from an earlier version")


class JobDecision(AppendOnly):
    """The customer's decision on one job of one version, with who recorded it, how and from where."""

    version = models.ForeignKey(EstimateVersion, on_delete=models.PROTECT, related_name="decisions")
    job_key = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    dispute_subject = models.CharField(max_length=10, choices=DisputeSubject.choices, blank=True)
    note = models.TextField(blank=True)
    channel = models.CharField(max_length=15, choices=DecisionChannel.choices)
    signed_name = models.CharField(
        max_length=200, blank=True, help_text="The name the customer typed, or the contact staff spoke to."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carried_over_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "job_key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "job_key"], name="one_decision_per_job_and_version")
        ]

    def __str__(self) -> str:
        return f"{self.version} job {self.job_key}: {self.decision}"


class DisputeMessage(AppendOnly):
    """One note in an estimate's dispute thread, from the customer or from staff."""

    class Side(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        STAFF = "staff", _("Shop")

    estimate = models.ForeignKey(Estimate, on_delete=models.PROTECT, related_name="dispute_messages")
    version = models.ForeignKey(EstimateVersion, on_delete=models.PROTECT, related_name="+")
    job_key = models.PositiveIntegerField(null=True, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    author_name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    photo = models.ForeignKey(Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.estimate_id} {self.side} {self.created_at:%Y-%m-%d %H:%M}"


class ApprovalLinkQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApprovalLink(models.Model):
    """A secret link for a customer to decide: on one estimate, or on every estimate awaiting their
    decision (batch approval, `customer` set). Tokens: fixloop/core/tokens.py."""

    estimate = models.ForeignKey(
        Estimate, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    customer = models.ForeignKey(
        CustomerAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="approval_links"
    )
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApprovalLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimate__isnull=False, customer__isnull=True)
                | models.Q(estimate__isnull=True, customer__isnull=False),
                name="approval_link_for_an_estimate_or_an_account",
            )
        ]

    def __str__(self) -> str:
        return f"approval link {self.pk}"


class RequiredWork(models.Model):
    """An approved job: work the customer authorised, for the service board and the technicians.
    Replaced (cancelled_at set, a new row written) when a later version changes what is approved."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="required_work")
    version = models.ForeignKey(EstimateVersion, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(JobDecision, on_delete=models.PROTECT, related_name="+")
    job_key = models.PositiveIntegerField()
    job_hash = models.CharField(max_length=64)
    description = models.CharField(max_length=300)
    hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    parts = models.JSONField(default=list)
    gross = models.DecimalField(**MONEY)
    approved_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("work required")
        verbose_name_plural = _("work required")
        ordering = ["work_order", "approved_at", "job_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order", "job_key"],
                condition=models.Q(cancelled_at__isnull=True),
                name="one_current_required_work_per_job",
            )
        ]

    def __str__(self) -> str:
        return self.description


def usable_statuses() -> models.Q:
    # A status the normal status change accepts: in use and not finishing the work order.
    return models.Q(active=True) & ~models.Q(phase__in=FINISHED_PHASES)


class StatusMoves(models.Model):
    """The shop's choice of the workflow status a work order moves to when something happens to its
    estimate (estimates/services/status_moves.py). One row (pk=1); an empty choice, and a shop
    without the row, means no move."""

    when_sent = models.ForeignKey(
        Status,
        verbose_name=_("when an estimate is sent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=usable_statuses,
        help_text=_("E.g. “Waiting for approval”."),
    )
    when_approved = models.ForeignKey(
        Status,
        verbose_name=_("when every job is approved"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=usable_statuses,
    )
    when_partly_approved = models.ForeignKey(
        Status,
        verbose_name=_("when some jobs are approved and others declined"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=usable_statuses,
    )
    when_declined = models.ForeignKey(
        Status,
        verbose_name=_("when every job is declined"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=usable_statuses,
    )
    when_disputed = models.ForeignKey(
        Status,
        verbose_name=_("when the customer disputes the estimate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=usable_statuses,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("automatic status changes")
        verbose_name_plural = _("automatic status changes")

    def __str__(self) -> str:
        return str(_("Automatic status changes on estimate events"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def get(cls) -> "StatusMoves":
        """The shop's choices (an unsaved row with none when the shop has made none)."""
        return cls.objects.select_related(*STATUS_MOVE_FIELDS.values()).filter(pk=1).first() or cls(pk=1)

    def status_for(self, state: str) -> Status | None:
        """The status to move to when the estimate reaches `state` (AWAITING: it was sent)."""
        field = STATUS_MOVE_FIELDS.get(state)
        return getattr(self, field) if field else None


# The estimate's state after the event -> the field naming the status it moves the work order to.
STATUS_MOVE_FIELDS = {
    Estimate.State.AWAITING: "when_sent",
    Estimate.State.APPROVED: "when_approved",
    Estimate.State.PARTLY_APPROVED: "when_partly_approved",
    Estimate.State.DECLINED: "when_declined",
    Estimate.State.DISPUTED: "when_disputed",
}
