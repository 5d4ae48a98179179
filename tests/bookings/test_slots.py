from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings.slots import check_slot, free_slots
from fixloop.shop.models import Weekday
from tests.bookings.factories import open_on
from tests.bookings.fixtures import BERLIN, NOW, TUESDAY, at
from tests.factories import LocationFactory

MONDAY = NOW.date()


def starts(slots) -> list[str]:
    return [f"{slot.starts_at:%a %H:%M}" for slot in slots]


def test_slots_are_laid_out_in_the_opening_hours_with_the_lunch_break(booking_location):
    slots = free_slots(booking_location, TUESDAY, 1, now=NOW)

    assert starts(slots) == [f"Tue {hour:02d}:00" for hour in (9, 10, 11, 13, 14, 15, 16)]
    assert all(slot.free == 3 for slot in slots)
    assert all(slot.ends_at - slot.starts_at == timedelta(hours=1) for slot in slots)


def test_slots_are_given_in_the_locations_time_zone(booking_location):
    first = free_slots(booking_location, TUESDAY, 1, now=NOW)[0]

    assert first.starts_at.tzinfo == BERLIN
    assert first.starts_at.astimezone(UTC) == datetime(2030, 3, 19, 8, 0, tzinfo=UTC)


def test_a_closed_day_has_no_slots(booking_location):
    saturday = date(2030, 3, 23)

    assert free_slots(booking_location, saturday, 2, now=NOW) == []


def test_past_slots_are_left_out(booking_location):
    slots = free_slots(booking_location, MONDAY, 1, now=at(MONDAY, "10:30"))

    assert starts(slots)[0] == "Mon 11:00"


def test_a_slot_started_already_is_left_out(booking_location):
    assert "Mon 10:00" not in starts(free_slots(booking_location, MONDAY, 1, now=at(MONDAY, "10:00")))


def test_a_shorter_slot_length_gives_more_slots(booking_location):
    booking_location.booking_slot_minutes = 30
    booking_location.save()

    assert len(free_slots(booking_location, TUESDAY, 1, now=NOW)) == 14


def test_a_slot_that_would_run_past_closing_time_is_left_out(booking_location):
    booking_location.booking_slot_minutes = 90
    booking_location.save()

    assert starts(free_slots(booking_location, TUESDAY, 1, now=NOW)) == [
        "Tue 09:00",
        "Tue 10:30",
        "Tue 13:00",
        "Tue 14:30",
    ]


def test_a_booked_place_leaves_one_less_and_a_full_slot_is_left_out(booking_location, submit):
    submit(slots=[at(TUESDAY, "10:00")])
    submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "11:00")])

    slots = {
        f"{slot.starts_at:%H:%M}": slot.free for slot in free_slots(booking_location, TUESDAY, 1, now=NOW)
    }
    assert (slots["10:00"], slots["11:00"], slots["09:00"]) == (1, 2, 3)

    submit(slots=[at(TUESDAY, "10:00")])
    assert "10:00" not in {f"{s.starts_at:%H:%M}" for s in free_slots(booking_location, TUESDAY, 1, now=NOW)}


def test_a_location_without_capacity_offers_no_slots(booking_location):
    booking_location.booking_capacity = 0
    booking_location.save()

    assert free_slots(booking_location, TUESDAY, 7, now=NOW) == []


def test_an_inactive_location_offers_no_slots(booking_location):
    booking_location.active = False
    booking_location.save()

    assert free_slots(booking_location, TUESDAY, 7, now=NOW) == []


def test_a_week_of_slots_covers_five_weekdays(booking_location):
    assert len(free_slots(booking_location, TUESDAY, 7, now=NOW)) == 5 * 7


# ----------------------------------------------------------------------------- daylight saving time


def test_the_wall_clock_stays_the_same_across_the_start_of_summer_time(booking_location):
    friday, monday = date(2030, 3, 29), date(2030, 4, 1)

    before = free_slots(booking_location, friday, 1, now=NOW)[0]
    after = free_slots(booking_location, monday, 1, now=NOW)[0]

    assert (f"{before.starts_at:%H:%M}", f"{after.starts_at:%H:%M}") == ("09:00", "09:00")
    assert before.starts_at.astimezone(UTC).hour == 8  # CET, UTC+1
    assert after.starts_at.astimezone(UTC).hour == 7  # CEST, UTC+2


def test_the_hour_skipped_when_summer_time_starts_has_no_slot(shop):
    night_shift = LocationFactory(booking_capacity=1, time_zone="Europe/Berlin")
    open_on(night_shift, [Weekday.SUNDAY], ("00:00", "05:00"))
    dst_day = date(2030, 3, 31)

    slots = free_slots(night_shift, dst_day, 1, now=NOW)

    assert starts(slots) == ["Sun 00:00", "Sun 01:00", "Sun 03:00", "Sun 04:00"]
    utc = [slot.starts_at.astimezone(UTC).strftime("%H:%M") for slot in slots]
    assert utc == ["23:00", "00:00", "01:00", "02:00"]
    # The 01:00 slot ends when the clocks show 03:00: one real hour.
    assert f"{slots[1].ends_at:%H:%M}" == "03:00"
    assert slots[1].ends_at.astimezone(UTC) - slots[1].starts_at.astimezone(UTC) == timedelta(hours=1)


def test_the_hour_repeated_when_summer_time_ends_gives_one_slot(shop):
    night_shift = LocationFactory(booking_capacity=1, time_zone="Europe/Berlin")
    open_on(night_shift, [Weekday.SUNDAY], ("01:00", "04:00"))

    slots = free_slots(night_shift, date(2030, 10, 27), 1, now=NOW)

    assert starts(slots) == ["Sun 01:00", "Sun 02:00", "Sun 03:00"]


def test_a_location_in_another_time_zone_gets_its_own_wall_clock(shop):
    new_york = LocationFactory(booking_capacity=1, time_zone="America/New_York", country="US")
    open_on(new_york, [Weekday.TUESDAY], ("09:00", "10:00"))

    (slot,) = free_slots(new_york, TUESDAY, 1, now=NOW)

    assert slot.starts_at.astimezone(UTC) == datetime(2030, 3, 19, 13, 0, tzinfo=UTC)  # EDT, UTC-4


# ----------------------------------------------------------------------------- check_slot


def test_a_free_slot_in_the_opening_hours_passes_the_check(booking_location):
    starts_at, ends_at = check_slot(booking_location, at(TUESDAY, "10:00"), NOW)

    assert (starts_at, ends_at) == (at(TUESDAY, "10:00"), at(TUESDAY, "11:00"))
    assert starts_at.tzinfo == UTC


def test_a_time_off_the_grid_inside_the_opening_hours_passes_the_check(booking_location):
    assert check_slot(booking_location, at(TUESDAY, "10:30"), NOW)[0] == at(TUESDAY, "10:30")


def test_a_naive_time_is_read_on_the_locations_wall_clock(booking_location):
    assert check_slot(booking_location, datetime(2030, 3, 19, 10, 0), NOW)[0] == at(TUESDAY, "10:00")


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (at(MONDAY, "07:00"), "This time is in the past."),
        (at(MONDAY, "08:00"), "This time is in the past."),
        (at(TUESDAY, "08:00"), "The shop is closed at that time."),
        (at(TUESDAY, "12:00"), "The shop is closed at that time."),
        (at(TUESDAY, "11:30"), "The shop is closed at that time."),  # would run into the lunch break
        (at(TUESDAY, "16:30"), "The shop is closed at that time."),
        (at(date(2030, 3, 23), "10:00"), "The shop is closed at that time."),
    ],
)
def test_a_time_that_cannot_be_booked_is_refused_with_the_reason(booking_location, when, message):
    with pytest.raises(ValidationError) as refused:
        check_slot(booking_location, when, NOW)

    assert refused.value.messages == [message]


def test_a_full_slot_is_refused(booking_location, submit):
    for _ in range(3):
        submit(slots=[at(TUESDAY, "10:00")])

    with pytest.raises(ValidationError) as refused:
        check_slot(booking_location, at(TUESDAY, "10:00"), NOW)

    assert refused.value.messages == ["This time is fully booked; please pick another."]


def test_a_time_overlapping_a_full_slot_is_refused(booking_location, submit):
    for _ in range(3):
        submit(slots=[at(TUESDAY, "10:00")])

    with pytest.raises(ValidationError, match="fully booked"):
        check_slot(booking_location, at(TUESDAY, "09:30"), NOW)


def test_times_taken_by_the_same_operation_count_against_the_capacity(booking_location):
    taken = [check_slot(booking_location, at(TUESDAY, "10:00"), NOW) for _ in range(3)]

    with pytest.raises(ValidationError, match="fully booked"):
        check_slot(booking_location, at(TUESDAY, "10:00"), NOW, also=taken)


def test_a_location_without_capacity_takes_no_booking(booking_location):
    booking_location.booking_capacity = 0
    booking_location.save()

    with pytest.raises(ValidationError, match="does not take bookings"):
        check_slot(booking_location, at(TUESDAY, "10:00"), NOW)


def test_a_wall_clock_time_that_does_not_exist_is_refused(shop):
    night_shift = LocationFactory(booking_capacity=1)
    open_on(night_shift, [Weekday.SUNDAY], ("00:00", "05:00"))

    with pytest.raises(ValidationError, match="clocks go forward"):
        check_slot(night_shift, datetime(2030, 3, 31, 2, 30), NOW)
