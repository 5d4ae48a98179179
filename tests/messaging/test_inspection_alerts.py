"""The staff alert "inspection answered": who chose it gets an e-mail with what the customer answered
and wrote, linking to the work order's inspection; nobody who did not choose it."""

import pytest

from fixloop.inspections.models import Choice
from fixloop.messaging import staff_alerts
from fixloop.messaging.models import Message, StaffAlertEvent
from fixloop.messaging.purposes import STAYS_TRUE
from fixloop.shop.models import Role
from tests.factories import UserFactory
from tests.messaging.inspection_fixtures import answer

SITE = "http://127.0.0.1:8000"
KIND = "staff_alert.inspection_answered"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def jana(db):
    user = UserFactory(
        username="jana",
        first_name="Jana",
        last_name="Wolf",
        email="jana@shop.example.com",
        role=Role.SERVICE_ADVISOR,
    )
    staff_alerts.save_choices(user, [StaffAlertEvent.INSPECTION_ANSWERED], "en")
    return user


@pytest.fixture
def uninterested(db):
    user = UserFactory(username="max", email="max@shop.example.com", role=Role.SERVICE_ADVISOR)
    staff_alerts.save_choices(user, [StaffAlertEvent.INVOICE_AUTHORISED], "en")
    return user


def test_an_answered_inspection_alerts_who_chose_it(jana, uninterested, sent_inspection, customer_actor):
    answer(
        sent_inspection,
        customer_actor,
        {
            "Front brake pads": Choice.REPAIR,
            "Wiper blades": (Choice.DECLINE, "I will change them myself."),
            "Oil and filter change": Choice.CONTACT,
        },
    )

    (message,) = Message.objects.filter(kind=KIND)
    assert (message.channel, message.recipient, message.language) == ("email", jana.email, "en")
    number = sent_inspection.work_order.number
    assert message.subject == f"Inspection of {number} answered"
    assert message.body_text.startswith("Hello Jana Wolf,")
    assert "signed Anna Becker: Repair: 1 · Don't repair: 1 · Contact me: 1." in message.body_text
    assert "Wiper blades: I will change them myself." in message.body_text
    assert f"{SITE}/staff/work-orders/{number}/?tab=inspection" in message.body_text
    assert message.customer is None and message.work_order is None


def test_the_alert_is_in_the_staff_members_language(jana, sent_inspection, customer_actor):
    staff_alerts.save_choices(jana, [StaffAlertEvent.INSPECTION_ANSWERED], "de")

    answer(sent_inspection, customer_actor, {"Front brake pads": Choice.REPAIR})

    (message,) = Message.objects.filter(kind=KIND)
    assert message.subject == f"Inspektion zu {sent_inspection.work_order.number} beantwortet"
    assert "Reparieren: 1" in message.body_text


def test_an_answer_stays_true_once_given():
    assert KIND in STAYS_TRUE
