"""Booking slots of a location: laid out in its opening hours on the wall clock of its own time zone
(so 09:00 stays 09:00 across a DST change), stored in UTC, and free while fewer requests than the
location's capacity hold them.

A slot a request holds (open or chosen, see BookingSlotQuerySet.holding) takes one place in every
slot of the grid it overlaps. Capacity is only ever checked under lock_location(): two requests for
the last place of a slot are taken one after the other, and the second is told the slot is full.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.bookings.models import BookingSlot
from fixloop.shop.models import Location

MAX_DAYS = 92  # how far free_slots() looks ahead in one call


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, in the location's time zone
    ends_at: datetime
    free: int  # places left


def lock_location(location: Location) -> Location:
    """The location re-read under a row lock (inside the caller's transaction): whoever checks its
    capacity holds this lock until their booking is written."""
    return Location.objects.select_for_update().get(pk=location.pk)


def slot_length(location: Location) -> timedelta:
    return timedelta(minutes=location.booking_slot_minutes)


def opening_hours(location: Location) -> dict[int, list[tuple[time, time]]]:
    """{weekday (Monday 0): [(opens, closes), ...]} in the location's local time."""
    hours: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for row in location.opening_hours.order_by("weekday", "opens"):
        hours[row.weekday].append((row.opens, row.closes))
    return hours


def local_time(day: date, at: time, location: Location) -> datetime | None:
    """The aware moment the location's clocks show `at` on `day`; None when that wall-clock time
    does not exist there (the hour skipped when DST starts)."""
    local = datetime.combine(day, at, tzinfo=location.zone)
    if local.astimezone(UTC).astimezone(location.zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return local


def day_slots(location: Location, day: date, hours=None) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every slot of the location's grid on its local date `day`."""
    hours = opening_hours(location) if hours is None else hours
    length = slot_length(location)
    found = set()
    for opens, closes in hours.get(day.weekday(), []):
        wall = datetime.combine(day, opens)
        while wall + length <= datetime.combine(day, closes):
            start = local_time(day, wall.time(), location)
            if start is not None:
                found.add((start.astimezone(UTC), start.astimezone(UTC) + length))
            wall += length
    return sorted(found)


def _overlaps(held: Iterable[tuple[datetime, datetime]], starts_at: datetime, ends_at: datetime) -> int:
    return sum(1 for start, end in held if start < ends_at and end > starts_at)


def free_slots(location: Location, start_date: date, days: int, now: datetime | None = None) -> list[Slot]:
    """The slots a customer can pick from `start_date` (the location's local date) on for `days`
    days: inside opening hours, not past, not full; times in the location's time zone."""
    now = now or timezone.now()
    if not location.active or location.booking_capacity <= 0 or days <= 0:
        return []
    hours = opening_hours(location)
    candidates = [
        slot
        for offset in range(min(days, MAX_DAYS))
        for slot in day_slots(location, start_date + timedelta(days=offset), hours)
        if slot[0] > now
    ]
    if not candidates:
        return []
    held = list(
        BookingSlot.objects.holding(now)
        .filter(location=location)
        .overlapping(candidates[0][0], candidates[-1][1])
        .values_list("starts_at", "ends_at")
    )
    zone = location.zone
    slots = []
    for starts_at, ends_at in candidates:
        free = location.booking_capacity - _overlaps(held, starts_at, ends_at)
        if free > 0:
            slots.append(Slot(starts_at.astimezone(zone), ends_at.astimezone(zone), free))
    return slots


def aware(location: Location, value: datetime) -> datetime:
    """A naive time (e.g. from a form) is read on the location's wall clock."""
    if timezone.is_aware(value):
        return value
    local = local_time(value.date(), value.time(), location)
    if local is None:
        raise ValidationError(
            _("The clocks go forward at that time; this time does not exist there."), code="closed"
        )
    return local


def within_opening_hours(location: Location, starts_at: datetime, ends_at: datetime, hours=None) -> bool:
    hours = opening_hours(location) if hours is None else hours
    start, end = starts_at.astimezone(location.zone), ends_at.astimezone(location.zone)
    day, wall_start, wall_end = start.date(), start.replace(tzinfo=None), end.replace(tzinfo=None)
    return any(
        datetime.combine(day, opens) <= wall_start and wall_end <= datetime.combine(day, closes)
        for opens, closes in hours.get(day.weekday(), [])
    )


def check_slot(
    location: Location,
    starts_at: datetime,
    now: datetime | None = None,
    *,
    also: Iterable[tuple[datetime, datetime]] = (),
) -> tuple[datetime, datetime]:
    """(start, end) in UTC of the slot starting at `starts_at`, or ValidationError saying why it
    cannot be booked. `also`: slots taken by the same operation but not written yet. Call it under
    lock_location() when the answer leads to a booking."""
    now = now or timezone.now()
    if not location.active:
        raise ValidationError(_("This location is no longer in use."), code="location")
    if location.booking_capacity <= 0:
        raise ValidationError(_("This location does not take bookings."), code="location")
    starts_at = aware(location, starts_at).astimezone(UTC)
    ends_at = starts_at + slot_length(location)
    if starts_at <= now:
        raise ValidationError(_("This time is in the past."), code="past")
    if not within_opening_hours(location, starts_at, ends_at):
        raise ValidationError(_("The shop is closed at that time."), code="closed")
    held = BookingSlot.objects.holding(now).filter(location=location).overlapping(starts_at, ends_at).count()
    if held + _overlaps(also, starts_at, ends_at) >= location.booking_capacity:
        raise ValidationError(_("This time is fully booked; please pick another."), code="full")
    return starts_at, ends_at
