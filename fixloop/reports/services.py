"""The only place report runs change state.

`start_run` creates the run for a local date (one per date: its key is unique, a second needs
`force`); `process_run` goes through the subscribed accounts that have no item in the run yet, a
batch of accounts at a time: what the batch needs is loaded together (repairs, tracking links —
those never issued are issued together — statuses, opt-outs, wording), each account's report is
rendered, and the items are recorded with their message(s) (dedupe key: run, account and method)
in one transaction per batch. A run that crashed is resumed by processing it again: accounts
already done are not touched, and a message queued twice is the same message. A batch that cannot
be recorded whole (another process recorded one of its accounts meanwhile) is recorded account by
account.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fixloop.core.actor import Actor
from fixloop.core.formats import date_text
from fixloop.documents.pdf import PDF_TYPE
from fixloop.documents.status_report import (
    open_by_status,
    render_status_report,
    status_report_data,
    status_report_filename,
)
from fixloop.estimates import presentation, summaries
from fixloop.messaging import services as messaging
from fixloop.messaging.models import Channel, Message
from fixloop.messaging.optouts import kind_opt_out_reasons
from fixloop.messaging.rendering import template_source
from fixloop.messaging.suppressions import reasons_not_to_send
from fixloop.portal import approval_links
from fixloop.portal.links import tracking_url
from fixloop.repairs import services as repairs
from fixloop.repairs.history import seen_statuses
from fixloop.repairs.models import Status, WorkOrder
from fixloop.reports.models import ReportRun, ReportRunItem, ReportSchedule, ReportSubscription
from fixloop.reports.selection import Selection, select_methods
from fixloop.shop.models import ShopProfile

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Accounts rendered and recorded together, in one transaction: a few statements and one commit for
# them all instead of a dozen per account; a crash loses at most one batch's work (never a send).
BATCH_SIZE = 25


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
    return work_orders_by_customer([subscription], now)[subscription.customer_id]


def work_orders_by_customer(subscriptions: list[ReportSubscription], now=None) -> dict[int, list[WorkOrder]]:
    """{customer id: work_orders_for(its subscription)} for many accounts, with one query."""
    now = now or timezone.now()
    since = {
        s.customer_id: now - timedelta(days=s.include_closed_days) if s.include_closed_days else None
        for s in subscriptions
    }
    condition = Q(closed_at__isnull=True)
    if cutoffs := [cutoff for cutoff in since.values() if cutoff is not None]:
        condition |= Q(closed_at__gte=min(cutoffs))
    found: dict[int, list[WorkOrder]] = {customer_id: [] for customer_id in since}
    listed = (
        WorkOrder.objects.filter(customer_id__in=since)
        .filter(condition)
        .select_related("unit", "location")  # the statuses are looked up once (status_report_data)
        .order_by("opened_at", "id")
    )
    for work_order in listed:
        cutoff = since[work_order.customer_id]
        if work_order.closed_at is None or (cutoff is not None and work_order.closed_at >= cutoff):
            found[work_order.customer_id].append(work_order)
    return found


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
        return date_text(report_date)


def open_repairs_text(count: int, language: str) -> str:
    """ "1 open repair", "2 open repairs" (German "1 offene Reparatur"): the count with its noun."""
    with translation.override(language):
        return ngettext("%(count)d open repair", "%(count)d open repairs", count) % {"count": count}


# ----------------------------------------------------------------------------- one batch of accounts


@dataclass
class Report:
    """One account's report, rendered and not yet recorded: its messages (one per method), or why
    it is skipped, or the error that stopped it."""

    subscription: ReportSubscription
    drafts: list[messaging.Draft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: str = ""
    error: Exception | None = None


class _Shared:
    """What the accounts of a batch have in common, loaded once for the batch: their repairs, the
    tracking links of the open ones (those never issued are issued together), the statuses the
    customers see, opt-outs of their addresses, and the message wording."""

    def __init__(self, subscriptions: list[ReportSubscription], selections: dict[int, Selection]):
        self.work_orders = work_orders_by_customer(subscriptions)
        listed = [work_order for orders in self.work_orders.values() for work_order in orders]
        tokens = repairs.customer_tokens(
            [work_order for work_order in listed if work_order.closed_at is None],
            by=Actor.system("status report"),
        )
        self.urls = {pk: tracking_url(token) for pk, token in tokens.items()}
        self.statuses = {status.pk: status for status in Status.objects.all()}
        self.seen = seen_statuses(listed, self.statuses)
        self.estimates = summaries.for_work_orders(work_order.pk for work_order in listed)
        waiting = {
            customer_id
            for customer_id, orders in self.work_orders.items()
            if any(self.estimates.get(wo.pk) and self.estimates[wo.pk].awaiting for wo in orders)
        }
        self.approval_urls = approval_links.account_urls(waiting, by=Actor.system("status report"))
        self.opt_outs = reasons_not_to_send(
            (channel, selection.recipients[channel])
            for selection in selections.values()
            for channel in selection.methods
        )
        self.unsubscribed = kind_opt_out_reasons((s.customer_id for s in subscriptions), "status_report")
        self.default_language = ShopProfile.get().default_language
        self._wording: dict[tuple[str, str], tuple[str, str]] = {}

    def wording(self, channel: str, language: str) -> tuple[str, str]:
        """The (subject, body) of the status report message: the shop's own or the shipped one."""
        if (channel, language) not in self._wording:
            self._wording[channel, language] = template_source("status_report", channel, language)
        return self._wording[channel, language]


def _prepare(run: ReportRun, subscriptions: list[ReportSubscription]) -> list[Report]:
    """The reports of a batch of accounts, in its order; an account whose report fails gets a
    Report with the error."""
    try:
        return _prepare_together(run, subscriptions)
    except Exception as error:
        if len(subscriptions) == 1:
            return [Report(subscriptions[0], error=error)]
        # Something the batch shares failed: account by account, it fails only the one it concerns.
        return [report for subscription in subscriptions for report in _prepare(run, [subscription])]


def _prepare_together(run: ReportRun, subscriptions: list[ReportSubscription]) -> list[Report]:
    """_prepare, with what the accounts share loaded once for all of them (see _Shared)."""
    reports: dict[int, Report] = {}
    selections: dict[int, Selection] = {}
    for subscription in subscriptions:
        selection = select_methods(subscription)
        if selection.methods:
            selections[subscription.customer_id] = selection
        else:
            reason = selection.reason or _("No method to send the report by.")
            reports[subscription.customer_id] = Report(subscription, skipped=reason)
    sending = [s for s in subscriptions if s.customer_id in selections]
    if sending:
        shared = _Shared(sending, selections)
        for subscription in sending:
            try:
                reports[subscription.customer_id] = _render(
                    run, subscription, selections[subscription.customer_id], shared
                )
            except Exception as error:  # one account's failure must not stop the others
                reports[subscription.customer_id] = Report(subscription, error=error)
    return [reports[subscription.customer_id] for subscription in subscriptions]


def _render(
    run: ReportRun, subscription: ReportSubscription, selection: Selection, shared: _Shared
) -> Report:
    customer = subscription.customer
    language = customer.language or shared.default_language
    work_orders = shared.work_orders[customer.pk]
    open_orders = [work_order for work_order in work_orders if work_order.closed_at is None]
    data = status_report_data(
        customer,
        work_orders,
        run.report_date,
        language,
        subscription.custom_message,
        statuses=shared.statuses,
        seen=shared.seen,
        estimates=shared.estimates,
    )
    pdf = render_status_report(data)
    attachment = (status_report_filename(customer, run.report_date), PDF_TYPE, pdf)
    context = {
        "report_date": _report_date_text(run.report_date, language),
        "open_repairs": str(len(open_orders)),
        "open_repairs_text": open_repairs_text(len(open_orders), language),
        "status_summary": open_by_status(data),
        "custom_message": subscription.custom_message,
        "tracking_links": "\n".join(
            f"{wo.number}: {shared.urls[wo.pk]}" for wo in open_orders if wo.pk in shared.urls
        ),
        **_waiting_estimates(work_orders, shared, customer.pk, language),
    }
    drafts = [
        messaging.draft_message(
            "status_report",
            channel=channel,
            customer=customer,
            language=language,
            context=context,
            attachments=[attachment],
            dedupe_key=f"status_report:{run.pk}:{customer.pk}:{channel}",
            purpose=run,
            template=shared.wording(channel, language),
            opt_outs=shared.opt_outs,
            kind_opt_outs=shared.unsubscribed,
        )
        for channel in selection.methods
    ]
    return Report(subscription, drafts=drafts, problems=list(selection.problems))


def _waiting_estimates(work_orders, shared: _Shared, customer_id: int, language: str) -> dict:
    """The placeholders about estimates awaiting the customer's decision, and the link to decide on
    all of them at once."""
    waiting = [shared.estimates[wo.pk] for wo in work_orders if wo.pk in shared.estimates]
    waiting = [summary for summary in waiting if summary.awaiting]
    if not waiting:
        return {"estimates_awaiting": "0", "estimates_total": "", "approvals_link": ""}
    totals: dict[tuple[str, bool], Decimal] = {}
    for summary in waiting:
        key = (summary.currency, summary.includes_vat)
        totals[key] = totals.get(key, Decimal(0)) + summary.amount
    with translation.override(language):
        total = " + ".join(
            presentation.with_vat_basis(amount, currency, includes_vat)
            for (currency, includes_vat), amount in totals.items()
        )
    return {
        "estimates_awaiting": str(len(waiting)),
        "estimates_total": total,
        "approvals_link": shared.approval_urls.get(customer_id, ""),
    }


def _item(run: ReportRun, report: Report, messages: list[Message]) -> ReportRunItem:
    """The run's entry for one account: sent by which methods, skipped (why) or failed (the error)."""
    customer = report.subscription.customer
    if report.error is not None:
        reason = str(report.error)[:2000] or report.error.__class__.__name__
        return ReportRunItem(run=run, customer=customer, outcome=ReportRunItem.Outcome.FAILED, reason=reason)
    if report.skipped:
        return ReportRunItem(
            run=run, customer=customer, outcome=ReportRunItem.Outcome.SKIPPED, reason=report.skipped
        )
    item = ReportRunItem(run=run, customer=customer, outcome=ReportRunItem.Outcome.SENT)
    sent, problems = [], list(report.problems)
    for message in messages:
        if message.channel == Channel.EMAIL:
            item.message = message
        else:
            item.fax_message = message
        if message.state == Message.State.SUPPRESSED:
            problems.append(message.state_reason)
        else:
            sent.append(message.channel)
    item.method = "+".join(sent)
    item.reason = " ".join(problems)
    if not sent:
        item.outcome = ReportRunItem.Outcome.SKIPPED
    return item


def _record(run: ReportRun, reports: list[Report]) -> list[ReportRunItem]:
    """Write the reports' messages and the run's items with a few statements (the caller's
    transaction). Raises IntegrityError if another process recorded one of the accounts meanwhile."""
    messages = iter(messaging.queue_messages([draft for report in reports for draft in report.drafts]))
    items = [_item(run, report, [next(messages) for _draft in report.drafts]) for report in reports]
    ReportRunItem.objects.bulk_create(items)
    return items


def _log(reports: list[Report], items: list[ReportRunItem]) -> None:
    for report, item in zip(reports, items, strict=True):
        if report.error is not None:
            logger.error("Status report for %s failed", item.customer, exc_info=report.error)
        else:
            logger.debug(
                "Status report for %s: %s %s %s", item.customer, item.outcome, item.method, item.reason
            )


def _send_batch(run: ReportRun, subscriptions: list[ReportSubscription]) -> None:
    """Send the reports of a batch of accounts and record them, in one transaction: all of them
    or, after a crash, none. If the batch cannot be recorded whole (another process recorded one of
    its accounts meanwhile, or a write failed), its accounts are recorded one by one."""
    recorded = run.items.filter(customer__in=[s.customer_id for s in subscriptions])
    recorded = set(recorded.values_list("customer_id", flat=True))  # by another process meanwhile
    reports = _prepare(run, [s for s in subscriptions if s.customer_id not in recorded])
    if not reports:
        return
    try:
        with transaction.atomic():
            items = _record(run, reports)
    except Exception as error:
        logger.info(
            "Status report run %s: recording %d accounts one by one (%s)", run.pk, len(reports), error
        )
        for report in reports:
            _record_one(run, report)
        return
    _log(reports, items)


def _record_one(run: ReportRun, report: Report) -> None:
    customer = report.subscription.customer
    try:
        with transaction.atomic():
            items = _record(run, [report])
    except Exception as error:
        if run.items.filter(customer=customer).exists():
            return  # recorded by another process meanwhile
        logger.exception("Status report for %s failed", customer)
        _record_failure(run, report.subscription, error)
        return
    _log([report], items)


def _send_one(run: ReportRun, subscription: ReportSubscription) -> ReportRunItem:
    """One account's report, sent and recorded (raises what stopped it)."""
    [report] = _prepare(run, [subscription])
    if report.error is not None:
        raise report.error
    with transaction.atomic():
        [item] = _record(run, [report])
    return item


def pending_subscriptions(run: ReportRun):
    """The subscribed accounts the run has not recorded yet."""
    return subscriptions().exclude(customer_id__in=run.items.values("customer_id"))


def process_run(
    run: ReportRun, *, progress: Progress | None = None, customer_ids: list[int] | None = None
) -> ReportRun:
    """Send the reports the run still owes, BATCH_SIZE accounts at a time (with `customer_ids`: only
    those accounts' — a share of the run for one worker; the share that leaves nothing pending
    finishes the run)."""
    done = run.items.count()
    logger.info("Status report run %s for %s %s", run.pk, run.report_date, "resumed" if done else "started")
    pending = pending_subscriptions(run)
    if customer_ids is not None:
        pending = pending.filter(customer_id__in=customer_ids)
    pending = list(pending)
    total = len(pending) + done
    if progress:
        progress(done, total)
    for start in range(0, len(pending), BATCH_SIZE):
        batch = pending[start : start + BATCH_SIZE]
        _send_batch(run, batch)
        done += len(batch)
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
    from fixloop.reports.tasks import process_report_run  # import circle: the task runs this module

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
