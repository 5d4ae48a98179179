"""Schedule computation in local time: weekdays vs weekends and both DST changes."""

import zoneinfo
from datetime import UTC, date, datetime, time

import pytest

from fixloop.reports.models import ReportSchedule
from fixloop.reports.schedule import due_date, next_run_after

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def schedule(at=time(7, 0), *, weekdays=True, weekends=False, active=True) -> ReportSchedule:
    return ReportSchedule(active=active, time_of_day=at, weekdays=weekdays, weekends=weekends)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_weekday_schedule_skips_the_weekend():
    # Friday 20 November 2026, 08:00 in Berlin: the next run is Monday 07:00 CET.
    assert next_run_after(utc(2026, 11, 20, 7, 0), schedule(), BERLIN) == utc(2026, 11, 23, 6, 0)


def test_weekends_on_runs_on_saturday():
    result = next_run_after(utc(2026, 11, 20, 7, 0), schedule(weekends=True), BERLIN)
    assert result == utc(2026, 11, 21, 6, 0)


def test_only_weekends():
    result = next_run_after(utc(2026, 11, 23, 7, 0), schedule(weekdays=False, weekends=True), BERLIN)
    assert result == utc(2026, 11, 28, 6, 0)


def test_later_the_same_day():
    assert next_run_after(utc(2026, 11, 23, 5, 59), schedule(), BERLIN) == utc(2026, 11, 23, 6, 0)
    assert next_run_after(utc(2026, 11, 23, 6, 0), schedule(), BERLIN) == utc(2026, 11, 24, 6, 0)


@pytest.mark.parametrize("kwargs", [{"active": False}, {"weekdays": False, "weekends": False}])
def test_a_schedule_that_never_runs(kwargs):
    assert next_run_after(utc(2026, 11, 23, 0, 0), schedule(**kwargs), BERLIN) is None


def test_the_local_time_holds_across_spring_forward_in_berlin():
    # Friday 27 March 2026 07:00 CET is 06:00 UTC; Monday 30 March 07:00 CEST is 05:00 UTC.
    assert next_run_after(utc(2026, 3, 27, 5, 0), schedule(), BERLIN) == utc(2026, 3, 27, 6, 0)
    assert next_run_after(utc(2026, 3, 27, 6, 0), schedule(), BERLIN) == utc(2026, 3, 30, 5, 0)


def test_a_slot_in_the_skipped_hour_runs_once_after_the_change_in_berlin():
    # Sunday 29 March 2026: 02:00 → 03:00. 02:30 does not exist; it runs at 03:30 CEST (01:30 UTC).
    daily = schedule(time(2, 30), weekends=True)
    first = next_run_after(utc(2026, 3, 28, 12, 0), daily, BERLIN)
    assert first == utc(2026, 3, 29, 1, 30)
    assert first.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"
    assert next_run_after(first, daily, BERLIN) == utc(2026, 3, 30, 0, 30)  # 02:30 CEST


def test_a_slot_in_the_repeated_hour_runs_once_in_berlin():
    # Sunday 25 October 2026: 03:00 CEST → 02:00 CET. 02:30 happens twice; the run is at the first.
    daily = schedule(time(2, 30), weekends=True)
    first = next_run_after(utc(2026, 10, 24, 12, 0), daily, BERLIN)
    assert first == utc(2026, 10, 25, 0, 30)
    # At the second 02:30 (01:30 UTC) nothing is due again before the next day.
    assert next_run_after(first, daily, BERLIN) == utc(2026, 10, 26, 1, 30)
    assert next_run_after(utc(2026, 10, 25, 1, 30), daily, BERLIN) == utc(2026, 10, 26, 1, 30)


def test_spring_forward_in_new_york():
    # Sunday 8 March 2026: 02:00 EST → 03:00 EDT; 02:30 runs at 03:30 EDT (07:30 UTC).
    daily = schedule(time(2, 30), weekends=True)
    first = next_run_after(utc(2026, 3, 7, 12, 0), daily, NEW_YORK)
    assert first == utc(2026, 3, 8, 7, 30)
    assert first.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:30 EDT"
    assert next_run_after(first, daily, NEW_YORK) == utc(2026, 3, 9, 6, 30)


def test_fall_back_in_new_york():
    # Sunday 1 November 2026: 02:00 EDT → 01:00 EST; 01:30 happens twice, the run is at the first.
    daily = schedule(time(1, 30), weekends=True)
    first = next_run_after(utc(2026, 10, 31, 12, 0), daily, NEW_YORK)
    assert first == utc(2026, 11, 1, 5, 30)
    assert next_run_after(first, daily, NEW_YORK) == utc(2026, 11, 2, 6, 30)


def test_weekday_schedule_in_new_york_across_fall_back():
    # Friday 30 October 2026 08:00 EDT = 12:00 UTC; Monday 2 November 08:00 EST = 13:00 UTC.
    weekdays = schedule(time(8, 0))
    assert next_run_after(utc(2026, 10, 30, 12, 0), weekdays, NEW_YORK) == utc(2026, 11, 2, 13, 0)


def test_due_date_is_the_local_date_once_the_slot_has_passed():
    daily = schedule(time(7, 0))
    assert due_date(utc(2026, 11, 23, 5, 59), daily, BERLIN) is None
    assert due_date(utc(2026, 11, 23, 6, 0), daily, BERLIN) == date(2026, 11, 23)
    # 23:30 UTC on Monday is already Tuesday in Berlin, before Tuesday's slot.
    assert due_date(utc(2026, 11, 23, 23, 30), daily, BERLIN) is None
    assert due_date(utc(2026, 11, 21, 12, 0), daily, BERLIN) is None  # Saturday, weekends off
    assert due_date(utc(2026, 11, 23, 12, 0), schedule(active=False), BERLIN) is None
