"""The scheduler's one step: if today's run is due and does not exist, create it and enqueue the task
that sends it, in one transaction. The run's key is unique, so two schedulers (or a restart) create
it once. It also takes up runs left unfinished (see resume_stalled)."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fixloop.reports.models import ReportRun, ReportSchedule
from fixloop.reports.schedule import due_date
from fixloop.reports.tasks import process_report_chunk, process_report_run

STALLED_AFTER = timedelta(minutes=10)


def resume_stalled(now: datetime | None = None) -> list[ReportRun]:
    """Runs still "running" with no account recorded for STALLED_AFTER and no task waiting or
    running for them (a worker was stopped mid-run): their task is queued again. Resuming sends only
    what the run still owes; items and message keys are unique, so nothing goes out twice."""
    now = now or timezone.now()
    resumed = []
    stalled = ReportRun.objects.filter(state=ReportRun.State.RUNNING, started_at__lt=now - STALLED_AFTER)
    for run in stalled.annotate(last_item=Max("items__created_at")):
        if run.last_item is not None and now - run.last_item < STALLED_AFTER:
            continue
        tasks = DBTaskResult.objects.filter(
            task_path__in=[process_report_run.module_path, process_report_chunk.module_path],
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            args_kwargs__args__0=run.pk,
        )
        if not tasks.exists():
            process_report_run.enqueue(run.pk)
            resumed.append(run)
    return resumed


def tick(now: datetime | None = None) -> ReportRun | None:
    """The run created by this step, or None (nothing due, or it exists already)."""
    now = now or timezone.now()
    resume_stalled(now)
    report_date = due_date(now, ReportSchedule.get())
    if report_date is None:
        return None
    key = ReportRun.key_for(report_date)
    if ReportRun.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            run = ReportRun.objects.create(report_date=report_date, key=key, trigger="schedule")
            process_report_run.enqueue(run.pk)
    except IntegrityError:
        return None
    return run
