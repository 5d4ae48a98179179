"""Every wired event type is published by the real service functions, with the documented payload
(checked against the JSON Schema that openapi_webhooks() publishes)."""

import json

import jsonschema_rs
import pytest

from fixloop.api.models import WebhookEvent
from fixloop.api.webhooks.payloads import openapi_webhooks
from fixloop.bookings import services as bookings
from fixloop.core.actor import Actor
from fixloop.estimates.models import Decision
from fixloop.messaging import services as messaging
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from tests.estimates.fixtures import decide_all
from tests.factories import CustomerAccountFactory, WorkOrderFactory
from tests.messaging import sms_fixtures

twilio_api = sms_fixtures.twilio_api


def published(type_name: str) -> list[dict]:
    """The bodies of the events of a type, oldest first, each checked against its schema."""
    schema = openapi_webhooks()[type_name]["post"]["requestBody"]["content"]["application/json"]["schema"]
    validator = jsonschema_rs.validator_for(schema)
    bodies = [json.loads(event.body) for event in WebhookEvent.objects.filter(type=type_name).order_by("pk")]
    for body in bodies:
        validator.validate(body)
        assert body["type"] == type_name
    return bodies


@pytest.fixture
def subscribed(subscribe):
    return subscribe()  # every event type


def test_a_status_change_publishes_work_order_status_changed(subscribed, work_order, statuses, staff_actor):
    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)

    (body,) = published("work_order.status_changed.v1")
    data = body["data"]
    assert data["work_order"]["number"] == work_order.number
    assert data["work_order"]["customer_number"] == work_order.customer.number
    assert data["work_order"]["status"]["id"] == statuses["in_progress"].pk
    assert data["previous_status"]["id"] == statuses["open"].pk
    assert data["changed_by"] == "staff"


def test_closing_and_reopening_publish_status_changes(subscribed, work_order, statuses, staff_actor):
    repairs.close(work_order, by=staff_actor)
    repairs.reopen(work_order, by=staff_actor, reason="The screen flickers again.")

    closed, reopened = published("work_order.status_changed.v1")
    assert closed["data"]["previous_status"]["id"] == statuses["open"].pk
    assert closed["data"]["work_order"]["status"]["phase"] == "closed"
    assert reopened["data"]["previous_status"]["phase"] == "closed"


def test_an_approval_publishes_estimate_decided(subscribed, sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)

    (body,) = published("estimate.decided.v1")
    data = body["data"]
    assert data["estimate_id"] == sent_estimate.pk
    assert data["state"] == "approved"
    assert data["signed_name"] == "Anna Becker"
    assert data["gross"] == f"{sent_estimate.current_version.gross:.2f}"
    assert {job["decision"] for job in data["decisions"]} == {"approved"}
    assert next(job["description"] for job in data["decisions"]) == "Replace the display"
    assert published("estimate.dispute_opened.v1") == []


def test_a_dispute_publishes_dispute_opened_besides_estimate_decided(
    subscribed, sent_estimate, customer_actor
):
    decide_all(sent_estimate, customer_actor, Decision.DISPUTED, dispute_subject="parts", note="Too dear.")

    (decided,) = published("estimate.decided.v1")
    (opened,) = published("estimate.dispute_opened.v1")
    assert opened["id"] != decided["id"]
    assert {job["note"] for job in opened["data"]["disputed"]} == {"Too dear."}
    assert {job["dispute_subject"] for job in opened["data"]["disputed"]} == {"parts"}


def test_a_booking_request_and_its_withdrawal_publish_booking_changed(subscribed, submit, customer_actor):
    request = submit()
    bookings.withdraw(request, version=request.version, by=customer_actor)

    requested, withdrawn = published("booking.changed.v1")
    assert requested["data"]["service_request_id"] == request.pk
    assert requested["data"]["step"] == "requested"
    assert requested["data"]["by"] == "customer"
    assert withdrawn["data"]["step"] == "withdrawn"
    assert withdrawn["data"]["state"] == "withdrawn"


def test_a_contact_change_in_the_portal_publishes_customer_contact_changed(
    subscribed, customer, customer_actor
):
    old_email = customer.email
    repairs.change_account_contact_details(customer.pk, {"email": "anna.new@example.com"}, by=customer_actor)

    (body,) = published("customer.contact_changed.v1")
    assert body["data"]["customer_number"] == customer.number
    assert body["data"]["source"] == "portal"
    assert body["data"]["changes"]["email"] == {"old": old_email, "new": "anna.new@example.com"}


def test_a_correction_on_the_tracking_page_publishes_customer_contact_changed(
    subscribed, work_order, staff_actor, customer_actor
):
    link = repairs.issue_link(work_order, by=staff_actor)
    repairs.correct_contact_details(link, {"city": "Potsdam"}, by=customer_actor)

    (body,) = published("customer.contact_changed.v1")
    assert body["data"]["source"] == "tracking_page"
    assert body["data"]["changes"]["city"]["new"] == "Potsdam"


def test_a_message_that_fails_for_good_publishes_message_failed(subscribed, twilio_api):
    twilio_api.fail_next(21211)
    customer = CustomerAccountFactory(mobile=sms_fixtures.MOBILE, language="en")
    work_order = WorkOrderFactory(customer=customer)
    message = messaging.queue_message(
        "workorder.message",
        channel="sms",
        customer=customer,
        work_order=work_order,
        context={"message": "Hi"},
    )

    deliver_due()

    (body,) = published("message.failed.v1")
    data = body["data"]
    assert data["message_id"] == message.pk
    assert data["channel"] == "sms"
    assert data["customer_number"] == customer.number
    assert data["work_order_number"] == work_order.number
    assert "21211" in data["reason"]


def test_the_event_is_written_with_the_moment_of_the_change(subscribed, work_order, statuses, staff_actor):
    entry = repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)

    (body,) = published("work_order.status_changed.v1")
    event = WebhookEvent.objects.get()
    assert event.created_at == entry.created_at
    assert body["created_at"].startswith(entry.created_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert body["id"] == event.event_id


def test_a_status_change_over_the_api_is_published_as_made_by_the_integration(
    subscribed, work_order, statuses, rf
):
    request = rf.post("/api/v1/", REMOTE_ADDR="192.0.2.7")
    repairs.change_status(work_order, statuses["in_progress"], by=Actor.integration(request, name="DMS"))

    (body,) = published("work_order.status_changed.v1")
    assert body["data"]["changed_by"] == "integration"
