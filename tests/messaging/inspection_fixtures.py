"""An inspection with an item in each category, sent, answered and authorised through the real
services: for the tests of what flows out of an inspection (messages, alerts, webhooks, the
technician's view, the board, the invoice)."""

from decimal import Decimal

import pytest

from fixloop.inspections.models import Category, Choice
from fixloop.inspections.services import answers, authorising, items, sending

ITEMS = [
    # (category, description, labour, parts)
    (Category.SCHEDULED, "Oil and filter change", "60.00", "45.00"),
    (Category.NECESSARY, "Front brake pads", "80.00", "120.00"),
    (Category.RECOMMENDED, "Wiper blades", "0.00", "33.53"),
    (Category.OK, "Lights and horn", "0.00", "0.00"),
]


@pytest.fixture
def inspection(work_order, staff_actor):
    """A draft inspection of the work order with one item of each category (19 % VAT)."""
    found = items.start(work_order, by=staff_actor)
    for category, description, labour, parts in ITEMS:
        items.add_item(
            found,
            by=staff_actor,
            category=category,
            description=description,
            labour=Decimal(labour),
            parts=Decimal(parts),
        )
    found.refresh_from_db()
    return found


def item(inspection, description):
    return inspection.items.get(description=description)


def send(inspection, by, *, emails=("anna@example.com",), phones=()):
    version = sending.send(inspection, by=by, emails=list(emails), phones=list(phones))
    inspection.refresh_from_db()
    return version


def answer(inspection, by, choices: dict, *, name="Anna Becker", version=None):
    """Answer the current version: {description: choice or (choice, comment)}."""
    given = {}
    for description, choice in choices.items():
        choice, comment = choice if isinstance(choice, tuple) else (choice, "")
        given[item(inspection, description).pk] = (choice, comment)
    number = version or inspection.version
    answered = answers.submit(inspection, version_number=number, answers=given, by=by, name=name)
    inspection.refresh_from_db()
    return answered


@pytest.fixture
def sent_inspection(inspection, staff_actor):
    send(inspection, staff_actor)
    return inspection


@pytest.fixture
def answered_inspection(sent_inspection, customer_actor):
    """Brake pads: repair; wipers: don't repair, with a comment; oil change: contact me."""
    answer(
        sent_inspection,
        customer_actor,
        {
            "Front brake pads": Choice.REPAIR,
            "Wiper blades": (Choice.DECLINE, "I will change them myself."),
            "Oil and filter change": Choice.CONTACT,
        },
    )
    return sent_inspection


@pytest.fixture
def authorised_inspection(answered_inspection, staff_actor):
    """The brake pads authorised (thumbs up), the wipers not (thumbs down), the oil change undecided."""
    authorising.authorise(item(answered_inspection, "Front brake pads"), by=staff_actor, authorised=True)
    authorising.authorise(item(answered_inspection, "Wiper blades"), by=staff_actor, authorised=False)
    return answered_inspection
