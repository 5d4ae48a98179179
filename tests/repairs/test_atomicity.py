"""A listener that fails makes the whole change fail: no work order, status, entry or decision is
left half-written, because each service validates, writes and signals in one transaction."""

import datetime

import pytest

from fixloop.repairs import services, signals
from fixloop.repairs.models import TimelineEntry, WorkOrder
from tests.conftest import ListenerFailed
from tests.factories import ServiceRequestFactory


@pytest.fixture
def scene(customer, unit, location, statuses, staff_actor, customer_actor, technician, work_order):
    """Everything the operations below need, prepared before the failing listener is connected."""
    closed = services.open_work_order(
        customer=customer, location=location, problem_description="Old job.", by=staff_actor
    )
    services.close(closed, by=staff_actor)
    return {
        "customer": customer,
        "unit": unit,
        "location": location,
        "statuses": statuses,
        "staff": staff_actor,
        "customer_actor": customer_actor,
        "technician": technician,
        "work_order": work_order,
        "closed": closed,
        "request": ServiceRequestFactory(customer=customer, unit=unit),
    }


OPERATIONS = {
    "open_work_order": (
        signals.work_order_opened,
        lambda s: services.open_work_order(
            customer=s["customer"], location=s["location"], problem_description="New job.", by=s["staff"]
        ),
    ),
    "change_status": (
        signals.status_changed,
        lambda s: services.change_status(s["work_order"], s["statuses"]["in_progress"], by=s["staff"]),
    ),
    "add_comment": (
        signals.comment_added,
        lambda s: services.add_comment(s["work_order"], "Hello.", public=True, by=s["customer_actor"]),
    ),
    "close": (signals.work_order_closed, lambda s: services.close(s["work_order"], by=s["staff"])),
    "reopen": (
        signals.work_order_reopened,
        lambda s: services.reopen(s["closed"], by=s["staff"], reason="Came back."),
    ),
    "update_details": (
        signals.work_order_updated,
        lambda s: services.update_details(
            s["work_order"],
            by=s["staff"],
            technician=s["technician"],
            promised_date=datetime.date(2026, 12, 4),
        ),
    ),
    "submit_service_request": (
        signals.service_request_submitted,
        lambda s: services.submit_service_request(
            customer=s["customer"], problem_description="Leaks.", by=s["customer_actor"]
        ),
    ),
    "accept_service_request (work_order_opened fails)": (
        signals.work_order_opened,
        lambda s: services.accept_service_request(s["request"], location=s["location"], by=s["staff"]),
    ),
    "accept_service_request": (
        signals.service_request_accepted,
        lambda s: services.accept_service_request(s["request"], location=s["location"], by=s["staff"]),
    ),
    "reject_service_request": (
        signals.service_request_rejected,
        lambda s: services.reject_service_request(s["request"], reason="No.", by=s["staff"]),
    ),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_failing_listener_rolls_the_whole_change_back(scene, snapshot, fail_signal, operation):
    signal, run = OPERATIONS[operation]
    fail_signal(signal)
    before = snapshot()

    with pytest.raises(ListenerFailed):
        run(scene)

    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_failing_listener_leaves_nothing_in_the_database_outside_any_test_transaction(
    customer, location, statuses, staff_actor, fail_signal
):
    fail_signal(signals.work_order_opened)

    with pytest.raises(ListenerFailed):
        services.open_work_order(
            customer=customer, location=location, problem_description="Job.", by=staff_actor
        )

    assert WorkOrder.objects.count() == 0
    assert TimelineEntry.objects.count() == 0
