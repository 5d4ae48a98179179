"""The demo's clock: the demo shop's month is played in the shop's working hours (weekdays, 8:00 to
18:00 in its time zone), each work order's story over days or weeks, instead of all at the moment of
seeding.

The demo is made through the service functions, which stamp what they write with Django's
`timezone.now()`. While `DemoClock.running()` is in effect, that reads the demo clock, so every row
the services write (timeline entries, messages, estimates and decisions, requests and bookings) is
stamped as if staff and customers had acted then; nothing is rewritten afterwards. Only the seeding
process is affected, and only while it seeds.
"""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone as django_timezone

OPENS = time(8, 0)
CLOSES = time(18, 0)
WORKING_MINUTES_A_DAY = (CLOSES.hour - OPENS.hour) * 60


def is_working_time(moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    return local.weekday() < 5 and OPENS <= local.time() < CLOSES


def _next_opening(local: datetime) -> datetime:
    """8:00 on the next weekday after `local`'s day."""
    day = local.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, OPENS, tzinfo=local.tzinfo)


def _into_working_time(local: datetime) -> datetime:
    """`local` if it is working time, else the next opening."""
    if local.weekday() >= 5 or local.time() >= CLOSES:
        return _next_opening(local)
    if local.time() < OPENS:
        return datetime.combine(local.date(), OPENS, tzinfo=local.tzinfo)
    return local


def _back_into_working_time(local: datetime) -> datetime:
    """`local` if it is working time, else a minute before the last closing."""
    while not (local.weekday() < 5 and OPENS <= local.time() < CLOSES):
        if local.weekday() < 5 and local.time() >= CLOSES:
            return datetime.combine(local.date(), CLOSES, tzinfo=local.tzinfo) - timedelta(minutes=1)
        local = datetime.combine(local.date() - timedelta(days=1), CLOSES, tzinfo=local.tzinfo)
    return local


def add_working_minutes(moment: datetime, minutes: float, zone: ZoneInfo) -> datetime:
    """`moment` plus `minutes` of working time (nights and weekends do not count)."""
    local = _into_working_time(moment.astimezone(zone))
    while True:
        closing = datetime.combine(local.date(), CLOSES, tzinfo=zone)
        left = (closing - local).total_seconds() / 60
        if minutes < left:
            return local + timedelta(minutes=minutes)
        minutes -= left
        local = _next_opening(local)


def working_minutes_between(start: datetime, end: datetime, zone: ZoneInfo) -> float:
    local, end = _into_working_time(start.astimezone(zone)), end.astimezone(zone)
    minutes = 0.0
    while local < end:
        closing = min(datetime.combine(local.date(), CLOSES, tzinfo=zone), end)
        minutes += max((closing - local).total_seconds() / 60, 0)
        local = _next_opening(local)
    return minutes


class DemoClock:
    """The demo's "now": set to a moment, moved on by working time, never past `end` (the last
    working-hours moment before the real now)."""

    def __init__(self, zone: ZoneInfo, rng: random.Random, *, real_now: datetime | None = None):
        self.zone = zone
        self.rng = rng
        self.end = _back_into_working_time((real_now or django_timezone.now()).astimezone(zone))
        self.now = self.end

    def working_days_ago(self, days: float) -> datetime:
        """The working-time moment `days` working days before the end (a day is 8:00 to 18:00)."""
        minutes = days * WORKING_MINUTES_A_DAY
        local = self.end
        while minutes > 0:
            opening = datetime.combine(local.date(), OPENS, tzinfo=self.zone)
            done = (local - opening).total_seconds() / 60
            if minutes <= done:
                return local - timedelta(minutes=minutes)
            minutes -= done
            local = _back_into_working_time(opening - timedelta(minutes=1)) + timedelta(minutes=1)
        return local

    def set(self, moment: datetime) -> None:
        self.now = min(_into_working_time(moment.astimezone(self.zone)), self.end)

    def later(self, *, at_most_days: float = 1.5) -> None:
        """Move on as the next step of a story would: a small part of the working time left until the
        end (so a story always ends before it), at least a few minutes and at most about
        `at_most_days` working days."""
        left = working_minutes_between(self.now, self.end, self.zone)
        wanted = left * self.rng.uniform(0.02, 0.25)
        longest = at_most_days * WORKING_MINUTES_A_DAY * self.rng.uniform(0.3, 1.0)
        minutes = min(max(wanted, min(5.0, left / 2)), longest)
        self.now = min(add_working_minutes(self.now, minutes + self.rng.random(), self.zone), self.end)

    @contextmanager
    def drawing_from(self, rng) -> Iterator["DemoClock"]:
        """Steps drawn from another random source while in effect: a story added with its own source
        leaves the times of all the others as they were."""
        saved, self.rng = self.rng, rng
        try:
            yield self
        finally:
            self.rng = saved

    @contextmanager
    def running(self) -> Iterator["DemoClock"]:
        """While in effect, Django's timezone.now() (and what calls it: field defaults, auto_now,
        localdate()) reads this clock."""
        real = django_timezone.datetime
        django_timezone.datetime = _clock_datetime(self)
        try:
            yield self
        finally:
            django_timezone.datetime = real


class _LikeDatetime(type):
    """isinstance() and issubclass() with the stand-in answer as they would with datetime itself."""

    def __instancecheck__(cls, instance) -> bool:
        return isinstance(instance, datetime)

    def __subclasscheck__(cls, subclass) -> bool:
        return issubclass(subclass, datetime)


def _clock_datetime(clock: DemoClock) -> type:
    class ClockDatetime(datetime, metaclass=_LikeDatetime):
        @classmethod
        def now(cls, tz=None):
            return clock.now.astimezone(tz) if tz is not None else clock.now.replace(tzinfo=None)

    return ClockDatetime
