"""The week of free times a customer picks from (the portal's booking form, its counter-proposal and
the public request form): the location's free slots (bookings.slots.free_slots) grouped by day, on
the location's clock with its time zone named, a week at a time.

Times travel as ISO 8601 with their offset ("2030-03-19T10:00:00+01:00"): what the customer ticked
is exactly what the service checks, whatever the browser's or the server's time zone.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from fixloop.bookings import presentation
from fixloop.bookings.services import MAX_CUSTOMER_SLOTS
from fixloop.bookings.slots import free_slots
from fixloop.shop.models import Location

WEEK_DAYS = 7
HORIZON_DAYS = 84  # how far ahead a customer may page (12 weeks)


def bookable_locations():
    """The locations that take bookings online."""
    return Location.objects.filter(active=True, booking_capacity__gt=0).order_by("name")


def parse_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class PickerSlot:
    value: str  # ISO 8601 with offset
    clock: str  # "09:00"
    label: str  # "Tue 19 Mar 2030, 09:00 (Europe/Berlin)", for screen readers and lists
    checked: bool


@dataclass(frozen=True)
class PickerDay:
    day: date
    label: str
    slots: list


@dataclass
class Picker:
    location: Location
    start: date
    end: date  # the last day shown
    previous: date | None
    next: date | None
    days: list = field(default_factory=list)
    # Times the customer ticked that are not among this week's free times (another week, or taken
    # meanwhile): kept in the form, listed apart.
    elsewhere: list = field(default_factory=list)
    limit: int = MAX_CUSTOMER_SLOTS

    @property
    def zone_name(self) -> str:
        return self.location.time_zone

    @property
    def range_text(self) -> str:
        return f"{presentation.short_day(self.start)} – {presentation.short_day(self.end)}"


def _first_week_with_room(location: Location, today: date, now) -> date:
    """Today, or the first day with a free time within four weeks when this week has none."""
    upcoming = free_slots(location, today, WEEK_DAYS * 4, now=now)
    if not upcoming or upcoming[0].starts_at.date() < today + timedelta(days=WEEK_DAYS):
        return today
    return upcoming[0].starts_at.date()


def picker(location: Location, *, start: date | None = None, chosen=(), now=None) -> Picker:
    """The week from `start` (default: the first week with a free time) of `location`'s free slots,
    with the `chosen` times (aware datetimes) ticked."""
    now = now or timezone.now()
    today = now.astimezone(location.zone).date()
    last_start = today + timedelta(days=HORIZON_DAYS - WEEK_DAYS)
    if start is None:
        start = _first_week_with_room(location, today, now)
    start = min(max(start, today), last_start)
    chosen = [moment for moment in chosen if timezone.is_aware(moment)]
    shown, days = set(), {}
    for slot in free_slots(location, start, WEEK_DAYS, now=now):
        ticked = slot.starts_at in chosen
        if ticked:
            shown.add(slot.starts_at)
        days.setdefault(slot.starts_at.date(), []).append(
            PickerSlot(
                value=slot.starts_at.isoformat(),
                clock=presentation.clock(slot.starts_at, location),
                label=presentation.when(slot.starts_at, location),
                checked=ticked,
            )
        )
    elsewhere = [
        PickerSlot(
            value=moment.astimezone(location.zone).isoformat(),
            clock=presentation.clock(moment, location),
            label=presentation.when(moment, location),
            checked=True,
        )
        for moment in sorted(set(chosen) - shown)
    ]
    return Picker(
        location=location,
        start=start,
        end=start + timedelta(days=WEEK_DAYS - 1),
        previous=max(today, start - timedelta(days=WEEK_DAYS)) if start > today else None,
        next=start + timedelta(days=WEEK_DAYS) if start < last_start else None,
        days=[PickerDay(day, presentation.day_label(day), slots) for day, slots in days.items()],
        elsewhere=elsewhere,
    )


def picker_from(location: Location, data) -> Picker:
    """The picker as a request asks for it: "week" (a date) and the ticked "slots" (a QueryDict)."""
    values = data.getlist("slots") if hasattr(data, "getlist") else data.get("slots", [])
    chosen = [moment for moment in (parse_time(value) for value in values) if moment]
    return picker(location, start=parse_day(data.get("week")), chosen=chosen)
