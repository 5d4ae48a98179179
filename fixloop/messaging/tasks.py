"""Background tasks of the messaging engine, run by `fixloop worker`, and how they are woken.

A delivery task is a wake-up: it drains every due message, batch by batch through delivery.py.
Queueing messages adds at most one waiting task (wake_worker); the worker's sweep takes up what a
crashed worker left behind and wakes delivery for retries that have come due.
"""

import logging
import time
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from fixloop.messaging import bounce_mailbox
from fixloop.messaging.delivery import claim_due, recover_stale, send_batch, worker_name
from fixloop.messaging.models import DUE_STATES, Message

# Workers take waiting tasks by priority, then in order. Sending goes first: it is quick, and a
# message waits for its wake-up task, which would otherwise queue behind long work such as the
# chunks of a status report run (a minute or more of them for 10,000 accounts).
DELIVERY_PRIORITY = 10
BATCH_SIZE = 50
TIME_BUDGET_SECONDS = 30
# How often the bounce mailbox (BOUNCE_MAILBOX_URL) is read.
BOUNCE_MAILBOX_EVERY = timedelta(minutes=5)

logger = logging.getLogger(__name__)


@task(priority=DELIVERY_PRIORITY)
def deliver_messages() -> dict:
    """Send every message that is due (a wake-up: one task drains many messages)."""
    return deliver_due()


def wake_worker(run_after: datetime | None = None) -> None:
    """Enqueue a delivery task unless one that runs by `run_after` is already waiting: queueing
    many messages adds at most one task."""
    now = timezone.now()
    target = max(run_after or now, now)
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=deliver_messages.module_path
    ).filter(Q(run_after=get_date_max()) | Q(run_after__lte=target))
    if waiting.exists():
        return
    wake_up = deliver_messages if target <= now else deliver_messages.using(run_after=target)
    wake_up.enqueue()


def deliver_due(*, batch_size: int = BATCH_SIZE, time_budget: float = TIME_BUDGET_SECONDS) -> dict:
    """Send due messages until none are left or the time budget is spent; returns counts by state."""
    worker, deadline, counts = worker_name(), time.monotonic() + time_budget, Counter()
    transports, unreachable = {}, {}
    try:
        while True:
            batch = claim_due(batch_size, worker)
            if not batch:
                break
            if len(batch) == batch_size:
                wake_worker()  # more are due: let another worker join in
            counts += send_batch(batch, transports, unreachable, worker)
            if time.monotonic() > deadline:
                wake_worker()  # hand the rest to a fresh task, so other tasks get their turn
                break
    finally:
        for transport in transports.values():
            transport.close()
    return dict(counts)


@task()
def read_bounce_mailbox() -> dict:
    """Read the bounce mailbox once: {"matched": n, "unmatched": n}, or {"error": text} when it
    cannot be reached (the next read tries again)."""
    try:
        return bounce_mailbox.read_mailbox()
    except bounce_mailbox.MailboxError as error:
        logger.warning("%s", error)
        return {"error": str(error)}


def wake_bounce_reader(now: datetime | None = None) -> None:
    """Enqueue a read of the bounce mailbox when one is configured and none is waiting, running or
    finished within BOUNCE_MAILBOX_EVERY: however many workers sweep, it is read every few minutes."""
    if not settings.BOUNCE_MAILBOX:
        return
    now = now or timezone.now()
    recent = DBTaskResult.objects.filter(task_path=read_bounce_mailbox.module_path).filter(
        Q(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        | Q(finished_at__gte=now - BOUNCE_MAILBOX_EVERY)
    )
    if not recent.exists():
        read_bounce_mailbox.enqueue()


def sweep() -> None:
    """What the worker does every few seconds besides running tasks: take up messages whose worker
    died (their lease ran out), make sure a task exists for anything due (e.g. retries whose
    time has come), and have the bounce mailbox read every few minutes."""
    recover_stale()
    if Message.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=timezone.now()).exists():
        wake_worker()
    wake_bounce_reader()
