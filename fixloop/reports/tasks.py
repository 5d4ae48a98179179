"""Background tasks of the status reports, run by `fixloop worker`.

A run is shared among the workers: the run's task splits the pending accounts into chunks, one task
each; whichever chunk leaves nothing pending finishes the run. A chunk that is lost (a worker killed)
is taken up by the scheduler after a while (scheduler.resume_stalled), or at once by running the
date again (`fixloop send-status-reports`); either resumes the run.
"""

from django_tasks import task

# Accounts per chunk task: small enough that the workers finish the last chunks close together.
CHUNK_SIZE = 100


def _counts(run) -> dict:
    return {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}


@task()
def process_report_run(run_id: int, chunk_size: int = CHUNK_SIZE) -> dict:
    """Send the reports of one run: itself when they fit one chunk, else through chunk tasks."""
    from fixloop.reports.models import ReportRun
    from fixloop.reports.services import pending_subscriptions, process_run

    run = ReportRun.objects.get(pk=run_id)
    if run.state == ReportRun.State.FINISHED:
        return _counts(run)
    pending = list(pending_subscriptions(run).values_list("customer_id", flat=True))
    if len(pending) <= chunk_size:
        return _counts(process_run(run))
    chunks = [pending[start : start + chunk_size] for start in range(0, len(pending), chunk_size)]
    for chunk in chunks:
        process_report_chunk.enqueue(run_id, chunk)
    return {"chunks": len(chunks)}


@task()
def process_report_chunk(run_id: int, customer_ids: list[int]) -> dict:
    from fixloop.reports.models import ReportRun
    from fixloop.reports.services import process_run

    run = ReportRun.objects.get(pk=run_id)
    if run.state == ReportRun.State.FINISHED:
        return _counts(run)
    run = process_run(run, customer_ids=customer_ids)
    return {"state": run.state, "accounts": len(customer_ids)}
