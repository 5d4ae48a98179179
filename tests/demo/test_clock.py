"""The demo clock: working time (weekdays, 8:00 to 18:00 in the shop's zone) and Django's now()
reading it while the demo is seeded."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from fixloop.demo.clock import DemoClock, add_working_minutes, is_working_time, working_minutes_between

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_working_minutes_skip_the_night_and_the_weekend():
    friday_afternoon = at(2026, 12, 4, 17, 30)
    assert add_working_minutes(friday_afternoon, 45, BERLIN) == at(2026, 12, 7, 8, 15)  # Monday
    assert add_working_minutes(at(2026, 12, 5, 11, 0), 10, BERLIN) == at(2026, 12, 7, 8, 10)  # from Saturday
    assert working_minutes_between(friday_afternoon, at(2026, 12, 7, 8, 15), BERLIN) == 45


def test_the_clock_ends_at_the_last_working_moment_before_now_and_counts_back_working_days():
    sunday_night = at(2026, 12, 6, 23, 30)
    clock = DemoClock(BERLIN, random.Random(1), real_now=sunday_night)
    assert clock.end == at(2026, 12, 4, 17, 59)
    assert clock.working_days_ago(1) == at(2026, 12, 3, 17, 59)
    assert clock.working_days_ago(5) == at(2026, 11, 27, 17, 59)  # a week: the weekend does not count
    assert clock.working_days_ago(0.5) == at(2026, 12, 4, 12, 59)


def test_steps_move_on_in_working_time_and_never_past_the_end():
    clock = DemoClock(BERLIN, random.Random(3), real_now=at(2026, 12, 2, 10, 0))
    clock.set(clock.working_days_ago(10))
    moments = [clock.now]
    for _ in range(60):
        clock.later()
        moments.append(clock.now)
    assert moments == sorted(moments)
    assert all(is_working_time(moment, BERLIN) for moment in moments)
    assert moments[-1] <= clock.end
    assert moments[5] - moments[0] > timedelta(hours=1)  # the early steps are spread out


def test_while_it_runs_django_reads_the_clock_and_afterwards_the_real_time(db):
    from fixloop.messaging.models import OptOut  # changed_at: default=timezone.now
    from tests.factories import CustomerAccountFactory  # created_at: auto_now_add

    clock = DemoClock(BERLIN, random.Random(1), real_now=at(2026, 11, 20, 12, 0))
    clock.set(at(2026, 11, 10, 9, 30))
    with clock.running():
        assert timezone.now() == at(2026, 11, 10, 9, 30)
        assert timezone.localdate(timezone=BERLIN).isoformat() == "2026-11-10"
        assert timezone.template_localtime(timezone.now()).tzinfo is not None  # still a datetime to Django
        opt_out = OptOut.objects.create(channel="sms", address="+4915112345678")
        customer = CustomerAccountFactory()
    assert opt_out.changed_at == at(2026, 11, 10, 9, 30)
    assert customer.created_at == at(2026, 11, 10, 9, 30)
    assert abs(timezone.now() - datetime.now(tz=BERLIN)) < timedelta(minutes=1)
