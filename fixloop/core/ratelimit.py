"""Rate limits that hold under concurrency: every try is counted by one atomic statement on one
row per limit and subject (`core.TryCounter`), in the database every web process shares.

How tries are counted — a sliding window built from two fixed windows, kept strict:
the clock is cut into fixed windows of the limit's length; a row keeps the allowed tries of the
current window and of the one before, and the time of the last allowed try of each. A try is
allowed when the tries that can still lie within the last `seconds` plus this one stay within
`tries`: the previous window's tries count in full as long as its *last* try is less than
`seconds` ago, and not at all afterwards. The usual weighted estimate (previous count × the
remaining fraction) lets nearly twice the limit through when a burst sits at the end of a window;
a token bucket does the same after a full bucket. This rule never allows more than `tries` in any
`seconds`; the price is that after a burst the subject waits until a full window has passed since
its last allowed try. Refused tries are not counted, so they do not lengthen the wait.

One `INSERT … ON CONFLICT … DO UPDATE … RETURNING` statement reads, decides and writes: PostgreSQL
locks the row for the statement, and SQLite (≥ 3.35, immediate transactions) writes one at a time,
so concurrent tries are counted one after the other and exactly `tries` get through.
"""

import hashlib
import ipaddress
import math
import random
import time
from dataclasses import dataclass

from django.db import connection

from fixloop.core.models import TryCounter

CLEANUP_SHARE = 0.01  # on one call in a hundred, expired rows are deleted


@dataclass(frozen=True)
class Limit:
    name: str
    tries: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until a try can be allowed again (0 when allowed)


def address_key(ip: str | None) -> str:
    """One key per IPv4 address, and per /64 for IPv6 (one household or device gets a whole /64)."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


# The row as it stands once shifted to the current window (%(slot)s): the old row's "current"
# becomes "previous" when one window has passed, and both are forgotten after two.
_PREV_COUNT = (
    "CASE WHEN t.slot = %(slot)s THEN t.prev_count WHEN t.slot = %(slot)s - 1 THEN t.count ELSE 0 END"
)
_PREV_LAST = "CASE WHEN t.slot = %(slot)s THEN t.prev_last_at WHEN t.slot = %(slot)s - 1 THEN t.last_at END"
_COUNT = "CASE WHEN t.slot = %(slot)s THEN t.count ELSE 0 END"
_LAST = "CASE WHEN t.slot = %(slot)s THEN t.last_at END"
# Previous tries still within the last `seconds` count in full (see the module's docstring).
_ALLOWED = (
    f"(CASE WHEN ({_PREV_LAST}) > %(now)s - %(seconds)s THEN ({_PREV_COUNT}) ELSE 0 END)"
    f" + ({_COUNT}) + 1 <= %(tries)s"
)

# Built from the constant fragments above only; every value goes in as a parameter.
_UPSERT = f"""
INSERT INTO {TryCounter._meta.db_table} AS t
    (key, slot, count, last_at, prev_count, prev_last_at, allowed, expires_at)
VALUES (%(key)s, %(slot)s, 1, %(now)s, 0, NULL, TRUE, %(expires_at)s)
ON CONFLICT (key) DO UPDATE SET
    slot = %(slot)s,
    prev_count = {_PREV_COUNT},
    prev_last_at = {_PREV_LAST},
    count = ({_COUNT}) + CASE WHEN {_ALLOWED} THEN 1 ELSE 0 END,
    last_at = CASE WHEN {_ALLOWED} THEN %(now)s ELSE {_LAST} END,
    allowed = {_ALLOWED},
    expires_at = %(expires_at)s
RETURNING allowed, count, last_at, prev_last_at
"""  # noqa: S608


def count_try(limit: Limit, subject: str) -> Verdict:
    """Count one try of `subject` (an address, an order number) against `limit`, atomically."""
    now = time.time()
    slot = math.floor(now / limit.seconds)
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    params = {
        "key": f"{limit.name}:{digest}"[:100],
        "slot": slot,
        "now": now,
        "seconds": limit.seconds,
        "tries": limit.tries,
        # Once the current window and a full window after it are over, the row says nothing.
        "expires_at": (slot + 2) * limit.seconds,
    }
    # One statement is atomic on its own: no transaction of its own (a BEGIN and a COMMIT fewer).
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, params)
        allowed, count, last_at, prev_last_at = cursor.fetchone()
    if random.random() < CLEANUP_SHARE:
        delete_expired(now)
    if allowed:
        return Verdict(allowed=True, retry_after=0)
    if count >= limit.tries:  # the current window is full: wait until its last try is old enough
        free_at = last_at + limit.seconds
    else:  # the previous window's tries are still recent: until they are, or this window ends
        free_at = min(prev_last_at + limit.seconds, (slot + 1) * limit.seconds)
    return Verdict(allowed=False, retry_after=max(1, math.ceil(free_at - now)))


def delete_expired(now: float | None = None) -> int:
    """Delete the counters that say nothing any more (so the table does not grow forever)."""
    now = time.time() if now is None else now
    deleted, _ = TryCounter.objects.filter(expires_at__lt=now).delete()
    return deleted
