"""The technician's view: the jobs a technician may work on, each with what they need at the bench.

A technician may work on the open work orders assigned to them, the open unassigned ones with
approved work (estimates' RequiredWork, or inspection items staff authorised with a thumbs up:
inspections.queries.authorised_items), and any they are clocked on now. Exactly those authorised
items are shown beside the approved estimate work; a thumbs down or an undecided item is not. Prices
of the approved work are shown only to those who see prices (access.sees_prices).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from fixloop.estimates.models import RequiredWork
from fixloop.inspections import queries as inspections
from fixloop.repairs.models import CustomerNote, TimeEntry, TimelineEntry, WorkOrder
from fixloop.repairs.services import clock


@dataclass
class Job:
    work_order: WorkOrder
    required_work: list = field(default_factory=list)
    authorised_items: list = field(default_factory=list)  # inspection items with a thumbs up
    remarks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    running: TimeEntry | None = None  # the technician's running entry on it
    seconds_today: int = 0

    @property
    def clocked_on(self) -> bool:
        return self.running is not None


def jobs_for(technician, location=None):
    """The open work orders the technician may work on, theirs first, oldest first."""
    current_work = RequiredWork.objects.filter(work_order=OuterRef("pk"), cancelled_at__isnull=True)
    mine_running = TimeEntry.objects.filter(
        work_order=OuterRef("pk"), technician=technician, ended_at__isnull=True
    )
    queryset = WorkOrder.objects.annotate(
        has_work=Exists(current_work),
        has_items=inspections.has_authorised_items(),
        running=Exists(mine_running),
    ).filter(
        Q(closed_at__isnull=True)
        & (
            Q(technician=technician)
            | Q(technician__isnull=True, has_work=True)
            | Q(technician__isnull=True, has_items=True)
            | Q(running=True)
        )
    )
    if location is not None:
        queryset = queryset.filter(location=location)
    return queryset.select_related("customer", "unit", "location", "status", "technician").order_by(
        "-running", "promised_date", "opened_at", "id"
    )


def jobs(technician, location=None, *, zone=None, now: datetime | None = None, limit: int = 100) -> list[Job]:
    """Each job with its approved work and authorised inspection items, the customer's remarks shown to technicians, the
    technician's own notes and their clock on it: a fixed number of queries for the whole list."""
    now = now or timezone.now()
    zone = zone or timezone.get_current_timezone()
    work_orders = list(
        jobs_for(technician, location).prefetch_related(
            Prefetch(
                "required_work",
                queryset=RequiredWork.objects.filter(cancelled_at__isnull=True).order_by(
                    "approved_at", "job_key"
                ),
                to_attr="current_work",
            ),
            Prefetch(
                "customer_notes",
                queryset=CustomerNote.objects.filter(visible_to_technician=True).select_related("entry"),
                to_attr="visible_remarks",
            ),
        )[:limit]
    )
    ids = [work_order.pk for work_order in work_orders]
    items: dict[int, list] = {}
    for item in inspections.authorised_items(ids):
        item.net = item.labour + item.parts  # shown to those who see prices
        items.setdefault(item.inspection.work_order_id, []).append(item)
    notes: dict[int, list] = {}
    for entry in TimelineEntry.objects.filter(
        work_order_id__in=ids, kind=TimelineEntry.Kind.COMMENT, public=False, user=technician
    ).order_by("-created_at", "-id"):
        notes.setdefault(entry.work_order_id, []).append(entry)
    running = {
        entry.work_order_id: entry for entry in clock.open_entries(technician).filter(work_order_id__in=ids)
    }
    today = clock.seconds_today_by_work_order(technician, zone, now)
    return [
        Job(
            work_order=work_order,
            required_work=work_order.current_work,
            authorised_items=items.get(work_order.pk, []),
            remarks=work_order.visible_remarks,
            notes=notes.get(work_order.pk, [])[:5],
            running=running.get(work_order.pk),
            seconds_today=today.get(work_order.pk, 0),
        )
        for work_order in work_orders
    ]
