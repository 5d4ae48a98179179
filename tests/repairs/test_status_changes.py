"""change_status, close and reopen."""

import pytest
from django.core.exceptions import ValidationError

from fixloop.repairs import services, signals
from fixloop.repairs.models import TimelineEntry, WorkOrder
from tests.factories import StatusFactory, staff_actor_for


@pytest.fixture
def technician_actor(technician):
    return staff_actor_for(technician, ip="2001:db8::5")


@pytest.fixture
def closed_work_order(work_order, statuses, staff_actor):
    services.close(work_order, by=staff_actor)
    return work_order


# change_status


def test_changing_the_status_saves_it(work_order, statuses, technician_actor):
    services.change_status(work_order, statuses["in_progress"], by=technician_actor)

    assert WorkOrder.objects.get(pk=work_order.pk).status == statuses["in_progress"]


def test_a_status_change_is_recorded_with_from_and_to(work_order, statuses, technician_actor, technician):
    entry = services.change_status(work_order, statuses["in_progress"], by=technician_actor)

    entry.refresh_from_db()
    assert entry.kind == TimelineEntry.Kind.STATUS
    assert entry.work_order == work_order
    assert entry.data == {"from": statuses["open"].pk, "to": statuses["in_progress"].pk}
    assert (entry.actor, entry.user, entry.actor_name) == ("staff", technician, "Tina Technician")
    assert entry.ip == "2001:db8::5"


def test_a_change_to_a_customer_visible_status_is_public(work_order, statuses, technician_actor):
    entry = services.change_status(work_order, statuses["waiting_parts"], by=technician_actor)

    assert entry.public is True


def test_a_change_to_an_internal_status_is_not_public(work_order, statuses, technician_actor):
    entry = services.change_status(work_order, statuses["internal"], by=technician_actor)

    assert entry.public is False


def test_a_status_change_sends_status_changed_with_the_previous_status(
    work_order, statuses, technician_actor, capture_signal
):
    received = capture_signal(signals.status_changed)

    entry = services.change_status(work_order, statuses["ready"], by=technician_actor)

    assert len(received) == 1
    assert received[0]["sender"] is WorkOrder
    assert received[0]["work_order"] == work_order
    assert received[0]["previous"] == statuses["open"]
    assert received[0]["entry"] == entry


def test_a_change_to_an_inactive_status_is_refused(work_order, statuses, technician_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.change_status(work_order, statuses["inactive"], by=technician_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_a_change_to_the_current_status_is_refused(work_order, statuses, technician_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.change_status(work_order, statuses["open"], by=technician_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


@pytest.mark.parametrize("phase", ["closed", "cancelled"])
def test_a_change_to_a_finishing_status_is_refused(work_order, statuses, technician_actor, snapshot, phase):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.change_status(work_order, statuses[phase], by=technician_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_a_status_change_on_a_closed_work_order_is_refused(
    closed_work_order, statuses, technician_actor, snapshot
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.change_status(closed_work_order, statuses["in_progress"], by=technician_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_a_status_change_on_a_stale_copy_of_a_work_order_closed_meanwhile_is_refused(
    work_order, statuses, staff_actor, technician_actor, snapshot
):
    stale = WorkOrder.objects.get(pk=work_order.pk)
    services.close(work_order, by=staff_actor)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.change_status(stale, statuses["in_progress"], by=technician_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


# close


def test_closing_sets_closed_at_and_the_first_closed_status(work_order, statuses, staff_actor):
    services.close(work_order, by=staff_actor)

    saved = WorkOrder.objects.get(pk=work_order.pk)
    assert saved.closed_at is not None
    assert saved.status == statuses["closed"]
    assert WorkOrder.objects.open().filter(pk=work_order.pk).exists() is False


def test_closing_with_a_cancelled_status_uses_it(work_order, statuses, staff_actor):
    services.close(work_order, by=staff_actor, status=statuses["cancelled"])

    assert WorkOrder.objects.get(pk=work_order.pk).status == statuses["cancelled"]


def test_closing_is_recorded_with_the_note_and_from_and_to(work_order, statuses, staff_actor, advisor):
    entry = services.close(work_order, by=staff_actor, note="  Picked up by the customer. ")

    entry.refresh_from_db()
    assert entry.kind == TimelineEntry.Kind.CLOSED
    assert entry.text == "Picked up by the customer."
    assert entry.data == {"from": statuses["open"].pk, "to": statuses["closed"].pk}
    assert (entry.actor, entry.user) == ("staff", advisor)
    assert entry.public is True


def test_closing_with_an_internal_finishing_status_is_not_public(work_order, statuses, staff_actor):
    written_off = StatusFactory(name_en="Written off", phase="cancelled", visible_to_customers=False)

    entry = services.close(work_order, by=staff_actor, status=written_off)

    assert entry.public is False


def test_closing_sends_work_order_closed(work_order, statuses, staff_actor, capture_signal):
    received = capture_signal(signals.work_order_closed)

    entry = services.close(work_order, by=staff_actor)

    assert [(call["sender"], call["work_order"], call["entry"]) for call in received] == [
        (WorkOrder, work_order, entry)
    ]


def test_closing_a_closed_work_order_is_refused(closed_work_order, statuses, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.close(closed_work_order, by=staff_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_closing_with_a_status_that_does_not_finish_is_refused(work_order, statuses, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.close(work_order, by=staff_actor, status=statuses["ready"])

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_closing_with_an_inactive_closed_status_is_refused(work_order, statuses, staff_actor, snapshot):
    retired = StatusFactory(name_en="Done (old)", phase="closed", active=False)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.close(work_order, by=staff_actor, status=retired)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_closing_without_an_active_closed_status_is_refused(work_order, statuses, staff_actor, snapshot):
    statuses["closed"].active = False
    statuses["closed"].save()
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.close(work_order, by=staff_actor)

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


# reopen


def test_reopening_clears_closed_at_and_sets_the_first_unfinished_status(
    closed_work_order, statuses, staff_actor
):
    services.reopen(closed_work_order, by=staff_actor, reason="The fault came back.")

    saved = WorkOrder.objects.get(pk=closed_work_order.pk)
    assert saved.closed_at is None
    assert saved.status == statuses["open"]


def test_reopening_with_a_chosen_status_uses_it(closed_work_order, statuses, staff_actor):
    services.reopen(
        closed_work_order, by=staff_actor, reason="Warranty claim.", status=statuses["in_progress"]
    )

    assert WorkOrder.objects.get(pk=closed_work_order.pk).status == statuses["in_progress"]


def test_reopening_is_recorded_with_the_reason(closed_work_order, statuses, staff_actor, advisor):
    entry = services.reopen(closed_work_order, by=staff_actor, reason=" The fault came back. ")

    entry.refresh_from_db()
    assert entry.kind == TimelineEntry.Kind.REOPENED
    assert entry.text == "The fault came back."
    assert entry.data == {"from": statuses["closed"].pk, "to": statuses["open"].pk}
    assert (entry.actor, entry.user, entry.public) == ("staff", advisor, True)


def test_reopening_sends_work_order_reopened(closed_work_order, statuses, staff_actor, capture_signal):
    received = capture_signal(signals.work_order_reopened)

    entry = services.reopen(closed_work_order, by=staff_actor, reason="The fault came back.")

    assert [(call["sender"], call["work_order"], call["entry"]) for call in received] == [
        (WorkOrder, closed_work_order, entry)
    ]


def test_reopening_an_open_work_order_is_refused(work_order, statuses, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reopen(work_order, by=staff_actor, reason="Just because.")

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before


def test_reopening_without_a_reason_is_refused(closed_work_order, statuses, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reopen(closed_work_order, by=staff_actor, reason="   ")

    assert set(refused.value.message_dict) == {"reason"}
    assert snapshot() == before


@pytest.mark.parametrize("key", ["cancelled", "inactive"])
def test_reopening_into_a_finishing_or_inactive_status_is_refused(
    closed_work_order, statuses, staff_actor, snapshot, key
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reopen(closed_work_order, by=staff_actor, reason="Warranty claim.", status=statuses[key])

    assert set(refused.value.message_dict) == {"status"}
    assert snapshot() == before
