"""Who may open which back-office page."""

import pytest

from fixloop.repairs.models import ServiceRequest
from tests.factories import ServiceRequestFactory, UserFactory


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=/staff/")


def test_a_signed_in_user_without_a_staff_role_gets_403(client, db):
    client.force_login(UserFactory(username="nobody", is_staff=False))
    assert client.get("/staff/").status_code == 403


def test_staff_sign_in_with_username_and_password(client, advisor):
    response = client.post(
        "/staff/sign-in/", {"username": "advisor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_wrong_password_shows_the_form_again_with_a_message(client, advisor):
    response = client.post("/staff/sign-in/", {"username": "advisor", "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_a_technician_cannot_close_a_work_order(technician_client, work_order, statuses):
    response = technician_client.post(
        f"/staff/work-orders/{work_order.number}/close/", {"status": statuses["closed"].pk}
    )
    assert response.status_code == 403
    work_order.refresh_from_db()
    assert work_order.closed_at is None


def test_a_technician_cannot_edit_a_customer(technician_client, customer):
    response = technician_client.post(f"/staff/customers/{customer.number}/edit/", {"name": "Changed"})
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Anna Becker"


def test_a_technician_cannot_decide_service_requests(technician_client, customer, location):
    service_request = ServiceRequestFactory(customer=customer)
    response = technician_client.post(
        f"/staff/service-requests/{service_request.pk}/accept/", {"location": location.pk}
    )
    assert response.status_code == 403
    service_request.refresh_from_db()
    assert service_request.state == ServiceRequest.State.PENDING


def test_a_technician_can_change_the_status_and_comment(technician_client, work_order, statuses):
    status_response = technician_client.post(
        f"/staff/work-orders/{work_order.number}/status/", {"status": statuses["in_progress"].pk}
    )
    comment_response = technician_client.post(
        f"/staff/work-orders/{work_order.number}/comment/", {"text": "Replaced the fan."}
    )
    assert status_response.status_code == 302
    assert comment_response.status_code == 302
    work_order.refresh_from_db()
    assert work_order.status == statuses["in_progress"]


def test_the_menu_hides_what_a_technician_may_not_use(technician_client):
    page = technician_client.get("/staff/").content.decode()
    assert "/admin/" not in page


def test_a_technician_sees_the_booking_requests_in_the_menu(technician_client):
    page = technician_client.get("/staff/").content.decode()
    assert 'href="/staff/service-requests/"' in page
