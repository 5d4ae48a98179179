"""The only place report runs change state.

`start_run` creates the run for a local date (one per date: its key is unique, a second needs
`force`); `process_run` goes through the subscribed accounts that have no item in the run yet and,
per account, in one transaction, records the item and queues its message(s) with a dedupe key of
run, account and method. A run that crashed is resumed by processing it again: accounts already
done are not touched, and a message queued twice is the same message.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.documents.pdf import PDF_TYPE
from fixloop.documents.status_report import (
    open_by_status,
    render_status_report,
    status_report_data,
    status_report_filename,
)
from fixloop.messaging import services as messaging
from fixloop.messaging.models import Channel, Message
from fixloop.repairs import tracking
from fixloop.repairs.models import WorkOrder
from fixloop.reports.models import ReportRun, ReportRunItem, ReportSchedule, ReportSubscription
from fixloop.reports.selection import select_methods
from fixloop.shop.models import ShopProfile

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class RunExists(ValidationError):
    """A run for this date exists already (a second one needs force)."""


@dataclass
class DryRunResult:
    report_date: date
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def subscriptions():
    return ReportSubscription.objects.filter(active=True).select_related("customer").order_by("customer_id")


def work_orders_for(subscription: ReportSubscription, now=None) -> list[WorkOrder]:
    """The account's open repairs, plus those closed within its chosen number of days."""
    now = now or timezone.now()
    condition = Q(closed_at__isnull=True)
    if subscription.include_closed_days:
        condition |= Q(closed_at__gte=now - timedelta(days=subscription.include_closed_days))
    return list(
        WorkOrder.objects.filter(customer_id=subscription.customer_id)
        .filter(condition)
        .select_related("unit", "location", "status")
        .order_by("opened_at", "id")
    )


@transaction.atomic
def start_run(report_date: date, *, force: bool = False, trigger: str = "manual") -> ReportRun:
    """The run for `report_date`: a new one, or the unfinished one to resume. A finished run for the
    date refuses a second unless `force`, which starts a separate run."""
    key = ReportRun.key_for(report_date)
    if force:
        key = f"{key}:forced:{uuid.uuid4().hex[:12]}"
    existing = ReportRun.objects.select_for_update().filter(key=key).first()
    if existing is not None:
        if existing.state == ReportRun.State.FINISHED:
            raise RunExists(
                _("The status reports for %(date)s were sent already; force a second run to send again.")
                % {"date": report_date.isoformat()}
            )
        return existing
    try:
        with transaction.atomic():
            return ReportRun.objects.create(report_date=report_date, key=key, forced=force, trigger=trigger)
    except IntegrityError:
        return ReportRun.objects.get(key=key)


def _report_date_text(report_date: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(report_date, "SHORT_DATE_FORMAT")


def _tracking_lines(work_orders: list[WorkOrder]) -> str:
    open_orders = [work_order for work_order in work_orders if work_order.closed_at is None]
    urls = tracking.customer_urls(open_orders, by=Actor.system("status report"))
    return "\n".join(f"{wo.number}: {urls[wo.pk]}" for wo in open_orders if wo.pk in urls)


def _send_one(run: ReportRun, subscription: ReportSubscription) -> ReportRunItem:
    customer = subscription.customer
    selection = select_methods(subscription)
    if not selection.methods:
        return ReportRunItem.objects.create(
            run=run,
            customer=customer,
            outcome=ReportRunItem.Outcome.SKIPPED,
            reason=selection.reason or _("No method to send the report by."),
        )
    item = ReportRunItem.objects.create(run=run, customer=customer, outcome=ReportRunItem.Outcome.SENT)
    language = customer.language or ShopProfile.get().default_language
    work_orders = work_orders_for(subscription)
    data = status_report_data(customer, work_orders, run.report_date, language, subscription.custom_message)
    pdf = render_status_report(data)
    attachment = (status_report_filename(customer, run.report_date), PDF_TYPE, pdf)
    context = {
        "report_date": _report_date_text(run.report_date, language),
        "open_repairs": str(sum(1 for work_order in work_orders if work_order.closed_at is None)),
        "status_summary": open_by_status(data),
        "custom_message": subscription.custom_message,
        "tracking_links": _tracking_lines(work_orders),
    }
    sent, problems = [], list(selection.problems)
    for channel in selection.methods:
        message = messaging.queue_message(
            "status_report",
            channel=channel,
            customer=customer,
            language=language,
            context=context,
            attachments=[attachment],
            dedupe_key=f"status_report:{run.pk}:{customer.pk}:{channel}",
        )
        if channel == Channel.EMAIL:
            item.message = message
        else:
            item.fax_message = message
        if message.state == Message.State.SUPPRESSED:
            problems.append(message.state_reason)
        else:
            sent.append(channel)
    item.method = "+".join(sent)
    item.reason = " ".join(problems)
    if not sent:
        item.outcome = ReportRunItem.Outcome.SKIPPED
    item.save()
    return item


def pending_subscriptions(run: ReportRun):
    """The subscribed accounts the run has not recorded yet."""
    return subscriptions().exclude(customer_id__in=run.items.values("customer_id"))


def process_run(
    run: ReportRun, *, progress: Progress | None = None, customer_ids: list[int] | None = None
) -> ReportRun:
    """Send the reports the run still owes (with `customer_ids`: only those accounts' — a share of
    the run for one worker; the share that leaves nothing pending finishes the run)."""
    done_ids = set(run.items.values_list("customer_id", flat=True))
    logger.info(
        "Status report run %s for %s %s", run.pk, run.report_date, "resumed" if done_ids else "started"
    )
    pending = [subscription for subscription in subscriptions() if subscription.customer_id not in done_ids]
    if customer_ids is not None:
        share = set(customer_ids)
        pending = [subscription for subscription in pending if subscription.customer_id in share]
    total, done = len(pending) + len(done_ids), len(done_ids)
    if progress:
        progress(done, total)
    for subscription in pending:
        try:
            with transaction.atomic():
                item = _send_one(run, subscription)
            logger.debug(
                "Status report for %s: %s %s %s",
                subscription.customer,
                item.outcome,
                item.method,
                item.reason,
            )
        except Exception as error:  # one account's failure must not stop the run
            if not run.items.filter(customer=subscription.customer).exists():  # else: done by another process
                logger.exception("Status report for %s failed", subscription.customer)
                _record_failure(run, subscription, error)
        done += 1
        if progress:
            progress(done, total)
    if customer_ids is not None and pending_subscriptions(run).exists():
        return run
    return finish_run(run)


def _record_failure(run: ReportRun, subscription: ReportSubscription, error: Exception) -> None:
    try:
        with transaction.atomic():
            ReportRunItem.objects.create(
                run=run,
                customer=subscription.customer,
                outcome=ReportRunItem.Outcome.FAILED,
                reason=str(error)[:2000] or error.__class__.__name__,
            )
    except IntegrityError:
        pass  # recorded by another process in the meantime


def finish_run(run: ReportRun) -> ReportRun:
    counts = {row["outcome"]: row["n"] for row in run.items.values("outcome").annotate(n=Count("id"))}
    run.sent = counts.get(ReportRunItem.Outcome.SENT, 0)
    run.skipped = counts.get(ReportRunItem.Outcome.SKIPPED, 0)
    run.failed = counts.get(ReportRunItem.Outcome.FAILED, 0)
    run.state = ReportRun.State.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["sent", "skipped", "failed", "state", "finished_at"])
    logger.info(
        "Status report run %s finished: %s sent, %s skipped, %s failed",
        run.pk,
        run.sent,
        run.skipped,
        run.failed,
    )
    return run


def preview(report_date: date, *, progress: Progress | None = None) -> DryRunResult:
    """What a run would do, without writing anything."""
    result = DryRunResult(report_date)
    pending = list(subscriptions())
    for done, subscription in enumerate(pending, start=1):
        if select_methods(subscription).methods:
            result.sent += 1
        else:
            result.skipped += 1
        if progress:
            progress(done, len(pending))
    return result


def run_reports(
    report_date: date,
    *,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    trigger: str = "manual",
):
    """Send (or, with dry_run, count) the reports for a local date: the ReportRun, or a DryRunResult."""
    if dry_run:
        return preview(report_date, progress=progress)
    run = start_run(report_date, force=force, trigger=trigger)
    return process_run(run, progress=progress)


# ----------------------------------------------------------------------------- settings


@transaction.atomic
def save_subscription(customer, **fields) -> ReportSubscription:
    """Store an account's report settings (active, methods, prioritise, custom_message,
    include_closed_days) after checking them; bad input changes nothing."""
    subscription = ReportSubscription.objects.filter(customer=customer).first() or ReportSubscription(
        customer=customer
    )
    for name, value in fields.items():
        setattr(subscription, name, value)
    subscription.custom_message = (subscription.custom_message or "").strip()
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def save_schedule(**fields) -> ReportSchedule:
    """Store the schedule (active, time_of_day, weekdays, weekends)."""
    schedule = ReportSchedule.get()
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def start_in_background(report_date: date, *, force: bool = False, trigger: str = "manual") -> ReportRun:
    """Create (or take up) the run for `report_date` and enqueue the task that sends it, in one
    transaction: a worker sends the reports, the caller returns at once."""
    from fixloop.reports.tasks import process_report_run

    run = start_run(report_date, force=force, trigger=trigger)
    process_report_run.enqueue(run.pk)
    return run


def live_counts(run: ReportRun) -> dict:
    """The counts while a run is going (a finished run has them stored)."""
    counts = {row["outcome"]: row["n"] for row in run.items.values("outcome").annotate(n=Count("id"))}
    done = sum(counts.values())
    total = done if run.state == ReportRun.State.FINISHED else max(done, subscriptions().count())
    return {
        "sent": counts.get(ReportRunItem.Outcome.SENT, 0),
        "skipped": counts.get(ReportRunItem.Outcome.SKIPPED, 0),
        "failed": counts.get(ReportRunItem.Outcome.FAILED, 0),
        "done": done,
        "total": total,
    }
