"""The check that a seeded work order's timeline is what the service functions write."""

from datetime import timedelta

from fixloop.repairs.models import Phase, Status, TimelineEntry, WorkOrder

STATUS_KINDS = {TimelineEntry.Kind.STATUS, TimelineEntry.Kind.CLOSED, TimelineEntry.Kind.REOPENED}


def assert_timeline_matches_work_order(work_order: WorkOrder) -> None:
    """The timeline is what the service functions write: it starts with "opened", each status entry
    goes on from the status before, it ends at the work order's status, and it only moves forward."""
    entries = list(work_order.timeline.order_by("created_at", "id"))
    opened = entries[0]
    assert opened.kind == TimelineEntry.Kind.OPENED
    assert opened.public
    current = opened.data["status"]
    assert Status.objects.get(pk=current).phase == Phase.OPEN
    for entry in entries[1:]:
        assert entry.created_at >= opened.created_at
        if entry.kind in STATUS_KINDS:
            assert entry.data["from"] == current
            current = entry.data["to"]
            assert entry.public == Status.objects.get(pk=current).visible_to_customers
    assert current == work_order.status_id
    if work_order.status.is_finished:
        last_closed = [entry for entry in entries if entry.kind == TimelineEntry.Kind.CLOSED][-1]
        # services.close() reads the clock for closed_at and again for the entry
        assert abs(work_order.closed_at - last_closed.created_at) < timedelta(seconds=1)
    else:
        assert work_order.closed_at is None
    for entry in entries:
        assert entry.actor in {"staff", "customer", "system", "integration"}
        assert (entry.user is not None) == (entry.actor == "staff")
