"""The forms of booking requests: the signed-in customer's request, the public request form, and the
customer's answers (accept a suggested time, propose other times, withdraw).

They check shape, length and what a browser can be told early (a photo is an image of an acceptable
size, at most three times); bookings.services decides the rest (free times, opening hours, the unit's
account, the photos' content) and its field messages are put on these fields."""

import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fixloop.bookings.photos import IMAGE_EXTENSIONS, MAX_PHOTOS
from fixloop.bookings.services import MAX_CUSTOMER_SLOTS, PROBLEM_MAX_LENGTH, UNIT_DESCRIPTION_MAX_LENGTH
from fixloop.bookings.validation import MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH
from fixloop.customers.models import Unit
from fixloop.portal.forms.photos import PhotosField
from fixloop.portal.slot_picker import bookable_locations, parse_time

NEW_UNIT = "new"
# The fields of a unit added inline, by the Unit field a service message names.
NEW_UNIT_FIELDS = {
    "kind": "new_kind",
    "make": "new_make",
    "model": "new_model",
    "serial_number": "new_serial_number",
    "plate": "new_plate",
}
# The public form is refused when sent faster than a person can fill it in (a bot).
MIN_FILL_TIME = timedelta(seconds=3)
STARTED_SALT = "fixloop.public-booking-form"
AUTOMATED, STALE = "automated", "stale"
FORM_TEXT_BYTES = 256 * 1024  # everything but the photos, with room to spare


def upload_limit() -> int:
    """The largest body a booking form may send: MAX_PHOTOS photos at the attachment limit and the
    text. A bigger one is refused before it is read (413)."""
    return MAX_PHOTOS * settings.ATTACHMENT_MAX_BYTES + FORM_TEXT_BYTES


def version_field():
    # Passed on as it came: the service answers anything but the current version as a stale page.
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)


def message_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class SlotsField(forms.Field):
    """The ticked times (1..limit), as aware datetimes."""

    widget = forms.MultipleHiddenInput  # the slot picker renders the checkboxes itself

    def __init__(self, *, limit: int = MAX_CUSTOMER_SLOTS, **kwargs):
        self.limit = limit
        kwargs.setdefault("label", _("Times that suit you"))
        super().__init__(**kwargs)

    def to_python(self, value):
        times = []
        for raw in value or []:
            moment = parse_time(raw)
            if moment is None or moment.tzinfo is None:
                raise ValidationError(_("A time could not be read; please pick it again."))
            times.append(moment)
        return times

    def validate(self, value):
        if not value:
            raise ValidationError(_("Pick at least one time."))
        if len(value) > self.limit:
            raise ValidationError(_("Pick at most %(limit)d times.") % {"limit": self.limit})


def location_field():
    return forms.ModelChoiceField(
        label=_("Location"),
        queryset=bookable_locations(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of our locations.")},
    )


def problem_field():
    return forms.CharField(
        label=_("What is the problem?"),
        max_length=PROBLEM_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": PROBLEM_MAX_LENGTH}),
        error_messages={"required": _("Describe the problem.")},
    )


class PortalBookingForm(forms.Form):
    """A signed-in customer's request. `scope` (PortalScope) limits the accounts and units offered."""

    customer = forms.TypedChoiceField(
        label=_("For the account"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of your accounts.")},
    )
    unit = forms.ChoiceField(
        label=_("Device or vehicle"),
        error_messages={"invalid_choice": _("Choose one of your devices or vehicles.")},
    )
    new_kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices, required=False)
    new_make = forms.CharField(label=_("Make"), max_length=80, required=False)
    new_model = forms.CharField(label=_("Model"), max_length=80, required=False)
    new_serial_number = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    new_plate = forms.CharField(label=_("Licence plate"), max_length=16, required=False)
    location = location_field()
    problem_description = problem_field()
    photos = PhotosField(
        label=_("Photos (optional)"),
        limit=MAX_PHOTOS,
        extensions=IMAGE_EXTENSIONS,
        not_a_photo=_("%(name)s is not a photo (JPEG, PNG, HEIC, WebP or GIF)."),
    )
    slots = SlotsField()

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        accounts = list(scope.customers().order_by("name"))
        self.accounts = {account.pk: account for account in accounts}
        self.fields["customer"].choices = [(account.pk, account.name) for account in accounts]
        if len(accounts) == 1:
            self.fields["customer"].required = False
            self.fields["customer"].widget = forms.HiddenInput()
        units = list(scope.units().select_related("customer").order_by("customer__name", "make", "model"))
        self.units = {unit.pk: unit for unit in units}
        choices = [(str(unit.pk), str(unit)) for unit in units]
        if len(accounts) > 1:  # grouped by account: a unit is booked for its own account
            groups: dict = {}
            for unit in units:
                groups.setdefault(unit.customer.name, []).append((str(unit.pk), str(unit)))
            choices = list(groups.items())
        self.fields["unit"].choices = [*choices, (NEW_UNIT, _("Add another device or vehicle…"))]
        if not units:
            self.fields["unit"].initial = NEW_UNIT

    def clean_customer(self):
        chosen = self.cleaned_data.get("customer")
        if len(self.accounts) == 1:
            return next(iter(self.accounts.values()))
        if chosen not in self.accounts:
            raise ValidationError(_("Choose one of your accounts."))
        return self.accounts[chosen]

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        if value == NEW_UNIT:
            return None
        try:
            return self.units[int(value)]
        except (KeyError, ValueError):
            raise ValidationError(_("Choose one of your devices or vehicles.")) from None

    def clean(self):
        data = super().clean()
        data["new_unit"] = None
        if self.data.get("unit") == NEW_UNIT:
            if not data.get("new_make"):
                self.add_error("new_make", _("Enter the make, e.g. Lenovo or Volkswagen."))
            data["new_unit"] = Unit(
                kind=data.get("new_kind") or Unit.Kind.DEVICE,
                make=data.get("new_make", ""),
                model=data.get("new_model", ""),
                serial_number=data.get("new_serial_number", ""),
                plate=data.get("new_plate", ""),
            )
        return data


class PublicBookingForm(forms.Form):
    """The request form for people without an account. `website` is a trap for bots (hidden from
    people and screen readers); `started` carries when the form was shown, signed."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send you a link to confirm your request."),
        error_messages={"required": _("Enter your e-mail address: we send you a link to confirm it.")},
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    location = location_field()
    unit_description = forms.CharField(
        label=_("Device or vehicle"),
        max_length=UNIT_DESCRIPTION_MAX_LENGTH,
        help_text=_("Make and model, e.g. “Lenovo ThinkPad T14” or “VW Golf, B-AB 1234”."),
        error_messages={"required": _("Say which device or vehicle needs the repair.")},
    )
    problem_description = problem_field()
    photos = PhotosField(
        label=_("Photos (optional)"),
        limit=MAX_PHOTOS,
        extensions=IMAGE_EXTENSIONS,
        not_a_photo=_("%(name)s is not a photo (JPEG, PNG, HEIC, WebP or GIF)."),
    )
    slots = SlotsField()
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def stamp(*, earlier: timedelta = timedelta(0)) -> str:
        """When the form was shown (`earlier`: as if shown that much before now), signed."""
        return signing.dumps(int(time.time() - earlier.total_seconds()), salt=STARTED_SALT)

    def fill_check(self) -> str:
        """AUTOMATED when the trap field was filled in or the form came back faster than a person
        types; STALE when the form's stamp is missing or not ours (show the form again); "" else."""
        if self.data.get("website"):
            return AUTOMATED
        try:
            started = int(signing.loads(self.data.get("started", ""), salt=STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return STALE
        return AUTOMATED if time.time() - started < MIN_FILL_TIME.total_seconds() else ""


class AcceptForm(forms.Form):
    version = version_field()
    # The service checks that it is one of the shop's open times.
    slot = forms.IntegerField(
        label=_("The time that suits you"),
        widget=forms.RadioSelect,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            key: _("Choose one of the times the shop suggested.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )
    message = message_field(_("Message to the shop (optional)"))

    def __init__(self, *args, offered=(), **kwargs):
        """`offered`: (slot pk, label) of the shop's open times."""
        kwargs.setdefault("auto_id", "accept_%s")  # three forms on one page: ids of their own
        super().__init__(*args, **kwargs)
        self.fields["slot"].widget.choices = list(offered)
        if len(offered) == 1 and not self.is_bound:
            self.initial.setdefault("slot", offered[0][0])


class CounterForm(forms.Form):
    version = version_field()
    slots = SlotsField(label=_("Times that suit you better"))
    message = message_field(_("Message to the shop (optional)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "counter_%s")
        super().__init__(*args, **kwargs)


class WithdrawForm(forms.Form):
    version = version_field()
    reason = message_field(_("Why? (optional)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "withdraw_%s")
        super().__init__(*args, **kwargs)
