"""Booking requests for the back-office and staff-alert tests, brought into each state through the
bookings services (the clock, location and `submit` they build on: tests/bookings/fixtures.py)."""

import pytest

from fixloop.bookings import services, signals
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import (  # noqa: F401 (the back-office tests import them from here)
    MONDAY,
    NEXT_TUESDAY,
    NOW,
    TUESDAY,
    WEDNESDAY,
    at,
    photo,
)
from tests.factories import customer_actor_for

State = ServiceRequest.State


@pytest.fixture
def submit_public(booking_location, media_root, capture_signal):
    """submit_public(**changes) -> a request from the public form, still unconfirmed; its
    confirmation token is make.tokens[-1]."""
    sent = capture_signal(signals.booking_confirmation_requested)

    def make(**changes):
        arguments = {
            "name": "Clara Neumann",
            "email": "clara@example.net",
            "location": booking_location,
            "unit_description": "Dell XPS 13",
            "problem_description": "The battery is swollen.",
            "slots": [at(TUESDAY, "11:00")],
            "by": customer_actor_for(""),
        }
        request = services.submit_public(**{**arguments, **changes})
        make.token = sent[-1]["token"]
        return request

    return make


@pytest.fixture
def request_in(submit, statuses, staff_actor, customer_actor):
    """request_in(state, **submit_changes) -> a request brought into `state` through the services."""

    def make(state, **changes):
        request = submit(**changes)
        if state == State.WAITING_CUSTOMER:
            services.suggest(request, version=request.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)
        elif state == State.WAITING_SHOP:
            services.suggest(request, version=request.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)
            services.accept(request, version=request.version, by=customer_actor)
        elif state == State.ACCEPTED:
            services.confirm(request, version=request.version, by=staff_actor)
        elif state == State.REJECTED:
            services.decline(
                request, version=request.version, reason="We don't repair these.", by=staff_actor
            )
        elif state == State.WITHDRAWN:
            services.withdraw(request, version=request.version, by=customer_actor)
        request.refresh_from_db()
        assert request.state == state
        return request

    return make
