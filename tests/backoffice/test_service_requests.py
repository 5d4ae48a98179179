"""The queue of service requests: accept (opens a work order) or reject with a reason."""

from fixloop.repairs.models import ServiceRequest, WorkOrder
from tests.factories import ServiceRequestFactory


def test_the_queue_lists_pending_requests(advisor_client, customer):
    ServiceRequestFactory(customer=customer, problem_description="Laptop does not charge")
    page = advisor_client.get("/staff/service-requests/").content.decode()
    assert "Laptop does not charge" in page


def test_an_empty_queue_says_so(advisor_client, db):
    assert b"No service requests are waiting." in advisor_client.get("/staff/service-requests/").content


def test_accepting_opens_a_work_order(advisor_client, customer, location, statuses):
    service_request = ServiceRequestFactory(customer=customer, unit_description="Dell XPS 13")
    response = advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/accept/", {"location": location.pk}
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
        f"/staff/service-requests/{service_request.pk}/reject/", {"rejection_reason": ""}
    )
    assert response.status_code == 422
    service_request.refresh_from_db()
    assert service_request.state == ServiceRequest.State.PENDING


def test_rejecting_records_the_reason_and_who(advisor_client, advisor, customer):
    service_request = ServiceRequestFactory(customer=customer)
    response = advisor_client.post(
        f"/staff/service-requests/{service_request.pk}/reject/", {"rejection_reason": "We don't repair TVs."}
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
        f"/staff/service-requests/{service_request.pk}/accept/", {"location": location.pk}
    )
    assert response.status_code == 422
    assert "already rejected" in response.content.decode()
    assert not WorkOrder.objects.exists()
