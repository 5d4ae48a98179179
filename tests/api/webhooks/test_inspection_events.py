"""The customer's answers to an inspection are published to subscribed endpoints as
inspection.answered.v1, from the real inspection services, and delivered signed."""

import json

from fixloop.api.webhooks.events import EVENT_TYPES
from fixloop.inspections.models import Choice
from fixloop.messaging.tasks import deliver_due
from tests.api.webhooks.recipes import python_verify
from tests.api.webhooks.test_events import published
from tests.messaging.inspection_fixtures import answer, item


def test_the_inspection_event_is_wired():
    assert EVENT_TYPES["inspection.answered.v1"].wired


def test_answering_delivers_a_signed_inspection_answered_event_with_every_answer(
    subscribe, receiver, sent_inspection, customer_actor, customer
):
    _endpoint, secret = subscribe("inspection.answered.v1")

    version = answer(
        sent_inspection,
        customer_actor,
        {
            "Front brake pads": (Choice.REPAIR, "Please use original parts."),
            "Wiper blades": Choice.DISAGREE,
            "Oil and filter change": Choice.CONTACT,
        },
    )
    # the webhook goes out; the link sent to the customer is cancelled: the version is answered
    assert deliver_due() == {"sent": 1, "cancelled": 1}

    (request,) = receiver.received
    assert request.headers["Fixloop-Event"] == "inspection.answered.v1"
    assert python_verify()(secret, request.headers["Fixloop-Signature"], request.body) is True
    (body,) = published("inspection.answered.v1")  # checked against the published schema
    assert json.loads(request.body) == body
    data = body["data"]
    assert data["work_order_number"] == sent_inspection.work_order.number
    assert data["customer_number"] == customer.number
    assert data["inspection_id"] == sent_inspection.pk
    assert data["version"] == 1
    assert data["answered_by"] == "Anna Becker"
    assert data["answered_at"].startswith(version.answered_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert data["answers"] == [
        {
            "item_id": item(sent_inspection, "Oil and filter change").pk,
            "item": "Oil and filter change",
            "category": "scheduled",
            "answer": "contact",
            "note": "",
        },
        {
            "item_id": item(sent_inspection, "Front brake pads").pk,
            "item": "Front brake pads",
            "category": "necessary",
            "answer": "repair",
            "note": "Please use original parts.",
        },
        {
            "item_id": item(sent_inspection, "Wiper blades").pk,
            "item": "Wiper blades",
            "category": "recommended",
            "answer": "disagree",
            "note": "",
        },
    ]


def test_no_event_is_published_without_a_subscriber_of_the_type(subscribe, sent_inspection, customer_actor):
    subscribe("invoice.authorised.v1")

    answer(sent_inspection, customer_actor, {"Front brake pads": Choice.REPAIR})

    assert published("inspection.answered.v1") == []
