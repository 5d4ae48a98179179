"""The diagnostic overview (inspection) of a work order: what the technician found, priced by an
advisor, sent to the customer, answered item by item, and authorised by staff.

An inspection belongs to one work order. Its items are edited freely; sending freezes the customer-
visible items into a numbered InspectionVersion (the page the customer answers). A change after
sending bumps the item's `revision`: an answer is kept while the item's revision is the one it was
given for. Staff authorise (thumbs up) or decline (thumbs down) each item; authorised items are
work required for the technician and the invoice. Measurements are kept on the unit.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fixloop.customers.models import Unit
from fixloop.repairs.models import TimelineEntry, WorkOrder
from fixloop.shop.models import VatRate

MONEY = {"max_digits": 12, "decimal_places": 2}


class Category(models.TextChoices):
    """The four categories, in the order the customer reads them."""

    SCHEDULED = "scheduled", _("Scheduled services")
    NECESSARY = "necessary", _("Necessary repairs")
    RECOMMENDED = "recommended", _("Recommended")
    OK = "ok", _("Checked and OK")


class Rating(models.TextChoices):
    """A checklist point's traffic light, and the category an item rated so gets."""

    GREEN = "green", _("Green: checked and OK")
    YELLOW = "yellow", _("Yellow: recommended")
    RED = "red", _("Red: necessary")

    @property
    def category(self) -> str:
        return {"green": Category.OK, "yellow": Category.RECOMMENDED, "red": Category.NECESSARY}[self.value]


class Choice(models.TextChoices):
    """The customer's answer to one item."""

    REPAIR = "repair", pgettext_lazy("answer to an inspection item", "Repair")
    DECLINE = "decline", _("Don't repair")
    CONTACT = "contact", pgettext_lazy("answer to an inspection item", "Contact me")
    DISAGREE = "disagree", _("Do not agree")  # recommended items only


class Checklist(models.Model):
    """A list of points the technician works through, e.g. "Annual service, 30 points"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inspection checklist")
        verbose_name_plural = _("inspection checklists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistPoint(models.Model):
    """One point of a checklist; with a measurement name, the technician records a value too
    (tread depth in mm, battery test in %)."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("point"), max_length=200)
    measurement = models.CharField(
        _("measurement"), max_length=80, blank=True, help_text=_("e.g. Tread depth front left")
    )
    measurement_unit = models.CharField(_("unit of measurement"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("checklist point")
        verbose_name_plural = _("checklist points")
        ordering = ["checklist", "position", "id"]

    def __str__(self) -> str:
        return self.label


class ItemTemplate(models.Model):
    """A reusable item ("Front brake pads") with its default category and prices (net)."""

    description = models.CharField(_("description"), max_length=300, unique=True)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.NECESSARY
    )
    labour = models.DecimalField(_("labour (net)"), default=0, **MONEY)
    parts = models.DecimalField(_("parts (net)"), default=0, **MONEY)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inspection item template")
        verbose_name_plural = _("inspection item templates")
        ordering = ["description"]

    def __str__(self) -> str:
        return self.description


class Inspection(models.Model):
    """The diagnostic overview of a work order (at most one)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        ANSWERED = "answered", _("Answered")

    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="inspection")
    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note_for_customer = models.TextField(_("note for the customer"), blank=True)
    # The state of the current (last sent) version; DRAFT until the first send.
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=0)  # the number of the last sent version
    # Something the customer would see changed since the last send: a new version can be sent.
    changed_since_sent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["state", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.work_order.number}"


class InspectionItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(default=0)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    technician_note = models.TextField(_("technician's note"), blank=True)
    labour = models.DecimalField(_("labour (net)"), default=0, **MONEY)
    parts = models.DecimalField(_("parts (net)"), default=0, **MONEY)
    vat_rate = models.ForeignKey(
        VatRate, verbose_name=_("VAT rate"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visible_to_customer = models.BooleanField(_("visible to customer"), default=True)
    template = models.ForeignKey(
        ItemTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checklist_point = models.ForeignKey(
        ChecklistPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=6, choices=Rating.choices, blank=True)
    # An item offered again from an earlier visit (declined or "contact me" then).
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every change the customer would see; answers are kept for the revision they gave.
    revision = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Staff's thumbs: None = not decided, True = authorised (work required), False = not authorised.
    authorised = models.BooleanField(null=True, blank=True)
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["inspection", "position", "id"]
        indexes = [
            models.Index(
                fields=["inspection"],
                condition=models.Q(authorised=True, removed_at__isnull=True),
                name="inspection_item_authorised",
            )
        ]

    def __str__(self) -> str:
        return self.description


class InspectionVersion(models.Model):
    """What the customer was sent: the visible items, prices and totals, frozen (`content`), and the
    customer's submission of their answers to it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_opened_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_name = models.CharField(max_length=200, blank=True)
    answered_ip = models.GenericIPAddressField(null=True, blank=True)
    answered_user_agent = models.CharField(max_length=400, blank=True)
    answered_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection version")
        verbose_name_plural = _("inspection versions")
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="one_inspection_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} v{self.number}"


class Answer(models.Model):
    """The customer's answer to one item, given with a version's submission."""

    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="answers")
    version = models.ForeignKey(InspectionVersion, on_delete=models.PROTECT, related_name="answers")
    item_revision = models.PositiveIntegerField()
    choice = models.CharField(_("answer"), max_length=10, choices=Choice.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["item", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="one_answer_per_item_and_version")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.choice}"


class Media(models.Model):
    """A photo or video of an item: the technician's, or the customer's own (`answer` set)."""

    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="media")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, null=True, blank=True, related_name="media")
    file = models.FileField(upload_to="inspections/%Y/%m/")
    thumbnail = models.FileField(upload_to="inspections/thumbnails/%Y/%m/", blank=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("photo or video")
        verbose_name_plural = _("photos and videos")
        ordering = ["item", "created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")

    @property
    def by_customer(self) -> bool:
        return self.answer_id is not None


class Measurement(models.Model):
    """A value measured on a unit (tread depth, pad thickness, battery test), kept on the unit so the
    next inspection shows it beside its own."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="measurements")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="measurements")
    item = models.ForeignKey(
        InspectionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("measurement"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    unit_of_measurement = models.CharField(_("unit of measurement"), max_length=12, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["unit", "name", "-taken_at", "-id"]
        indexes = [models.Index(fields=["unit", "name", "-taken_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "name"], name="one_measurement_per_name_and_inspection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.value} {self.unit_of_measurement}"


class InspectionLink(models.Model):
    """A secret link to the customer's page of an inspection (tokens: core/tokens.py)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="links")
    nonce = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inspection link")
        verbose_name_plural = _("inspection links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.expires_at:%Y-%m-%d}"

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Event(models.Model):
    """The communication log: every send, open and answer of an inspection, with who, to or from
    which address, and from which IP address."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        ANSWERED = "answered", _("Answered")
        REMINDED = "reminded", _("Reminder about declined work")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="events")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, blank=True)  # email, sms; link or portal for opens/answers
    name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=254, blank=True)  # the e-mail address or phone number
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    timeline_entry = models.ForeignKey(
        TimelineEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection event")
        verbose_name_plural = _("inspection events")
        ordering = ["inspection", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
