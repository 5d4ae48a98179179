"""The scheduler's one step: if today's run is due and does not exist, create it and enqueue the task
that sends it, in one transaction. The run's key is unique, so two schedulers (or a restart) create
it once."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from fixloop.reports.models import ReportRun, ReportSchedule
from fixloop.reports.schedule import due_date
from fixloop.reports.tasks import process_report_run


def tick(now: datetime | None = None) -> ReportRun | None:
    """The run created by this step, or None (nothing due, or it exists already)."""
    now = now or timezone.now()
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
