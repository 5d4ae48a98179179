"""The shop itself: its profile and branding, locations, regions, product groups and staff."""

import zoneinfo
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fixloop.core.contact import is_country_code, normalise_email, normalise_phone
from fixloop.shop.colours import ink_of, text_on
from fixloop.shop.logo import version_of

LANGUAGE_CHOICES = [("en", _("English")), ("de", _("German"))]

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #0b6e4f."))
currency_code = RegexValidator(r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code, e.g. EUR."))


def validate_country(value: str) -> None:
    if not is_country_code(value):
        raise ValidationError(_("Enter a two-letter ISO country code, e.g. DE or US."))


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Enter a time zone such as Europe/Berlin or America/New_York."))


class Role(models.TextChoices):
    """Each role is a Django group of the same name, with the permissions set in roles.py."""

    ADMINISTRATOR = "administrator", _("Administrator")
    SERVICE_ADVISOR = "service_advisor", _("Service advisor")
    TECHNICIAN = "technician", _("Technician")


class User(AbstractUser):
    """A member of staff. Customers never get a User: they reach their data through links and
    portal accounts of their own."""

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["first_name", "last_name", "username"]

    @property
    def roles(self) -> set[str]:
        return {group.name for group in self.groups.all()} | (
            {Role.ADMINISTRATOR} if self.is_superuser else set()
        )

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ShopProfile(models.Model):
    """The one shop this installation serves. There is exactly one row (pk=1)."""

    name = models.CharField(_("name"), max_length=120, default="My repair shop")
    logo = models.FileField(
        _("logo"),
        upload_to="branding/",
        blank=True,
        help_text=_(
            "PNG, JPEG or WebP, at most 1 MB and 4096 pixels on either side. Shown on a white tile at "
            "the top of every customer page and e-mail (about 40 pixels high) and as the browser's icon."
        ),
    )
    # Set by the logo's check (shop/logo.py) when it is uploaded: pages reserve its space.
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    brand_colour = models.CharField(
        _("brand colour"), max_length=7, default="#0b6e4f", validators=[hex_colour]
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        default="DE",
        validators=[validate_country],
        help_text=_(
            "Two-letter ISO code. Phone numbers without a country prefix are read as this country's."
        ),
    )
    default_language = models.CharField(
        _("default language"), max_length=5, choices=LANGUAGE_CHOICES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Berlin",
        validators=[validate_time_zone],
        help_text=_("The back office shows times in this zone; customers see their location's."),
    )
    tracking_link_days_after_close = models.PositiveSmallIntegerField(
        _("tracking links stay valid for (days after closing)"),
        default=30,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "A work order's tracking link and its look-up by number and postal code work until this "
            "many days after the work order is closed, unless staff set another expiry date."
        ),
    )
    technicians_see_prices = models.BooleanField(
        _("technicians see prices"),
        default=False,
        help_text=_("Without it, the technician's pages show jobs and parts but no amounts."),
    )
    technicians_clock_on_several_jobs = models.BooleanField(
        _("technicians may be clocked on several jobs at once"),
        default=False,
    )
    declined_work_reminder_days = models.PositiveSmallIntegerField(
        _("offer declined work again after (days)"),
        default=90,
        validators=[MaxValueValidator(730)],
        help_text=_(
            "Items of an inspection the customer declined or wanted to be contacted about are offered "
            "again by a message this many days after the answer. 0 turns the reminder off."
        ),
    )
    require_two_factor_for_administrators = models.BooleanField(
        _("require two-factor sign-in for administrators"),
        default=False,
        help_text=_(
            "Administrators must set up an authenticator app before they can use the back office; "
            "they then enter a code from it after their password at every sign-in."
        ),
    )
    CACHE_KEY = "shop-profile"

    class Meta:
        verbose_name = _("shop profile")
        verbose_name_plural = _("shop profile")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        caches["local"].delete(self.CACHE_KEY)

    def clean(self) -> None:
        self.country = (self.country or "").upper()

    @property
    def on_brand_colour(self) -> str:
        """Text on the brand colour (headers, buttons): white, or the dark ink on a light colour."""
        return text_on(self.brand_colour)

    @property
    def brand_ink_colour(self) -> str:
        """The brand colour as text (links) on the page: itself, or darkened until it reads."""
        return ink_of(self.brand_colour)

    @property
    def logo_shown(self) -> bool:
        """There is a logo that passed the upload check (shop/logo.py): pages and e-mails show it."""
        return bool(self.logo and self.logo_width and self.logo_height)

    @property
    def logo_version(self) -> str:
        return version_of(self.logo.name) if self.logo else ""

    @classmethod
    def get(cls) -> "ShopProfile":
        profile = caches["local"].get(cls.CACHE_KEY)
        if profile is None:
            profile, _created = cls.objects.get_or_create(pk=1)
            caches["local"].set(cls.CACHE_KEY, profile, 60)
        return profile


class Region(models.Model):
    """A group of customers that share notification settings (e.g. a sales territory)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A workshop or service centre where work orders are handled."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]{1,8}$", _("Use up to 8 capital letters or digits."))],
        help_text=_("Short code, e.g. BER."),
    )
    address_line = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=12)
    city = models.CharField(_("city"), max_length=80)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", validators=[currency_code])
    prices_include_vat = models.BooleanField(
        _("show customer prices incl. VAT"),
        default=True,
        help_text=_("Consumers usually see gross prices, business customers net prices."),
    )
    customers_see_inspection_prices = models.BooleanField(
        _("show prices on inspections"),
        default=True,
        help_text=_("Without it, the customer's inspection page lists the items without amounts."),
    )
    labour_billed_by_time = models.BooleanField(
        _("bill labour by clocked time"),
        default=False,
        help_text=_(
            "Invoices charge the technicians' clocked hours instead of the hours of the approved estimate."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    booking_slot_minutes = models.PositiveSmallIntegerField(
        _("length of a booking slot (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(12 * 60)],
    )
    booking_capacity = models.PositiveSmallIntegerField(
        _("bookings per slot"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_("How many customers can book the same slot. 0 turns online booking off."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        self.country = (self.country or "").upper()
        if self.email:
            try:
                self.email = normalise_email(self.email)
            except ValidationError as error:
                errors["email"] = error
        if self.phone:
            try:
                self.phone = normalise_phone(self.phone, self.country or ShopProfile.get().country)
            except ValidationError as error:
                errors["phone"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def default_vat_rate(self) -> "VatRate | None":
        return self.vat_rates.filter(is_default=True).first()


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """When a location takes customers, in its local time. A day may have several rows (a lunch
    break); a day without rows is closed. Booking slots are laid out inside these hours."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["location", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="opens_before_closes"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError({"closes": _("The closing time must come after the opening time.")})


class VatRate(models.Model):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="vat_rates")
    label = models.CharField(_("label"), max_length=40, help_text=_("e.g. Standard, Reduced"))
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["-is_default", "-rate"]
        constraints = [
            models.UniqueConstraint(fields=["location", "label"], name="vat_rate_label_unique_per_location"),
            models.UniqueConstraint(
                fields=["location"],
                condition=models.Q(is_default=True),
                name="one_default_vat_rate_per_location",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.rate.normalize()} %"


class ProductGroup(models.Model):
    """A kind of product the shop repairs (e.g. "Laptops", "E-bikes"), with a notice customers see
    on their repair's page (e.g. "Back up your data before handing in your device")."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    external_notice_en = models.TextField(_("notice for customers (English)"), blank=True)
    external_notice_de = models.TextField(_("notice for customers (German)"), blank=True)

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def external_notice(self, language: str) -> str:
        return (
            self.external_notice_de if language == "de" else self.external_notice_en
        ) or self.external_notice_en
