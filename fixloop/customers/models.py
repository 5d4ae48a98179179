"""Customer accounts, their contact points and their units (devices, vehicles, equipment)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Replace, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.core.contact import normalise_email, normalise_phone
from fixloop.core.text import clean_text, invisible
from fixloop.shop.models import LANGUAGE_CHOICES, ProductGroup, Region, ShopProfile, validate_country


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class CustomerAccount(models.Model):
    number = models.CharField(_("customer number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=160)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customers",
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="en")
    head_office = models.ForeignKey(
        "self",
        verbose_name=_("head office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        help_text=_("The account that groups this one with others, if any."),
    )
    address_line = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[validate_country])
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    mobile = models.CharField(
        _("mobile"), max_length=20, blank=True, help_text=_("Stored as +4915112345678.")
    )
    fax = models.CharField(_("fax"), max_length=20, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    notifications_enabled = models.BooleanField(_("send notifications"), default=True)
    sms_consent_at = models.DateTimeField(_("text message consent given"), null=True, blank=True)
    invoices_need_authorisation = models.BooleanField(
        _("invoices need the customer's authorisation"),
        default=False,
        help_text=_(
            "Staff submit an invoice and the customer authorises it in the portal before it becomes final "
            "(fleets, insurers)."
        ),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        indexes = [models.Index(fields=["postal_code"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def is_head_office(self) -> bool:
        return self.branches.exists()

    # Text fields tidied before they are checked: made only of invisible characters, they are empty.
    TIDIED_FIELDS = ("name", "contact_name", "address_line", "city")

    def clean_fields(self, exclude=None) -> None:
        for field in self.TIDIED_FIELDS:
            setattr(self, field, clean_text(getattr(self, field), single_line=True))
        super().clean_fields(exclude)

    def clean(self) -> None:
        """Normalise the contact points; an invalid one is refused with a message on its field."""
        errors: dict[str, ValidationError] = {}
        self.country = (self.country or "").upper()
        self.postal_code = normalise_postal_code(self.postal_code)
        if self.postal_code and not valid_postal_code(self.postal_code):
            errors["postal_code"] = ValidationError(
                _("A postal code has only letters, digits, spaces and hyphens, at most %(limit)d of them.")
                % {"limit": POSTAL_CODE_MAX_LENGTH}
            )
        default_country = self.country or ShopProfile.get().country
        try:
            self.email = normalise_email(self.email)
        except ValidationError as error:
            errors["email"] = error
        for field, mobile in (("mobile", True), ("fax", False)):
            try:
                setattr(self, field, normalise_phone(getattr(self, field), default_country, mobile=mobile))
            except ValidationError as error:
                errors[field] = error
        if self.head_office_id:
            if self.head_office_id == self.pk:
                errors["head_office"] = ValidationError(_("An account cannot be its own head office."))
            elif self.head_office.head_office_id:
                errors["head_office"] = ValidationError(
                    _("%(name)s belongs to a head office itself; choose the head office.")
                    % {"name": self.head_office.name}
                )
            elif self.pk and self.branches.exists():
                errors["head_office"] = ValidationError(
                    _("This account is a head office for other accounts, so it cannot belong to one.")
                )
        if self.preferred_channel == Channel.SMS and not self.mobile and "mobile" not in errors:
            errors["mobile"] = ValidationError(
                _("Text messages were chosen as the channel; enter a mobile number.")
            )
        if errors:
            raise ValidationError(errors)


POSTAL_CODE_MAX_LENGTH = 10
POSTAL_CODE_PATTERN = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")


def normalise_postal_code(value: str) -> str:
    """Postal codes compare without spaces (and other invisible characters) and case: 'sw1a 1aa' and
    'SW1A1AA' are the same."""
    return "".join(c for c in (value or "") if not invisible(c)).upper()


def valid_postal_code(code: str) -> bool:
    """A normalised postal code: ASCII letters and digits, single hyphens between them, bounded."""
    return len(code) <= POSTAL_CODE_MAX_LENGTH and bool(POSTAL_CODE_PATTERN.fullmatch(code))


IDENTIFIER_IGNORED = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def identifier_key(text: str) -> str:
    """A serial number, VIN or plate as the search compares it: capitals, without spaces or dashes
    ('b-ab 123' and 'BAB123' are the same plate). The same as the units' *_key columns."""
    return IDENTIFIER_IGNORED.sub("", text or "").upper()


def _key_of(field: str):
    # What identifier_key() does, in SQL: the generated column the search's prefix index is on.
    expression = models.F(field)
    for ignored in (" ", "-"):
        expression = Replace(expression, models.Value(ignored), models.Value(""))
    return models.GeneratedField(
        expression=Upper(expression), output_field=models.CharField(max_length=60), db_persist=True
    )


class Unit(models.Model):
    """A device, vehicle or piece of equipment a customer brings in."""

    class Kind(models.TextChoices):
        DEVICE = "device", _("Device")
        VEHICLE = "vehicle", _("Vehicle")
        EQUIPMENT = "equipment", _("Equipment")

    customer = models.ForeignKey(
        CustomerAccount, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DEVICE)
    make = models.CharField(_("make"), max_length=80)
    model = models.CharField(_("model"), max_length=80, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    # Room for a VIN typed with spaces; clean() removes them and checks the 17 characters.
    vin = models.CharField(_("VIN"), max_length=24, blank=True)
    plate = models.CharField(_("licence plate"), max_length=16, blank=True)
    product_group = models.ForeignKey(
        ProductGroup, verbose_name=_("product group"), on_delete=models.PROTECT, null=True, blank=True
    )
    # Written by the database (see identifier_key): the search finds units by their start.
    serial_key = _key_of("serial_number")
    vin_key = _key_of("vin")
    plate_key = _key_of("plate")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["make", "model"]
        indexes = [
            models.Index(fields=["serial_number"]),
            models.Index(fields=["vin"]),
            models.Index(fields=["plate"]),
            # Pattern operators: the prefix search (LIKE 'KEY%') uses them in any collation.
            models.Index(fields=["serial_key"], name="unit_serial_key", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["vin_key"], name="unit_vin_key", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["plate_key"], name="unit_plate_key", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        identifier = self.plate or self.vin or self.serial_number
        name = f"{self.make} {self.model}".strip()
        return f"{name} · {identifier}" if identifier else name

    def clean(self) -> None:
        errors = {}
        self.serial_number = self.serial_number.strip()
        self.vin = self.vin.replace(" ", "").upper()
        self.plate = re.sub(r"\s+", " ", self.plate).strip().upper()
        if self.vin and not re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", self.vin):
            errors["vin"] = ValidationError(_("A VIN has 17 letters and digits, without I, O or Q."))
        if self.kind == self.Kind.VEHICLE and not (self.vin or self.plate):
            errors["plate"] = ValidationError(_("Enter the licence plate or the VIN of the vehicle."))
        if errors:
            raise ValidationError(errors)


class PortalMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)


class PortalMembership(models.Model):
    """A person's access to one customer account in the customer portal. Revoking keeps the row: staff
    see who had access, who gave it and who ended it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_memberships"
    )
    customer = models.ForeignKey(
        CustomerAccount,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="portal_memberships",
    )
    created_at = models.DateTimeField(_("access since"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("access revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PortalMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("portal access")
        verbose_name_plural = _("portal access")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "customer"],
                condition=models.Q(revoked_at=None),
                name="one_active_portal_membership_per_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.customer}"


class PortalInvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class PortalInvitation(models.Model):
    """An e-mailed, single-use link that gives one person access to a customer account. Only the
    token's hash is stored (fixloop.core.tokens)."""

    customer = models.ForeignKey(CustomerAccount, on_delete=models.PROTECT, related_name="portal_invitations")
    email = models.CharField(_("e-mail"), max_length=254)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="en")
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PortalInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.customer}"


class ContactChange(models.Model):
    """A customer's e-mail address or mobile number changed by the customer (on a tracking page or
    signed in to the portal). The old address is told, with a single-use link (valid
    ContactChange.VALID_DAYS days; only the token's hash is stored, fixloop.core.tokens) to report
    "this wasn't me", which puts the old details back."""

    VALID_DAYS = 14

    customer = models.ForeignKey(CustomerAccount, on_delete=models.PROTECT, related_name="contact_changes")
    changes = models.JSONField(default=dict)  # {field: [old, new]}, as the change made them
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact change")
        verbose_name_plural = _("contact changes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.customer} {self.created_at:%Y-%m-%d %H:%M}"
