"""The customer's view of a work order's history, for every page and document that shows it (the
track & trace page, the work-order report, the status report): the status steps customers see,
public comments and files, and changes of the promised date. Read only.

A status step is shown while its status is visible to customers; the status a customer sees as
current is the work order's own if customers see it, else the last one they saw.
"""

from dataclasses import dataclass
from datetime import date, datetime

from fixloop.repairs.models import Attachment, Status, TimelineEntry, WorkOrder

# The kinds of public entries that can make a step (status kinds, comments, files, updates).
HISTORY_KINDS = (
    *TimelineEntry.STATUS_KINDS,
    TimelineEntry.Kind.COMMENT,
    TimelineEntry.Kind.FILE,
    TimelineEntry.Kind.UPDATED,
)


@dataclass(frozen=True)
class Step:
    """One thing the customer sees. `text` is the status's name (in the history's language) for a
    status step (its name for customers), else the entry's text; `entry` is the timeline entry it comes from."""

    kind: str  # "status", "comment", "file", "promised_date"
    entry: TimelineEntry
    text: str = ""
    status: Status | None = None
    attachment: Attachment | None = None
    day: date | None = None  # of "promised_date": the new date, None when it was withdrawn

    @property
    def at(self) -> datetime:
        return self.entry.created_at


@dataclass(frozen=True)
class CustomerHistory:
    steps: list[Step]  # oldest first
    current: Status | None  # the status the customer sees as current (None: none seen yet)
    current_name: str = ""  # its name for customers, in the history's language


def visible_status(status_id, statuses: dict[int, Status]) -> Status | None:
    """The status with this id if customers see it, else None."""
    status = statuses.get(status_id)
    return status if status is not None and status.visible_to_customers else None


def _step(entry: TimelineEntry, statuses: dict[int, Status], language: str) -> Step | None:
    if entry.kind in TimelineEntry.STATUS_KINDS:
        status = visible_status(entry.status_to_id, statuses)
        return Step("status", entry, status.customer_name(language), status=status) if status else None
    if entry.kind == TimelineEntry.Kind.COMMENT:
        return Step("comment", entry, entry.text)
    if entry.kind == TimelineEntry.Kind.FILE:
        if entry.attachment is not None and entry.attachment.public:
            return Step("file", entry, entry.text, attachment=entry.attachment)
        return None
    if "promised_date" in entry.changed_fields:
        new = entry.changed_fields["promised_date"][1]
        return Step("promised_date", entry, day=date.fromisoformat(new) if new else None)
    return None


def customer_history(
    work_order: WorkOrder, language: str, *, statuses: dict[int, Status] | None = None
) -> CustomerHistory:
    """The customer-visible steps of the work order, oldest first, with status names in `language`,
    and the status to show as current. Two queries (one with `statuses`, {id: Status}), whatever
    the length."""
    if statuses is None:
        statuses = {status.pk: status for status in Status.objects.all()}
    steps, last_visible = [], None
    entries = (
        work_order.timeline.public()
        .filter(kind__in=HISTORY_KINDS)
        .select_related("attachment")
        .order_by("created_at", "id")
    )
    for entry in entries:
        step = _step(entry, statuses, language)
        if step is None:
            continue
        if step.status is not None:
            last_visible = step.status
        steps.append(step)
    current = visible_status(work_order.status_id, statuses) or last_visible
    return CustomerHistory(steps, current, current.customer_name(language) if current else "")


def seen_statuses(work_orders, statuses: dict[int, Status]) -> dict[int, int | None]:
    """{work order id: id of the status the customer sees, or None} for many work orders: what
    customer_history gives as current, with one query for all whose current status is hidden."""
    seen: dict[int, int | None] = {}
    for work_order in work_orders:
        current = visible_status(work_order.status_id, statuses)
        seen[work_order.pk] = current.pk if current else None
    hidden = [pk for pk, status_id in seen.items() if status_id is None]
    if not hidden:
        return seen
    entries = (
        TimelineEntry.objects.public()
        .filter(work_order_id__in=hidden, kind__in=TimelineEntry.STATUS_KINDS)
        .order_by("-created_at", "-id")
        .only("work_order_id", "kind", "data")
    )
    for entry in entries:  # newest first: the first visible status is the one seen
        if seen[entry.work_order_id] is None:
            status = visible_status(entry.status_to_id, statuses)
            seen[entry.work_order_id] = status.pk if status else None
    return seen
