"""Checks of what a booking request is made of (texts, the number of times wanted, the location, the
unit, the public requester's contact), collected field by field so one answer names every problem."""

import dataclasses
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from fixloop.core.contact import normalise_email, normalise_phone
from fixloop.core.text import clean_text
from fixloop.shop.models import Location

NAME_MAX_LENGTH = 160
MESSAGE_MAX_LENGTH = 2000


@dataclasses.dataclass
class Errors:
    """Field-level messages collected before anything is written."""

    by_field: dict = dataclasses.field(default_factory=dict)

    def add(self, name: str, message) -> None:
        self.by_field.setdefault(name, []).extend(message if isinstance(message, list) else [message])

    def text(self, value, name: str, *, max_length: int, missing: str = "") -> str:
        value = clean_text(value)
        if not value and missing:
            self.add(name, missing)
        elif len(value) > max_length:
            self.add(name, _("At most %(limit)d characters.") % {"limit": max_length})
        return value

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def slot_count(starts, errors: Errors, *, limit: int) -> list[datetime]:
    """The wanted start times: at least one, at most `limit`, none twice."""
    starts = list(starts or [])
    if not starts:
        errors.add("slots", _("Pick at least one time."))
    elif len(starts) > limit:
        errors.add("slots", _("Pick at most %(limit)d times.") % {"limit": limit})
    elif len(set(starts)) != len(starts):
        errors.add("slots", _("Pick each time only once."))
    return starts


def check_location(location: Location | None, errors: Errors) -> bool:
    if location is None:
        errors.add("location", _("Choose a location."))
    elif not location.active:
        errors.add("location", _("This location is no longer in use."))
    elif location.booking_capacity <= 0:
        errors.add("location", _("This location does not take bookings."))
    else:
        return True
    return False


def check_unit(customer, unit, new_unit, unit_description: str, errors: Errors) -> None:
    if unit is not None and new_unit is not None:
        errors.add("unit", _("Choose a unit or add a new one, not both."))
    elif unit is not None and unit.customer_id != customer.pk:
        errors.add("unit", _("This unit belongs to another customer."))
    elif new_unit is not None:
        new_unit.customer = customer
        try:
            new_unit.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.add("unit" if name == NON_FIELD_ERRORS else name, messages)
    elif unit is None and not unit_description:
        errors.add("unit", _("Choose a unit, add one, or describe it."))


def public_contact(name, email, phone, country: str, errors: Errors) -> tuple[str, str, str]:
    name = errors.text(name, "name", max_length=NAME_MAX_LENGTH, missing=_("Enter your name."))
    try:
        email = normalise_email(email)
        if not email:
            errors.add("email", _("Enter your e-mail address: we send you a link to confirm it."))
    except ValidationError as error:
        errors.add("email", error.messages)
    try:
        phone = normalise_phone(phone, country)
    except ValidationError as error:
        errors.add("phone", error.messages)
    return name, email, phone


def message_text(message: str, name: str = "message") -> str:
    """An optional message to the other side, stripped; ValidationError when it is too long."""
    errors = Errors()
    message = errors.text(message, name, max_length=MESSAGE_MAX_LENGTH)
    errors.raise_any()
    return message
