"""The week of free slots staff pick from when they suggest other times for a booking request: the
location's free slots (bookings.slots.free_slots) of seven days on its own wall clock, with the zone
named, and the times already ticked (also those of other weeks, so that paging through the weeks
keeps them)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.utils import formats, timezone
from django.utils.translation import pgettext

from fixloop.backoffice import booking_times
from fixloop.bookings.slots import free_slots
from fixloop.shop.models import Location

WEEKS_AHEAD = 12  # as far as free_slots() looks (MAX_DAYS)


@dataclass
class Choice:
    value: str  # ISO 8601 with the location's offset: what the check box posts
    clock: str
    free: int
    checked: bool


@dataclass
class Day:
    label: str
    choices: list[Choice] = field(default_factory=list)


@dataclass
class Week:
    location: Location | None
    bookable: bool
    start: date | None = None
    label: str = ""
    zone: str = ""
    previous: date | None = None
    next: date | None = None
    days: list[Day] = field(default_factory=list)
    elsewhere: list[tuple[str, str]] = field(default_factory=list)  # ticked in other weeks: (value, label)


def parse_times(values) -> dict[datetime, str]:
    """{moment in UTC: the posted value} of the well-formed, aware times among `values`."""
    found = {}
    for value in values or []:
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            continue
        if moment.tzinfo is not None:
            found[moment.astimezone(UTC)] = value
    return found


def parse_week(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def week_label(start: date, end: date) -> str:
    """E.g. "18 Mar – 24 Mar 2030"."""
    first = formats.date_format(start, pgettext("staff booking week from", "j M"))
    last = formats.date_format(end, pgettext("staff booking week to", "j M Y"))
    return f"{first} – {last}"


def week_of(location: Location | None, wanted: date | None, ticked, now: datetime | None = None) -> Week:
    """The seven days from `wanted` (from today when None or before today; at most WEEKS_AHEAD on):
    paging on from today never starts with days that are over."""
    if location is None or not location.active or location.booking_capacity <= 0:
        return Week(location=location, bookable=False)
    now = now or timezone.now()
    first = now.astimezone(location.zone).date()  # a week is the seven days from today, or from then
    last = first + timedelta(weeks=WEEKS_AHEAD)
    start = min(max(wanted or first, first), last)
    chosen = parse_times(ticked)
    days = {
        start + timedelta(days=offset): Day(booking_times.day(start + timedelta(days=offset)))
        for offset in range(7)
    }
    shown = set()
    for slot in free_slots(location, start, 7, now=now):
        moment = slot.starts_at.astimezone(UTC)
        shown.add(moment)
        days[slot.starts_at.date()].choices.append(
            Choice(
                value=chosen.get(moment) or slot.starts_at.isoformat(),
                clock=booking_times.clock(slot.starts_at, location),
                free=slot.free,
                checked=moment in chosen,
            )
        )
    end = start + timedelta(days=6)
    return Week(
        location=location,
        bookable=True,
        start=start,
        label=week_label(start, end),
        zone=booking_times.zone_name(location, datetime.combine(start, datetime.min.time(), location.zone)),
        previous=max(start - timedelta(weeks=1), first) if start > first else None,
        next=start + timedelta(weeks=1) if start < last else None,
        days=list(days.values()),
        elsewhere=[
            (value, booking_times.when(moment, location))
            for moment, value in sorted(chosen.items())
            if moment not in shown
        ],
    )
