"""The service board: where every job stands, one function per column.

Each column function takes the board's filters (location, technician) and returns a Column: its
count and at most `limit` rows (None: all of them, for the column's own page). Counts and rows come
from indexed queries, so the board of a shop with a million work orders answers quickly
(bench/board.py). The invoice column is invoicing's own query (invoicing/queries.py); a ready unit
leaves the "Ready" column when its invoice is final or waits for the customer.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import CustomerAccount, Unit, identifier_key
from fixloop.estimates.models import Estimate, RequiredWork
from fixloop.inspections import queries as inspections
from fixloop.invoicing import queries as invoicing
from fixloop.repairs.models import ServiceRequest, TimeEntry, WorkOrder, WorkshopSettings
from fixloop.repairs.services.work_orders import typed_number_candidates

LIMIT = 25
# A column counts its rows up to COUNT_CAP and shows more as "1000+": an exact count of a column
# with tens of thousands of rows would cost more than the rest of the board.
COUNT_CAP = 1000

BOOKINGS = "bookings"
ESTIMATES = "estimates"
WORK_REQUIRED = "work_required"
IN_PROGRESS = "in_progress"
READY = "ready"
INVOICES = "invoices"

ESTIMATE_FILTERS = {
    "disputed": _("In dispute"),
    "awaiting": _("Waiting for the customer"),
    "expired": _("Expired"),
}
OPEN_ESTIMATE_STATES = (Estimate.State.DRAFT, Estimate.State.AWAITING, Estimate.State.DISPUTED)


@dataclass
class Column:
    key: str
    title: Promise
    count: int = 0
    rows: list = field(default_factory=list)
    empty: Promise | str = ""
    # Set when the column cannot be filled: why (e.g. no ready status chosen).
    unavailable: Promise | str = ""

    @property
    def capped(self) -> bool:
        """True when the column has more rows than it counts (the count shows as "1000+")."""
        return self.count > COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_CAP)

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.rows))


def _take(queryset, limit, related=()):
    """(count, rows): the count (capped, see capped_count), and the first `limit` rows (all when
    limit is None) with `related` selected, in one query; the count is a second query only when
    the column has more rows than it shows."""
    rows = list(
        queryset.select_related(*related) if limit is None else queryset.select_related(*related)[:limit]
    )
    count = len(rows) if limit is None or len(rows) < limit else capped_count(queryset)
    return count, rows


def _labels(choices) -> dict:
    """{value: label} of a choices class, translated once per column rather than once per card."""
    return {value: str(label) for value, label in choices.choices}


def capped_count(queryset, cap=COUNT_CAP) -> int:
    """The rows of `queryset` counted up to cap + 1 (COUNT(*) of a LIMITed subquery): more than
    `cap` means "more than cap", without counting them all."""
    return queryset.order_by()[: cap + 1].count()


def _work_orders(location=None, technician=None):
    queryset = WorkOrder.objects.filter(closed_at__isnull=True)
    if location is not None:
        queryset = queryset.filter(location=location)
    if technician is not None:
        queryset = queryset.filter(technician=technician)
    return queryset


def booking_requests(location=None, technician=None, limit=LIMIT) -> Column:
    """Booking requests waiting for the shop (new ones and customers' answers); they have no
    technician yet, so the technician filter leaves the column empty."""
    column = Column(BOOKINGS, _("Booking requests"), empty=_("No booking request waits for the shop."))
    if technician is not None:
        return column
    queryset = ServiceRequest.objects.filter(
        state__in=(ServiceRequest.State.PENDING, ServiceRequest.State.WAITING_SHOP)
    )
    if location is not None:
        queryset = queryset.filter(preferred_location=location)
    column.count, column.rows = _take(
        queryset.order_by("created_at", "id"), limit, ("customer", "preferred_location")
    )
    labels = _labels(ServiceRequest.State)
    for request in column.rows:
        request.state_label = labels.get(request.state, request.state)
    return column


def estimates_in_progress(location=None, technician=None, limit=LIMIT, show: str = "") -> Column:
    """Estimates of open work orders not yet decided: drafts, sent ones and disputed ones; `show`
    narrows them to "disputed", "awaiting" (waiting for the customer) or "expired"."""
    column = Column(ESTIMATES, _("Estimates in progress"), empty=_("No estimate in progress."))
    queryset = Estimate.objects.filter(state__in=OPEN_ESTIMATE_STATES, work_order__closed_at__isnull=True)
    if location is not None:
        queryset = queryset.filter(work_order__location=location)
    if technician is not None:
        queryset = queryset.filter(work_order__technician=technician)
    if show == "disputed":
        queryset = queryset.filter(state=Estimate.State.DISPUTED)
    elif show == "awaiting":
        queryset = queryset.filter(state=Estimate.State.AWAITING)
    elif show == "expired":
        # sent and past its last valid day (the shop's day): the customer can no longer approve it
        queryset = queryset.filter(state=Estimate.State.AWAITING, valid_until__lt=timezone.localdate())
    queryset = queryset.order_by("-updated_at", "-id")
    column.count, column.rows = _take(
        queryset,
        limit,
        ("work_order__customer", "work_order__unit", "work_order__technician", "work_order__inspection"),
    )
    today = timezone.localdate()
    labels = _labels(Estimate.State)
    for estimate in column.rows:
        estimate.expired = estimate.valid_until < today
        estimate.state_label = labels.get(estimate.state, estimate.state)
    return column


def work_required(location=None, technician=None, limit=LIMIT) -> Column:
    """Open work orders with approved work (estimate jobs the customer approved, or inspection items
    staff authorised) that nobody has clocked on yet (no time entry), and not yet ready."""
    column = Column(WORK_REQUIRED, _("Work required"), empty=_("No approved work waits to be started."))
    # oldest first along the open work orders' index (opened_at, id), checked against the approved
    # work and the authorised items (partial index inspection_item_authorised): subqueries of the
    # same one statement, so the column costs no more queries than before
    approved = RequiredWork.objects.filter(cancelled_at__isnull=True).values("work_order_id")
    queryset = _work_orders(location, technician).filter(
        Q(pk__in=approved) | inspections.has_authorised_items()
    )
    queryset = queryset.exclude(Exists(TimeEntry.objects.filter(work_order=OuterRef("pk"))))
    ready = WorkshopSettings.current().ready_status_id
    if ready:
        queryset = queryset.exclude(status_id=ready)
    queryset = queryset.order_by("opened_at", "id")
    column.count, column.rows = _take(
        queryset, limit, ("customer", "unit", "technician", "status", "inspection")
    )
    return column


def in_progress(location=None, technician=None, limit=LIMIT) -> Column:
    """Who is clocked on which work order now, and since when (one row per running time entry)."""
    column = Column(IN_PROGRESS, _("In progress"), empty=_("Nobody is clocked on a job."))
    queryset = TimeEntry.objects.filter(ended_at__isnull=True)
    if location is not None:
        queryset = queryset.filter(work_order__location=location)
    if technician is not None:
        queryset = queryset.filter(technician=technician)
    column.count, column.rows = _take(
        queryset.order_by("started_at", "id"),
        limit,
        ("technician", "work_order__customer", "work_order__unit", "work_order__inspection"),
    )
    return column


def ready(location=None, technician=None, limit=LIMIT) -> Column:
    """Open work orders with the shop's ready status that are still to invoice: the unit is ready, and
    no invoice is final or waiting for the customer (those are in the invoice column or done)."""
    column = Column(READY, _("Ready"), empty=_("No unit is ready."))
    status = WorkshopSettings.current().ready_status_id
    if not status:
        column.unavailable = _("The shop has not chosen a “ready” status yet (workshop settings).")
        return column
    queryset = (
        _work_orders(location, technician)
        .filter(status_id=status)
        .exclude(Exists(invoicing.handed_over(OuterRef("pk"))))
        .order_by("-updated_at", "-id")
    )
    column.count, column.rows = _take(queryset, limit, ("customer", "unit", "technician", "inspection"))
    return column


def invoices_waiting(location=None, technician=None, limit=LIMIT) -> Column:
    """Invoices waiting for the customer's authorisation, from invoicing's own query."""
    column = Column(
        INVOICES, _("Invoices waiting for the customer"), empty=_("No invoice waits for the customer.")
    )
    found = invoicing.awaiting_customer(location=location, technician=technician).select_related(
        "work_order__inspection"
    )
    rows = list(found if limit is None else found[:limit])
    column.count = len(rows) if limit is None or len(rows) < limit else capped_count(found)
    column.rows = rows
    return column


COLUMNS = {
    BOOKINGS: booking_requests,
    ESTIMATES: estimates_in_progress,
    WORK_REQUIRED: work_required,
    IN_PROGRESS: in_progress,
    READY: ready,
    INVOICES: invoices_waiting,
}


def board(location=None, technician=None, estimates_show: str = "", limit=LIMIT) -> list[Column]:
    """Every column, in the order work flows."""
    columns = []
    for key, function in COLUMNS.items():
        if key == ESTIMATES:
            columns.append(function(location, technician, limit, show=estimates_show))
        else:
            columns.append(function(location, technician, limit))
    return columns


# ----------------------------------------------------------------------------- search


def search(text: str, limit=LIMIT, location=None, technician=None) -> list[WorkOrder]:
    """Work orders by number (as typed: case, spaces, dashes), by the start of a unit's serial number,
    VIN or plate (compared without case, spaces or dashes: the units' indexed *_key columns), or by
    customer number or name (names have no digits, so text with a digit skips the name scan).
    Newest first."""
    text = " ".join((text or "").split())[:100]
    if not text:
        return []
    numbers = typed_number_candidates(text)
    condition = Q(number__in=numbers) if numbers else Q(pk__in=[])
    if numbers:
        condition |= Q(number__startswith=numbers[-1].upper())
    key = identifier_key(text)
    if len(key) >= 2:
        units = list(
            Unit.objects.filter(
                Q(plate_key__startswith=key) | Q(serial_key__startswith=key) | Q(vin_key__startswith=key)
            ).values_list("pk", flat=True)[:200]
        )
        if units:
            condition |= Q(unit_id__in=units)
    customers = Q(number__in={text, text.upper()})  # customer numbers are stored in capitals
    if not any(character.isdigit() for character in text) and len(text) >= 2:
        customers |= Q(name__icontains=text)
    customer_ids = list(CustomerAccount.objects.filter(customers).values_list("pk", flat=True)[:200])
    if customer_ids:
        condition |= Q(customer_id__in=customer_ids)
    queryset = WorkOrder.objects.filter(condition)
    if location is not None:
        queryset = queryset.filter(location=location)
    if technician is not None:
        queryset = queryset.filter(technician=technician)
    return list(queryset.with_related().select_related("inspection").order_by("-opened_at", "-id")[:limit])
