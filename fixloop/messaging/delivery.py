"""Sending due messages: claim a batch, send it over one connection per channel, record the
outcome of every attempt. The delivery task (tasks.py) drains the outbox batch by batch.

Claims use SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so any number of workers on any number
of machines never send the same message twice; on SQLite the immediate write transaction does the
same for the one machine.

A claim is a lease: the worker holds its batch for LEASE and renews the lease of what it has not
sent yet as it works (renew_lease in states.py), so a slow batch stays with it. If the worker dies,
its lease runs out and recover_stale() (the worker's sweep, every few seconds) puts the rest of the
batch back in the queue within a minute. Each message's outcome and attempt are committed as soon
as the provider has answered (SMTP's 250, Twilio's 201), so a worker that dies can leave only the
one message in flight unrecorded: that one may go out twice, the price of never losing one.

Every change of state goes through the transition table (states.py): one message with
transition(), many with settle(), which leaves a row that moved on meanwhile as it is.
"""

import contextlib
import logging
import os
import random
import socket
from collections import Counter
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import Error, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from fixloop.messaging.models import DUE_STATES, PEOPLE_CHANNELS, Attempt, Message
from fixloop.messaging.optouts import record_unsubscribed
from fixloop.messaging.purposes import stale_reason
from fixloop.messaging.signals import message_failed, message_sent
from fixloop.messaging.states import renew_lease, settle, settle_held, transition
from fixloop.messaging.suppressions import reasons_not_to_send
from fixloop.messaging.transports import get_transport
from fixloop.messaging.transports.base import UNSUBSCRIBED, PermanentError, TransientError

logger = logging.getLogger(__name__)

# How long a claim holds without renewal, and how much of it is left when the worker renews it
# (before each send): a send is bounded by the transports' timeouts (EMAIL_TIMEOUT, 20 s; Twilio
# 10 s), so a live worker never loses its lease, and a dead one's batch is free after LEASE.
LEASE = timedelta(seconds=40)
RENEW_BELOW = timedelta(seconds=30)
# Messages left `sending` without a lease (by a worker of an earlier version) are free after this.
STALE_AFTER = timedelta(minutes=10)
FIRST_RETRY_SECONDS = 60
# How much of an HTTP receiver's answer an attempt keeps.
ANSWER_MAX_CHARS = 2048
LONGEST_RETRY_SECONDS = 3600


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def retry_delay(attempt_count: int) -> timedelta:
    """Exponential backoff (1, 2, 4 … minutes, at most an hour) with ±25 % jitter, so that messages
    that failed together don't all come back at the same second."""
    seconds = min(FIRST_RETRY_SECONDS * 2 ** max(attempt_count - 1, 0), LONGEST_RETRY_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.75, 1.25))


def claim_due(limit: int, worker: str = "") -> list[Message]:
    """Mark up to `limit` due messages as `sending`, leased by `worker`, and return them."""
    now = timezone.now()
    worker = worker or worker_name()
    with transaction.atomic():
        due = Message.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=now).order_by(
            "next_attempt_at"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        settle(
            ids,
            DUE_STATES,
            Message.State.SENDING,
            sending_since=now,
            leased_by=worker,
            lease_until=now + LEASE,
            attempt_count=F("attempt_count") + 1,
        )
    claimed = Message.objects.filter(pk__in=ids, state=Message.State.SENDING, leased_by=worker)
    # The work order and purpose are what purposes.py checks just before each send.
    claimed = claimed.select_related("work_order__status").prefetch_related("attachments", "purpose")
    return list(claimed.order_by("next_attempt_at"))


def _apply_outcome(message: Message, outcome: str, error: str, now) -> None:
    """Move the message on by an attempt's outcome (not saved)."""
    if outcome == Attempt.Outcome.SENT:
        transition(
            message, Message.State.SENT, sending_since=None, sent_at=now, next_attempt_at=None, last_error=""
        )
    elif outcome == Attempt.Outcome.TRANSIENT and now - message.send_after < timedelta(
        hours=settings.MESSAGE_RETRY_HOURS
    ):
        transition(
            message,
            Message.State.RETRYING,
            sending_since=None,
            last_error=error,
            next_attempt_at=now + retry_delay(message.attempt_count),
        )
    else:
        if outcome == Attempt.Outcome.TRANSIENT:
            error = f"Gave up after {settings.MESSAGE_RETRY_HOURS} hours of retrying. Last error: {error}"
        transition(
            message,
            Message.State.FAILED,
            sending_since=None,
            state_reason=error,
            last_error=error,
            failed_at=now,
            next_attempt_at=None,
        )


RECORDED_FIELDS = [
    "state_reason",
    "sent_at",
    "failed_at",
    "next_attempt_at",
    "last_error",
    "provider_id",
]


def _record(message: Message, attempt: Attempt | None, worker: str) -> bool:
    """Record one message's outcome and its attempt at once, while the worker still holds it (a
    message whose lease ran out was taken up by recover_stale and is left to that)."""
    recorded = {name: getattr(message, name) for name in RECORDED_FIELDS}
    moved = settle_held(
        message, worker, attempt, sending_since=None, leased_by="", lease_until=None, **recorded
    )
    if not moved:
        logger.warning("Message %s was taken up again before its outcome could be recorded", message.pk)
    return moved


@contextlib.contextmanager
def _commits_without_waiting_for_the_disk():
    """A commit per message that waits for PostgreSQL to flush its log to disk would cost the
    outbox much of its throughput. Without the wait, a record is at once visible to every worker
    and safe from any crash of a worker; only a crash of the database server itself can lose its
    last fraction of a second of records, and those messages then go out again (never lost)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        # A broken connection is closed anyway, and its error is the one to see.
        with contextlib.suppress(Error), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _keep_lease(rest: list[Message], worker: str) -> set[int] | None:
    """Renew the lease on the rest of the batch when less than RENEW_BELOW of it is left; returns
    the ids still held, or None when the lease needs no renewal yet."""
    now = timezone.now()
    if rest[0].lease_until is None or rest[0].lease_until - now >= RENEW_BELOW:
        return None
    until = now + LEASE
    held = renew_lease([message.pk for message in rest], worker, until)
    for message in rest:
        message.lease_until = until
    return held


def _opted_out(batch: list[Message]) -> dict[tuple[str, str], str]:
    """Reasons for the batch's recipients who opted out, or whose address was suppressed (a hard
    bounce, a complaint), after their message was queued."""
    return reasons_not_to_send((message.channel, message.recipient) for message in batch)


class Tried(NamedTuple):
    """What one try to send gave: the attempt's outcome, the error text, the provider's id, and
    the transport's failure code (see transports/base.py)."""

    outcome: str
    error: str = ""
    provider_id: str = ""
    code: str = ""
    status: int | None = None  # an HTTP receiver's status code (webhooks)
    answer: str = ""  # and the start of its answer


def _attempt(message: Message, transports: dict, unreachable: dict) -> Tried:
    """Try to send one message. Never raises."""
    try:
        if message.channel in unreachable:
            raise TransientError(unreachable[message.channel])
        transport = transports.get(message.channel)
        if transport is None:
            transport = get_transport(message.channel)
            try:
                transport.open()
            except TransientError as failure:
                unreachable[message.channel] = str(failure)
                raise
            transports[message.channel] = transport
        accepted = transport.send(message)
        return Tried(
            Attempt.Outcome.SENT,
            provider_id=accepted.provider_id,
            status=accepted.status,
            answer=accepted.answer,
        )
    except TransientError as failure:
        return Tried(
            Attempt.Outcome.TRANSIENT,
            str(failure),
            code=failure.code,
            status=failure.status,
            answer=failure.answer,
        )
    except PermanentError as failure:
        return Tried(
            Attempt.Outcome.PERMANENT,
            str(failure),
            code=failure.code,
            status=failure.status,
            answer=failure.answer,
        )
    except Exception as failure:  # one broken message must not stop the queue
        logger.exception("Unexpected error sending message %s", message.pk)
        return Tried(Attempt.Outcome.PERMANENT, f"Unexpected error: {failure!r}")


def send_batch(batch: list[Message], transports: dict, unreachable: dict, worker: str) -> Counter:
    """Send each message of the batch, recording each outcome as soon as it is known. `transports`
    are opened once per channel; `unreachable` remembers channels that could not connect, so the
    rest of their messages wait for the retry instead of timing out one by one."""
    counts, lost = Counter(), set()
    opted_out = _opted_out(batch)
    with _commits_without_waiting_for_the_disk():
        for index, message in enumerate(batch):
            held = _keep_lease(batch[index:], worker)
            if held is not None:
                lost.update(other.pk for other in batch[index:] if other.pk not in held)
            if message.pk in lost:
                continue  # its lease ran out: recovery has put it back in the queue
            reason = opted_out.get((message.channel, message.recipient))
            if _send_one(message, reason, transports, unreachable, worker):
                counts[message.state] += 1
    return counts


def _send_one(
    message: Message, opted_out: str | None, transports: dict, unreachable: dict, worker: str
) -> bool:
    """Send one message (unless its purpose has passed or its recipient opted out) and record the
    outcome; False when the worker no longer held it."""
    if _cancelled_as_stale(message):
        return _record(message, None, worker)
    if opted_out:
        transition(
            message,
            Message.State.SUPPRESSED,
            state_reason=opted_out,
            sending_since=None,
            next_attempt_at=None,
        )
        return _record(message, None, worker)
    started = timezone.now()
    outcome, error, provider_id, code, status, answer = _attempt(message, transports, unreachable)
    finished = timezone.now()
    if code == UNSUBSCRIBED:  # the provider knows of an opt-out we never heard of
        record_unsubscribed(message.channel, message.recipient)
    if provider_id:
        message.provider_id = provider_id
    _apply_outcome(message, outcome, error, finished)
    attempt = Attempt(
        message=message,
        number=message.attempt_count,
        started_at=started,
        finished_at=finished,
        outcome=outcome,
        error=error[:4000],
        provider_id=provider_id,
        worker=worker,
        response_status=status,
        response_excerpt=answer[:ANSWER_MAX_CHARS],
    )
    if message.channel not in PEOPLE_CHANNELS:
        return _record(message, attempt, worker)
    if message.state == Message.State.SENT and message_sent.has_listeners(Message):
        moved = _record(message, attempt, worker)
        if moved:
            _tell_sent(message)
        return moved
    if message.state != Message.State.FAILED:
        return _record(message, attempt, worker)
    with transaction.atomic():  # the failure and what listeners write about it (webhooks), together
        moved = _record(message, attempt, worker)
        if moved:
            message_failed.send(sender=Message, message=message)
    return moved


def _tell_sent(message: Message) -> None:
    """Tell the listeners of message_sent, after the send is recorded: a listener that fails loses
    its own writes (a savepoint), never the record of the send, so the message never goes out twice."""
    try:
        with transaction.atomic():
            message_sent.send(sender=Message, message=message)
    except Exception:
        logger.exception("A listener of message %s being sent failed", message.pk)


def _cancelled_as_stale(message: Message) -> bool:
    """Cancel (not saved) a message that is no longer true, just before it would go out
    (purposes.py: the estimate was decided, the link revoked, the booking withdrawn, …)."""
    reason = stale_reason(message)
    if reason:
        transition(
            message,
            Message.State.CANCELLED,
            state_reason=reason,
            sending_since=None,
            next_attempt_at=None,
        )
    return bool(reason)


def recover_stale() -> int:
    """Messages whose worker's lease ran out (the worker died) go back to the queue, each with an
    attempt that says so."""
    now = timezone.now()
    error = "The worker stopped while sending; trying again."
    expired = Q(lease_until__lt=now) | Q(lease_until__isnull=True, sending_since__lt=now - STALE_AFTER)
    with transaction.atomic():
        stale = list(Message.objects.select_for_update().filter(expired, state=Message.State.SENDING))
        attempts = []
        for message in stale:
            attempts.append(
                Attempt(
                    message=message,
                    number=message.attempt_count,
                    started_at=message.sending_since or now,
                    finished_at=now,
                    outcome=Attempt.Outcome.TRANSIENT,
                    error=error,
                    worker=message.leased_by,
                )
            )
        settle(
            [message.pk for message in stale],
            Message.State.SENDING,
            Message.State.RETRYING,
            next_attempt_at=now,
            sending_since=None,
            leased_by="",
            lease_until=None,
            last_error=error,
        )
        Attempt.objects.bulk_create(attempts)
    if stale:
        logger.warning("Took up %d messages left sending by a worker that stopped", len(stale))
    return len(stale)
