"""When the reports are due, computed in the shop's local time.

A slot is a local wall-clock time on a local date. Across the DST changes: a time that does not
exist (02:30 on the spring-forward day) runs when the clocks have moved on (03:30 local, the same
instant as 02:30 in the old offset); a time that exists twice (the repeated hour in autumn) runs
once, at its first occurrence.
"""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from fixloop.reports.models import ReportSchedule
from fixloop.shop.models import ShopProfile


def shop_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(ShopProfile.get().time_zone)


def runs_on(schedule: ReportSchedule, day: date) -> bool:
    return schedule.weekends if day.weekday() >= 5 else schedule.weekdays


def slot(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The instant (UTC) of local `at` on `day`: fold=0 picks the first of a repeated time and,
    for a skipped one, the offset before the change."""
    local = datetime.combine(day, at.replace(tzinfo=None)).replace(tzinfo=zone, fold=0)
    return local.astimezone(UTC)


def next_run_after(
    moment: datetime, schedule: ReportSchedule | None = None, zone: zoneinfo.ZoneInfo | None = None
) -> datetime | None:
    """The first scheduled instant strictly after `moment` (aware), or None if the schedule never
    runs (switched off, or neither weekdays nor weekends)."""
    schedule = schedule or ReportSchedule.get()
    zone = zone or shop_zone()
    if not schedule.active or not (schedule.weekdays or schedule.weekends):
        return None
    start = moment.astimezone(zone).date() - timedelta(days=1)
    for offset in range(9):
        day = start + timedelta(days=offset)
        if not runs_on(schedule, day):
            continue
        instant = slot(day, schedule.time_of_day, zone)
        if instant > moment:
            return instant
    return None


def due_date(
    now: datetime, schedule: ReportSchedule | None = None, zone: zoneinfo.ZoneInfo | None = None
) -> date | None:
    """The local date whose run is due at `now` (its slot has passed today), or None."""
    schedule = schedule or ReportSchedule.get()
    zone = zone or shop_zone()
    if not schedule.active:
        return None
    today = now.astimezone(zone).date()
    if runs_on(schedule, today) and now >= slot(today, schedule.time_of_day, zone):
        return today
    return None
