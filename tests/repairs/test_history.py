"""The customer's history of a work order (repairs.history) and the typed reading of timeline data."""

from datetime import date

from fixloop.repairs import services
from fixloop.repairs.history import customer_history, seen_statuses
from fixloop.repairs.models import Phase, Status


def test_status_entries_name_the_status_they_set(work_order, statuses, staff_actor):
    opened = work_order.timeline.get()
    changed = services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    comment = services.add_comment(work_order, "Looked at it.", public=True, by=staff_actor)
    assert (opened.status_to_id, opened.status_from_id) == (statuses[Phase.OPEN].pk, None)
    assert (changed.status_to_id, changed.status_from_id) == (
        statuses[Phase.IN_PROGRESS].pk,
        statuses[Phase.OPEN].pk,
    )
    assert (comment.status_to_id, comment.status_from_id, comment.changed_fields) == (None, None, {})


def test_the_history_shows_what_customers_see_oldest_first(work_order, statuses, staff_actor):
    services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.add_comment(work_order, "Internal note.", public=False, by=staff_actor)
    services.add_comment(work_order, "We ordered the part.", public=True, by=staff_actor)
    services.change_status(work_order, statuses["internal"], by=staff_actor)
    services.update_details(work_order, promised_date=date(2026, 12, 1), by=staff_actor)
    history = customer_history(work_order, "en")
    assert [(step.kind, step.text, step.day) for step in history.steps] == [
        ("status", "Open", None),
        ("status", "In progress", None),
        ("comment", "We ordered the part.", None),
        ("promised_date", "", date(2026, 12, 1)),
    ]
    assert history.current == statuses[Phase.IN_PROGRESS]  # the last one seen: the current is hidden


def test_seen_statuses_give_what_the_history_gives_as_current(work_order, statuses, staff_actor):
    services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.change_status(work_order, statuses["internal"], by=staff_actor)
    by_id = {status.pk: status for status in Status.objects.all()}
    assert seen_statuses([work_order], by_id) == {
        work_order.pk: customer_history(work_order, "en").current.pk
    }
