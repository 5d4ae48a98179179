"""Portal people: an invited and accepted person for the `customer`, and helpers to read their e-mails
from the outbox."""

import re

import pytest

from fixloop.customers.services import portal_access
from fixloop.messaging.models import Message

PASSWORD = "Werkstatt-2026!"


def invite(customer, email, by, **kwargs) -> str:
    return portal_access.invite(customer, email, by=by, **kwargs)


@pytest.fixture
def portal_user(customer, staff_actor, shop):
    token = invite(customer, "anna.becker@example.com", staff_actor)
    return portal_access.accept_invitation(token, password=PASSWORD, name="Anna Becker")


@pytest.fixture
def other_portal_user(other_customer, staff_actor, shop):
    token = invite(other_customer, "bernd@example.org", staff_actor)
    return portal_access.accept_invitation(token, password=PASSWORD, name="Bernd Schulz")


def last_email(kind: str, to: str) -> Message:
    return Message.objects.filter(kind=kind, recipient=to).latest("created_at")


def link_in(message: Message, path_start: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(path_start)}[^\s]*)", message.body_text)
    assert match, message.body_text
    return match.group(1)
