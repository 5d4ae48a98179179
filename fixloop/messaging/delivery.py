"""Sending due messages: claim a batch, send it over one connection per channel, record the
outcome of every attempt in bulk. The delivery task (tasks.py) drains the outbox batch by batch.

Claims use SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so any number of workers on any number
of machines never send the same message twice; on SQLite the immediate write transaction does the
same for the one machine. A message's claim, its send and its record are separate steps: if a
worker dies between sending and recording, the message stays `sending` and recover_stale() takes
it up again after STALE_AFTER (it may then go out twice, the price of never losing one).

Every change of state goes through the transition table (states.py): one message with
transition(), many with settle(), which leaves a row that moved on meanwhile as it is.
"""

import logging
import os
import random
import socket
from collections import Counter
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from fixloop.messaging.models import DUE_STATES, Attempt, Message
from fixloop.messaging.optouts import opt_out_reasons, record_unsubscribed
from fixloop.messaging.states import settle, transition
from fixloop.messaging.transports import get_transport
from fixloop.messaging.transports.base import UNSUBSCRIBED, PermanentError, TransientError

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def retry_delay(attempt_count: int) -> timedelta:
    """Exponential backoff (1, 2, 4 … minutes, at most an hour) with ±25 % jitter, so that messages
    that failed together don't all come back at the same second."""
    seconds = min(FIRST_RETRY_SECONDS * 2 ** max(attempt_count - 1, 0), LONGEST_RETRY_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.75, 1.25))


def claim_due(limit: int) -> list[Message]:
    """Mark up to `limit` due messages as `sending` and return them."""
    now = timezone.now()
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
            ids, DUE_STATES, Message.State.SENDING, sending_since=now, attempt_count=F("attempt_count") + 1
        )
    claimed = Message.objects.filter(pk__in=ids, state=Message.State.SENDING)
    return list(claimed.order_by("next_attempt_at").prefetch_related("attachments"))


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
    "sending_since",
    "sent_at",
    "failed_at",
    "next_attempt_at",
    "last_error",
    "provider_id",
]


def _record(results: list[tuple[Message, Attempt | None]]) -> None:
    """Write the outcomes of a batch in one transaction. The common case, sent with nothing else to
    record, is one UPDATE for all; the rest (retries, failures, new provider ids) row by row. A
    message is written only while it is still `sending` (see recover_stale)."""
    if not results:
        return
    sent_plainly, others = [], []
    for message, _attempt in results:
        plain = message.state == Message.State.SENT and not message.provider_id_changed
        (sent_plainly if plain else others).append(message)
    with transaction.atomic():
        if sent_plainly:
            settle(
                [m.pk for m in sent_plainly],
                Message.State.SENDING,
                Message.State.SENT,
                sent_at=sent_plainly[-1].sent_at,
                sending_since=None,
                next_attempt_at=None,
                last_error="",
            )
        for message in others:
            recorded = {name: getattr(message, name) for name in RECORDED_FIELDS}
            settle([message.pk], Message.State.SENDING, message.state, **recorded)
        Attempt.objects.bulk_create(attempt for _message, attempt in results if attempt is not None)
    results.clear()


def _opted_out(batch: list[Message]) -> dict[tuple[str, str], str]:
    """Reasons for the batch's recipients who opted out after their message was queued (one query)."""
    return opt_out_reasons((message.channel, message.recipient) for message in batch)


class Tried(NamedTuple):
    """What one try to send gave: the attempt's outcome, the error text, the provider's id, and
    the transport's failure code (see transports/base.py)."""

    outcome: str
    error: str = ""
    provider_id: str = ""
    code: str = ""


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
        return Tried(Attempt.Outcome.SENT, provider_id=transport.send(message).provider_id)
    except TransientError as failure:
        return Tried(Attempt.Outcome.TRANSIENT, str(failure), code=failure.code)
    except PermanentError as failure:
        return Tried(Attempt.Outcome.PERMANENT, str(failure), code=failure.code)
    except Exception as failure:  # one broken message must not stop the queue
        logger.exception("Unexpected error sending message %s", message.pk)
        return Tried(Attempt.Outcome.PERMANENT, f"Unexpected error: {failure!r}")


def send_batch(batch: list[Message], transports: dict, unreachable: dict, worker: str) -> Counter:
    """Send each message of the batch and record the outcomes: in one transaction at the end,
    or at once for transports whose provider reports delivery. `transports` are opened once per
    channel; `unreachable` remembers channels that could not connect, so the rest of their
    messages wait for the retry instead of timing out one by one."""
    results, counts = [], Counter()
    opted_out = _opted_out(batch)
    for message in batch:
        if reason := opted_out.get((message.channel, message.recipient)):
            transition(
                message,
                Message.State.SUPPRESSED,
                state_reason=reason,
                sending_since=None,
                next_attempt_at=None,
            )
            message.provider_id_changed = False
            results.append((message, None))
            counts[message.state] += 1
            continue
        started = timezone.now()
        outcome, error, provider_id, code = _attempt(message, transports, unreachable)
        finished = timezone.now()
        if code == UNSUBSCRIBED:  # the provider knows of an opt-out we never heard of
            record_unsubscribed(message.channel, message.recipient)
        message.provider_id_changed = bool(provider_id) and provider_id != message.provider_id
        if provider_id:
            message.provider_id = provider_id
        _apply_outcome(message, outcome, error, finished)
        counts[message.state] += 1
        results.append(
            (
                message,
                Attempt(
                    message=message,
                    number=message.attempt_count,
                    started_at=started,
                    finished_at=finished,
                    outcome=outcome,
                    error=error[:4000],
                    provider_id=provider_id,
                    worker=worker,
                ),
            )
        )
        if getattr(transports.get(message.channel), "reports_delivery", False):
            _record(results)
    _record(results)
    return counts


def recover_stale(*, older_than: timedelta = STALE_AFTER) -> int:
    """Messages left `sending` by a worker that died go back to the queue."""
    now = timezone.now()
    error = "The worker stopped while sending; trying again."
    with transaction.atomic():
        stale = list(
            Message.objects.select_for_update().filter(
                state=Message.State.SENDING, sending_since__lt=now - older_than
            )
        )
        attempts = []
        for message in stale:
            attempts.append(
                Attempt(
                    message=message,
                    number=message.attempt_count,
                    started_at=message.sending_since,
                    finished_at=now,
                    outcome=Attempt.Outcome.TRANSIENT,
                    error=error,
                )
            )
        settle(
            [message.pk for message in stale],
            Message.State.SENDING,
            Message.State.RETRYING,
            next_attempt_at=now,
            sending_since=None,
            last_error=error,
        )
        Attempt.objects.bulk_create(attempts)
    return len(stale)
