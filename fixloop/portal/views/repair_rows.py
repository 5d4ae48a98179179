"""Repairs as the signed-in portal's lists show them (home, repairs): the status the customer sees (the
rules of track & trace, repairs/history.py), and whether an estimate waits for their decision. A fixed
number of queries for any number of rows."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from fixloop.estimates.models import Estimate
from fixloop.repairs.history import seen_statuses
from fixloop.repairs.models import Status, WorkOrder


@dataclass(frozen=True)
class RepairRow:
    work_order: WorkOrder
    status: Status | None  # the status the customer sees; None before they have seen one
    status_name: str
    awaiting_estimate: int | None  # the id of a sent estimate waiting for the customer's decision


def for_lists(work_orders):
    """The work orders (from request.portal) with what a row shows."""
    return work_orders.select_related("unit", "location", "customer")


def repair_rows(scope, work_orders) -> list[RepairRow]:
    """Rows for `work_orders` (already limited to a page) of `scope` (request.portal)."""
    work_orders = list(work_orders)
    if not work_orders:
        return []
    statuses = {status.pk: status for status in Status.objects.all()}
    seen = seen_statuses(work_orders, statuses)
    awaiting = dict(
        scope.estimates()
        .filter(work_order__in=[work_order.pk for work_order in work_orders], state=Estimate.State.AWAITING)
        .values_list("work_order_id", "pk")
    )
    language = translation.get_language()
    rows = []
    for work_order in work_orders:
        status = statuses.get(seen[work_order.pk])
        rows.append(
            RepairRow(
                work_order=work_order,
                status=status,
                status_name=status.customer_name(language) if status else _("Received"),
                awaiting_estimate=awaiting.get(work_order.pk),
            )
        )
    return rows
