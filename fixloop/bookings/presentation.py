"""How a booking request reads to its customer, in the portal's pages and in the e-mails alike: its
state in the customer's words, and each time on the location's wall clock with its time zone named
(a customer abroad, or a location in another zone, must not guess)."""

from datetime import date, datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fixloop.bookings.models import BookingStep
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import Location

State = ServiceRequest.State


def customer_state(state: str) -> str:
    """The state as the customer reads it (the staff labels speak of "decisions")."""
    return {
        State.UNCONFIRMED: _("Waiting for your e-mail confirmation"),
        State.PENDING: _("Sent, waiting for the shop"),
        State.WAITING_SHOP: _("Waiting for the shop's confirmation"),
        State.WAITING_CUSTOMER: _("The shop suggested another time"),
        State.ACCEPTED: _("Confirmed"),
        State.REJECTED: _("Declined"),
        State.WITHDRAWN: _("Withdrawn"),
    }.get(state, state)


def step_title(kind: str) -> str:
    """A step of the history as the customer reads it (who acted is shown beside it)."""
    Kind = BookingStep.Kind
    return {
        Kind.REQUESTED: _("Request sent"),
        Kind.EMAIL_CONFIRMED: _("E-mail address confirmed"),
        Kind.SUGGESTED: _("Other times suggested"),
        Kind.ACCEPTED: _("Suggested time accepted"),
        Kind.COUNTERED: _("Other times proposed"),
        Kind.CONFIRMED: _("Appointment confirmed"),
        Kind.DECLINED: _("Request declined"),
        Kind.WITHDRAWN: _("Request withdrawn"),
    }.get(kind, kind)


def day_label(day: date) -> str:
    """A day of the slot picker, e.g. "Tuesday 19 March"."""
    return formats.date_format(day, pgettext("booking day", "l j F"))


def short_day(day: date) -> str:
    """A day in a range of days, e.g. "19 Mar"."""
    return formats.date_format(day, pgettext("booking short day", "j M"))


def clock(moment: datetime, location: Location) -> str:
    """The time of day on the location's clock, e.g. "09:00"."""
    return formats.date_format(moment.astimezone(location.zone), pgettext("booking time of day", "H:i"))


def when(moment: datetime, location: Location, *, with_zone: bool = True) -> str:
    """A booked or offered time, e.g. "Tue 19 Mar 2030, 09:00 (Europe/Berlin)"."""
    text = formats.date_format(moment.astimezone(location.zone), pgettext("booking time", "D j M Y, H:i"))
    if not with_zone:
        return text
    return _("%(time)s (%(zone)s)") % {"time": text, "zone": location.time_zone}


def slot_lines(slots) -> str:
    """BookingSlots for a message, one a line: "- Tue 19 Mar 2030, 09:00 (Europe/Berlin)"."""
    return "\n".join(f"- {when(slot.starts_at, slot.location)}" for slot in slots)
