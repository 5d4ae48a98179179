"""Service requests of the first version (no times, no history: demo data and requests from before the
booking negotiation) in the grown-up queue: they are listed, declined with a reason, and confirmed
once the customer has accepted a suggested time. The first version's URLs keep working."""

import pytest

from fixloop.bookings import services
from fixloop.repairs.models import ServiceRequest, WorkOrder
from tests.backoffice.booking_fixtures import WEDNESDAY, at
from tests.factories import ServiceRequestFactory, customer_actor_for

pytestmark = pytest.mark.usefixtures("clock")  # before anybody signs in


def test_the_queue_lists_pending_requests(advisor_client, customer):
    ServiceRequestFactory(customer=customer, problem_description="Laptop does not charge")
    page = advisor_client.get("/staff/service-requests/").content.decode()
    assert "Laptop does not charge" in page


def test_an_empty_queue_says_so(advisor_client, db):
    assert b"No new booking requests." in advisor_client.get("/staff/service-requests/").content


def test_a_request_without_times_asks_for_a_suggestion(advisor_client, customer, booking_location):
    service_request = ServiceRequestFactory(customer=customer, preferred_location=booking_location)

    page = advisor_client.get(f"/staff/service-requests/{service_request.pk}/").content.decode()

    assert "No time is open for this request: suggest one below." in page
    assert "This request was received before booking histories were kept." in page


def test_it_is_confirmed_after_the_customer_accepts_a_suggested_time(
    advisor_client, customer, booking_location, statuses
):
    service_request = ServiceRequestFactory(
        customer=customer, unit_description="Dell XPS 13", preferred_location=booking_location
    )
    advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/suggest/",
        {"version": 1, "slots": [at(WEDNESDAY, "09:00").isoformat()]},
    )
    service_request.refresh_from_db()
    services.accept(service_request, version=service_request.version, by=customer_actor_for())

    response = advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/accept/",
        {"version": service_request.version, "slot": service_request.booking_slots.get(state="open").pk},
    )

    work_order = WorkOrder.objects.get(customer=customer)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/work-orders/{work_order.number}/"
    assert work_order.problem_description.startswith("Dell XPS 13")
    service_request.refresh_from_db()
    assert service_request.state == ServiceRequest.State.ACCEPTED


def test_rejecting_needs_a_reason(advisor_client, customer):
    service_request = ServiceRequestFactory(customer=customer)
    response = advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/reject/", {"version": 1, "reason": ""}
    )
    assert response.status_code == 422
    service_request.refresh_from_db()
    assert service_request.state == ServiceRequest.State.PENDING


def test_rejecting_records_the_reason_and_who(advisor_client, advisor, customer):
    service_request = ServiceRequestFactory(customer=customer)
    response = advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/reject/",
        {"version": 1, "reason": "We don't repair TVs."},
    )
    assert response.status_code == 302
    service_request.refresh_from_db()
    assert service_request.state == ServiceRequest.State.REJECTED
    assert service_request.rejection_reason == "We don't repair TVs."
    assert service_request.decided_by == advisor


def test_a_request_decided_already_cannot_be_accepted(advisor_client, customer, location, statuses):
    service_request = ServiceRequestFactory(
        customer=customer, state=ServiceRequest.State.REJECTED, rejection_reason="No"
    )
    response = advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/accept/", {"version": 1, "slot": 1}
    )
    assert response.status_code == 409
    assert "This booking request has been declined." in response.content.decode()
    assert not WorkOrder.objects.exists()
