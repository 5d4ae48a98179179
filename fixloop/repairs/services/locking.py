"""The row lock every work-order service takes before it looks at the state it changes."""

from fixloop.repairs.models import WorkOrder


def lock(work_order: WorkOrder) -> WorkOrder:
    """Re-read the work order's status and closing time under a row lock (inside the caller's
    transaction), so that two clerks' changes happen one after the other."""
    fresh = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
    work_order.status_id, work_order.closed_at = fresh.status_id, fresh.closed_at
    return work_order
