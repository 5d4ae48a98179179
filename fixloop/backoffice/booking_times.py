"""Booking times as staff read them: on the wall clock of the booking's location, with its time zone
named, because a location may keep another zone than the shop (and than the back office's other
times). Used by the booking-request pages and by the staff alerts."""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fixloop.shop.models import Location


def local(moment: datetime, location: Location) -> datetime:
    return moment.astimezone(location.zone)


def clock(moment: datetime, location: Location) -> str:
    """The time of day on the location's clock, e.g. "09:00"."""
    return formats.date_format(local(moment, location), pgettext("staff booking clock", "H:i"))


def day(value: date) -> str:
    """A day of the slot picker, e.g. "Tue 19 Mar"."""
    return formats.date_format(value, pgettext("staff booking day", "D j M"))


def when(moment: datetime, location: Location, *, zone: bool = False, short: bool = False) -> str:
    """A booked or offered time, e.g. "Tue 19 Mar 2030, 09:00" (`short`: without the year); with
    `zone`, the zone's name after it."""
    if short:
        shape = pgettext("staff booking time without the year", "D j M, H:i")
    else:
        shape = pgettext("staff booking time", "D j M Y, H:i")
    text = formats.date_format(local(moment, location), shape)
    if not zone:
        return text
    return _("%(time)s (%(zone)s)") % {"time": text, "zone": location.time_zone}


def zone_name(location: Location, moment: datetime | None = None) -> str:
    """The location's time zone as staff recognise it, e.g. "Europe/Berlin (CET)"."""
    abbreviation = local(moment or timezone.now(), location).tzname()
    if not abbreviation or abbreviation == location.time_zone or abbreviation[0] in "+-":
        return location.time_zone
    return f"{location.time_zone} ({abbreviation})"


def lines(slots) -> str:
    """BookingSlots for an e-mail, one a line: "- Tue 19 Mar 2030, 09:00 (Europe/Berlin)"."""
    return "\n".join(f"- {when(slot.starts_at, slot.location, zone=True)}" for slot in slots)
