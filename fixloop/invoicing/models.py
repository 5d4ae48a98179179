"""Invoicing: invoices and credit notes (one model, `kind` tells them apart), their lines, the
gapless number series per location, year and kind, the revisions a customer was asked to authorise,
their authorisation and the dispute thread.

State changes only through the invoicing/services/ package; the allowed state changes are in
invoicing/machine.py.

Why one model for invoices and credit notes: a credit note has the same lines, VAT per rate,
totals, PDF, sending and report as an invoice; it differs only in its number series, its sign and
the invoice it corrects (`credits`). Its amounts are stored negative, so the period report adds
documents up and credit notes subtract by themselves.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import CustomerAccount
from fixloop.estimates.models import AppendOnly, RequiredWork
from fixloop.inspections.models import InspectionItem
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import Location, VatRate

MONEY = {"max_digits": 12, "decimal_places": 2}


class Invoice(models.Model):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for the customer's authorisation")
        DISPUTED = "disputed", _("Disputed by the customer")
        FINAL = "final", _("Final")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    work_order = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="invoices"
    )
    customer = models.ForeignKey(
        CustomerAccount, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="invoices"
    )
    credits = models.ForeignKey(
        "self",
        verbose_name=_("corrects invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
    number = models.CharField(_("number"), max_length=40, null=True, blank=True, unique=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    language = models.CharField(_("language"), max_length=5)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why the credit note was issued."))
    revision = models.PositiveIntegerField(
        default=0, help_text="The revision the customer was last asked to authorise (0: never submitted)."
    )
    issue_date = models.DateField(_("invoice date"), null=True, blank=True)
    net = models.DecimalField(_("net"), default=Decimal("0.00"), **MONEY)
    vat = models.DecimalField(_("VAT"), default=Decimal("0.00"), **MONEY)
    gross = models.DecimalField(_("gross"), default=Decimal("0.00"), **MONEY)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-created_at"]),
            models.Index(fields=["location", "issue_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="final", number__isnull=False)
                | (~models.Q(state="final") & models.Q(number__isnull=True)),
                name="invoice_number_exactly_when_final",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credits__isnull=True)
                | models.Q(kind="credit_note", credits__isnull=False),
                name="credit_note_references_an_invoice",
            ),
            models.UniqueConstraint(
                fields=["work_order"],
                condition=models.Q(kind="invoice", state__in=["draft", "submitted", "disputed"]),
                name="one_open_invoice_per_work_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL


class InvoiceLine(models.Model):
    """A line of an invoice or credit note. Its amounts are computed by the services with the one
    rounding function (estimates/money.py) and stored; the VAT percentage is kept beside the rate so a
    later change of the location's rates never changes an issued document."""

    class Kind(models.TextChoices):
        LABOUR = "labour", _("Labour")
        PART = "part", _("Part")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    part_number = models.CharField(_("part number"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    vat_rate = models.ForeignKey(
        VatRate, verbose_name=_("VAT rate"), on_delete=models.PROTECT, related_name="+"
    )
    vat_percent = models.DecimalField(max_digits=5, decimal_places=2)
    net = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    gross = models.DecimalField(**MONEY)
    required_work = models.ForeignKey(
        RequiredWork, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An inspection item staff authorised (thumbs up): its labour line and its parts line.
    inspection_item = models.ForeignKey(
        InspectionItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class NumberSeries(models.Model):
    """The last number handed out in one series: per location, calendar year (in the location's time
    zone) and kind. Taken under a row lock at finalisation, inside the transaction that makes the
    document final, so the numbers are gapless and unique."""

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Invoice.Kind.choices)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "year", "kind"], name="one_series_per_location_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.year} {self.kind}: {self.last_value}"


class InvoiceRevision(AppendOnly):
    """What the customer was asked to authorise: the invoice's content frozen at submission, and its
    SHA-256. The customer can only act on the current revision."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    gross = models.DecimalField(**MONEY)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["invoice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "number"], name="invoice_revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} r{self.number}"


class Authorisation(AppendOnly):
    """The customer's authorisation of one revision: the name they typed, the tick, when, from where."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="authorisations")
    revision = models.OneToOneField(InvoiceRevision, on_delete=models.PROTECT, related_name="authorisation")
    signed_name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    authorised_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.invoice_id} authorised by {self.signed_name}"


class DisputeMessage(AppendOnly):
    """One note in an invoice's dispute thread, from the customer (a dispute, optionally of one line)
    or from staff (a reply)."""

    class Side(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        STAFF = "staff", _("Shop")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="dispute_messages")
    revision = models.ForeignKey(InvoiceRevision, on_delete=models.PROTECT, related_name="+")
    line_key = models.PositiveIntegerField(null=True, blank=True, help_text="The disputed line's id.")
    line_description = models.CharField(max_length=300, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    author_name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.side} {self.created_at:%Y-%m-%d %H:%M}"


class AuthorisationLinkQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class AuthorisationLink(models.Model):
    """A secret link for a customer to authorise or dispute one invoice submitted to them, sent in
    the message that asks them to (tokens: fixloop/core/tokens.py, services: invoicing/services/links.py).
    It opens the invoice as it is now: only its current revision can be answered."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="links")
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AuthorisationLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice authorisation link")
        verbose_name_plural = _("invoice authorisation links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invoice link {self.pk}"
