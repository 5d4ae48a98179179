import datetime

import pytest
from django.core.exceptions import ValidationError

from fixloop.repairs import services, signals
from fixloop.repairs.models import ServiceRequest, TimelineEntry, WorkOrder
from tests.factories import BROWSER, CUSTOMER_IP, LocationFactory, ServiceRequestFactory


@pytest.fixture
def service_request(customer, unit):
    return ServiceRequestFactory(customer=customer, unit=unit, problem_description="Keyboard keys stick.")


def test_submitting_saves_a_pending_request_with_the_customers_address_and_browser(
    customer, unit, location, customer_actor
):
    request = services.submit_service_request(
        customer=customer,
        unit=unit,
        problem_description=" Keyboard keys stick. ",
        preferred_location=location,
        by=customer_actor,
    )

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert saved.state == ServiceRequest.State.PENDING
    assert (saved.customer, saved.unit, saved.preferred_location) == (customer, unit, location)
    assert saved.problem_description == "Keyboard keys stick."
    assert (saved.submitted_ip, saved.submitted_user_agent) == (CUSTOMER_IP, BROWSER)


def test_submitting_without_a_known_unit_keeps_the_customers_description(customer, customer_actor):
    request = services.submit_service_request(
        customer=customer,
        unit_description="  Bosch washing machine  ",
        problem_description="Leaks.",
        by=customer_actor,
    )

    assert ServiceRequest.objects.get(pk=request.pk).unit_description == "Bosch washing machine"


def test_submitting_writes_no_timeline_entry(customer, customer_actor, snapshot):
    before = snapshot()

    services.submit_service_request(customer=customer, problem_description="Leaks.", by=customer_actor)

    assert snapshot()["timeline"] == before["timeline"]


def test_submitting_sends_service_request_submitted(customer, customer_actor, capture_signal):
    received = capture_signal(signals.service_request_submitted)

    request = services.submit_service_request(
        customer=customer, problem_description="Leaks.", by=customer_actor
    )

    assert [(call["sender"], call["service_request"]) for call in received] == [(ServiceRequest, request)]


def test_submitting_for_a_unit_of_another_customer_is_refused(customer, other_unit, customer_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.submit_service_request(
            customer=customer, unit=other_unit, problem_description="Leaks.", by=customer_actor
        )

    assert set(refused.value.message_dict) == {"unit"}
    assert snapshot() == before


@pytest.mark.parametrize("problem", ["", "   ", "x" * (services.COMMENT_MAX_LENGTH + 1)])
def test_submitting_without_a_sensible_problem_description_is_refused(
    customer, customer_actor, snapshot, problem
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.submit_service_request(customer=customer, problem_description=problem, by=customer_actor)

    assert set(refused.value.message_dict) == {"problem_description"}
    assert snapshot() == before


# accept


def test_accepting_opens_a_work_order_for_the_customer_and_unit(
    service_request, customer, unit, location, statuses, staff_actor, technician
):
    work_order = services.accept_service_request(
        service_request,
        location=location,
        by=staff_actor,
        technician=technician,
        promised_date=datetime.date(2026, 12, 4),
    )

    saved = WorkOrder.objects.get(pk=work_order.pk)
    assert (saved.customer, saved.unit, saved.location) == (customer, unit, location)
    assert saved.problem_description == "Keyboard keys stick."
    assert saved.technician == technician
    assert saved.promised_date == datetime.date(2026, 12, 4)
    assert saved.status == statuses["open"]


def test_accepting_marks_the_request_accepted_by_whom_and_when(
    service_request, location, statuses, staff_actor, advisor
):
    work_order = services.accept_service_request(service_request, location=location, by=staff_actor)

    saved = ServiceRequest.objects.get(pk=service_request.pk)
    assert saved.state == ServiceRequest.State.ACCEPTED
    assert saved.work_order == work_order
    assert saved.decided_by == advisor
    assert saved.decided_at is not None


def test_accepting_refreshes_the_callers_copy_of_the_request(
    service_request, location, statuses, staff_actor
):
    work_order = services.accept_service_request(service_request, location=location, by=staff_actor)

    assert service_request.state == ServiceRequest.State.ACCEPTED
    assert service_request.work_order == work_order


def test_accepting_puts_the_customers_unit_description_above_the_problem(
    customer, location, statuses, staff_actor
):
    request = ServiceRequestFactory(
        customer=customer, unit_description="Bosch WAN28", problem_description="Leaks."
    )

    work_order = services.accept_service_request(request, location=location, by=staff_actor)

    assert work_order.problem_description == "Bosch WAN28\n\nLeaks."


def test_accepting_records_the_opening_and_an_internal_acceptance_entry(
    service_request, location, statuses, staff_actor, advisor
):
    work_order = services.accept_service_request(service_request, location=location, by=staff_actor)

    opened, accepted = work_order.timeline.order_by("id")
    assert opened.kind == TimelineEntry.Kind.OPENED
    assert accepted.kind == TimelineEntry.Kind.SYSTEM
    assert accepted.data == {"event": "service_request_accepted", "service_request": service_request.pk}
    assert (accepted.actor, accepted.user, accepted.public) == ("staff", advisor, False)


def test_accepting_sends_service_request_accepted_and_work_order_opened(
    service_request, location, statuses, staff_actor, capture_signal
):
    accepted = capture_signal(signals.service_request_accepted)
    opened = capture_signal(signals.work_order_opened)

    work_order = services.accept_service_request(service_request, location=location, by=staff_actor)

    assert len(accepted) == 1
    assert accepted[0]["sender"] is ServiceRequest
    assert accepted[0]["service_request"] == service_request
    assert accepted[0]["service_request"].state == ServiceRequest.State.ACCEPTED
    assert accepted[0]["work_order"] == work_order
    assert [call["work_order"] for call in opened] == [work_order]


def test_accepting_a_request_twice_is_refused_and_opens_no_second_work_order(
    service_request, location, statuses, staff_actor, snapshot
):
    services.accept_service_request(service_request, location=location, by=staff_actor)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.accept_service_request(service_request, location=location, by=staff_actor)

    assert not hasattr(refused.value, "error_dict")  # a non-field error: the whole request is decided
    assert "already accepted" in refused.value.messages[0]
    assert snapshot() == before


def test_accepting_a_rejected_request_is_refused(service_request, location, statuses, staff_actor, snapshot):
    services.reject_service_request(service_request, reason="We don't repair these.", by=staff_actor)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.accept_service_request(service_request, location=location, by=staff_actor)

    assert "already rejected" in refused.value.messages[0]
    assert snapshot() == before


def test_accepting_a_stale_copy_of_a_request_accepted_meanwhile_is_refused(
    service_request, location, statuses, staff_actor, snapshot
):
    stale = ServiceRequest.objects.get(pk=service_request.pk)
    services.accept_service_request(service_request, location=location, by=staff_actor)
    before = snapshot()

    with pytest.raises(ValidationError):
        services.accept_service_request(stale, location=location, by=staff_actor)

    assert snapshot() == before


def test_accepting_at_an_inactive_location_is_refused_and_the_request_stays_pending(
    service_request, statuses, staff_actor, snapshot
):
    closed_branch = LocationFactory(active=False)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.accept_service_request(service_request, location=closed_branch, by=staff_actor)

    assert set(refused.value.message_dict) == {"location"}
    assert snapshot() == before
    assert ServiceRequest.objects.get(pk=service_request.pk).state == ServiceRequest.State.PENDING


# reject


def test_rejecting_saves_the_reason_and_who_decided(service_request, staff_actor, advisor):
    services.reject_service_request(service_request, reason="  We don't repair these. ", by=staff_actor)

    saved = ServiceRequest.objects.get(pk=service_request.pk)
    assert saved.state == ServiceRequest.State.REJECTED
    assert saved.rejection_reason == "We don't repair these."
    assert saved.decided_by == advisor
    assert saved.decided_at is not None
    assert saved.work_order is None


def test_rejecting_opens_no_work_order(service_request, staff_actor, snapshot):
    before = snapshot()

    services.reject_service_request(service_request, reason="We don't repair these.", by=staff_actor)

    after = snapshot()
    assert (after["work_orders"], after["timeline"]) == (before["work_orders"], before["timeline"])


def test_rejecting_sends_service_request_rejected(service_request, staff_actor, capture_signal):
    received = capture_signal(signals.service_request_rejected)

    services.reject_service_request(service_request, reason="We don't repair these.", by=staff_actor)

    assert len(received) == 1
    assert received[0]["sender"] is ServiceRequest
    assert received[0]["service_request"] == service_request
    assert received[0]["service_request"].state == ServiceRequest.State.REJECTED


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_rejecting_without_a_reason_is_refused(service_request, staff_actor, snapshot, reason):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reject_service_request(service_request, reason=reason, by=staff_actor)

    assert set(refused.value.message_dict) == {"rejection_reason"}
    assert snapshot() == before


def test_rejecting_with_an_overlong_reason_is_refused(service_request, staff_actor, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reject_service_request(
            service_request, reason="x" * (services.COMMENT_MAX_LENGTH + 1), by=staff_actor
        )

    assert set(refused.value.message_dict) == {"rejection_reason"}
    assert snapshot() == before


def test_rejecting_a_request_twice_is_refused_and_keeps_the_first_reason(
    service_request, staff_actor, snapshot
):
    services.reject_service_request(service_request, reason="We don't repair these.", by=staff_actor)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reject_service_request(service_request, reason="Changed my mind.", by=staff_actor)

    assert not hasattr(refused.value, "error_dict")
    assert "already rejected" in refused.value.messages[0]
    assert snapshot() == before


def test_rejecting_an_accepted_request_is_refused(service_request, location, statuses, staff_actor, snapshot):
    services.accept_service_request(service_request, location=location, by=staff_actor)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reject_service_request(service_request, reason="Oops.", by=staff_actor)

    assert "already accepted" in refused.value.messages[0]
    assert snapshot() == before


# the states of a booking negotiation (bookings/machine.py) that a decision may come from


@pytest.mark.parametrize("state", [ServiceRequest.State.PENDING, ServiceRequest.State.WAITING_SHOP])
def test_a_request_waiting_for_the_shop_can_be_accepted(
    customer, unit, location, statuses, staff_actor, state
):
    request = ServiceRequestFactory(customer=customer, unit=unit, state=state)

    work_order = services.accept_service_request(request, location=location, by=staff_actor)

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.state, saved.work_order) == (ServiceRequest.State.ACCEPTED, work_order)


@pytest.mark.parametrize(
    "state",
    [ServiceRequest.State.PENDING, ServiceRequest.State.WAITING_SHOP, ServiceRequest.State.WAITING_CUSTOMER],
)
def test_an_open_request_can_be_rejected(customer, staff_actor, state):
    request = ServiceRequestFactory(customer=customer, state=state)

    services.reject_service_request(request, reason="We don't repair these.", by=staff_actor)

    assert ServiceRequest.objects.get(pk=request.pk).state == ServiceRequest.State.REJECTED


@pytest.mark.parametrize(
    "state, message",
    [
        (ServiceRequest.State.WAITING_CUSTOMER, "while the service request is “Waiting for the customer”"),
        (ServiceRequest.State.WITHDRAWN, "already withdrawn"),
    ],
)
def test_accepting_a_request_that_does_not_wait_for_the_shop_is_refused(
    customer, location, statuses, staff_actor, snapshot, state, message
):
    request = ServiceRequestFactory(customer=customer, state=state)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.accept_service_request(request, location=location, by=staff_actor)

    assert message in refused.value.messages[0]
    assert snapshot() == before


def test_rejecting_a_withdrawn_request_is_refused(customer, staff_actor, snapshot):
    request = ServiceRequestFactory(customer=customer, state=ServiceRequest.State.WITHDRAWN)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.reject_service_request(request, reason="No.", by=staff_actor)

    assert "already withdrawn" in refused.value.messages[0]
    assert snapshot() == before
