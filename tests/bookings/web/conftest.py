"""Fixtures of the booking pages: a portal person signed in for `customer` (Anna Becker), one for
`other_customer` (Bernd Schulz), each with a request, and helpers to post the forms as a browser
would. The clock (tests/bookings/conftest.py) stands on Monday 18 March 2030, 08:00 in Berlin."""

import pytest
from django.test import Client
from django.utils import translation

from fixloop.bookings import services
from fixloop.core.actor import Actor, ActorKind
from fixloop.portal.forms.bookings import MIN_FILL_TIME, PublicBookingForm
from tests.bookings.fixtures import TUESDAY, at
from tests.factories import BROWSER, CUSTOMER_IP, customer_actor_for

BACKEND = "fixloop.portal.accounts.PortalAuthenticationBackend"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves a page's language active in the thread; later tests expect the default."""
    yield
    translation.deactivate()


def signed_in_client(user) -> Client:
    client = Client(REMOTE_ADDR=CUSTOMER_IP, HTTP_USER_AGENT=BROWSER)
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def anna(portal_user, booking_location):
    """Anna Becker's browser, signed in to the portal."""
    return signed_in_client(portal_user)


@pytest.fixture
def bernd(other_portal_user, booking_location):
    return signed_in_client(other_portal_user)


def portal_actor(user) -> Actor:
    return Actor(ActorKind.CUSTOMER, user=user, ip=CUSTOMER_IP, user_agent=BROWSER, name=user.get_full_name())


@pytest.fixture
def own_request(submit, portal_user):
    """A pending request Anna sent from the portal (Tuesday 10:00)."""
    return submit(by=portal_actor(portal_user))


@pytest.fixture
def others_request(other_customer, other_unit, booking_location, media_root):
    """A pending request of Bernd Schulz's account."""
    return services.submit(
        customer=other_customer,
        unit=other_unit,
        location=booking_location,
        problem_description="Cracked display.",
        slots=[at(TUESDAY, "11:00")],
        by=customer_actor_for("Bernd Schulz"),
    )


def public_form(place, **changes) -> dict:
    """What a person sends with the public form (shown long enough ago to count as a person)."""
    data = {
        "name": "Clara Neumann",
        "email": "clara@example.net",
        "phone": "",
        "location": str(place.pk),
        "unit_description": "Dell XPS 13",
        "problem_description": "The battery is swollen.",
        "slots": [at(TUESDAY, "10:00").isoformat()],
        "website": "",
        "started": PublicBookingForm.stamp(earlier=MIN_FILL_TIME),
    }
    data.update(changes)
    return data
