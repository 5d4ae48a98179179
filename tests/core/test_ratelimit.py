"""Rate limits: counted atomically (exactly the limit gets through concurrent tries), never more
than the limit within any window's length, even across a window boundary, and old rows go."""

import hashlib
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from fixloop.core import ratelimit
from fixloop.core.models import TryCounter
from fixloop.core.ratelimit import Limit, count_try

PER_MINUTE = Limit("test-minute", tries=10, seconds=60)
START = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)


def _at(time_machine, seconds):
    time_machine.move_to(START + timedelta(seconds=seconds), tick=False)


@pytest.mark.django_db
def test_no_more_than_the_limit_within_any_minute_across_a_window_boundary(time_machine):
    """A burst at the end of a window, then a try every half second for two minutes."""
    allowed = []
    moments = [59.0 + i / 100 for i in range(20)] + [60 + i / 2 for i in range(240)]
    for moment in moments:
        _at(time_machine, moment)
        if count_try(PER_MINUTE, "203.0.113.9").allowed:
            allowed.append(moment)
    assert allowed[:10] == moments[:10]  # the burst is allowed up to the limit
    for first in allowed:
        assert len([m for m in allowed if first <= m < first + 60]) <= PER_MINUTE.tries
    assert len(allowed) >= 2 * PER_MINUTE.tries  # and the subject gets its tries again later


@pytest.mark.django_db
def test_a_refused_try_says_when_the_next_one_can_go_through(time_machine):
    _at(time_machine, 10)
    for _ in range(PER_MINUTE.tries):
        assert count_try(PER_MINUTE, "a").allowed
    _at(time_machine, 25)
    verdict = count_try(PER_MINUTE, "a")
    assert not verdict.allowed and verdict.retry_after == 45
    _at(time_machine, 69)
    assert not count_try(PER_MINUTE, "a").allowed
    _at(time_machine, 70)
    assert count_try(PER_MINUTE, "a").allowed
    assert count_try(PER_MINUTE, "b").allowed  # each subject counts for itself


@pytest.mark.django_db
def test_expired_counters_are_deleted(time_machine):
    _at(time_machine, 10)
    count_try(PER_MINUTE, "old")
    _at(time_machine, 130)
    count_try(PER_MINUTE, "new")
    assert ratelimit.delete_expired() == 1
    assert list(TryCounter.objects.values_list("key", flat=True)) == [f"{PER_MINUTE.name}:" + _digest("new")]


@pytest.mark.django_db
def test_a_counter_left_two_windows_ago_starts_afresh(time_machine):
    _at(time_machine, 10)
    for _ in range(PER_MINUTE.tries + 3):
        count_try(PER_MINUTE, "a")
    _at(time_machine, 200)
    assert all(count_try(PER_MINUTE, "a").allowed for _ in range(PER_MINUTE.tries))
    assert not count_try(PER_MINUTE, "a").allowed


def _digest(subject):
    return hashlib.sha256(subject.encode()).hexdigest()[:32]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_tries_let_exactly_the_limit_through():
    barrier = threading.Barrier(30)
    verdicts = []

    def one_try():
        try:
            barrier.wait()
            verdicts.append(count_try(PER_MINUTE, "198.51.100.7").allowed)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_try) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(verdicts) == 30
    assert verdicts.count(True) == PER_MINUTE.tries
