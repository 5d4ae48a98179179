"""Fixtures of the bookings tests (the shared clock, location and request: tests/bookings/fixtures.py):
requests from the public form and in each state, and a snapshot of what is stored."""

from pathlib import Path

import pytest

from fixloop.bookings import services, signals
from fixloop.bookings.models import BookingPhoto, BookingSlot, BookingStep, EmailConfirmation
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.estimates.models import Estimate
from fixloop.repairs.models import ServiceRequest, TimelineEntry, WorkOrder
from tests.bookings.fixtures import TUESDAY, at
from tests.factories import customer_actor_for


@pytest.fixture(autouse=True)
def _stopped_clock(clock):
    """Every bookings test runs at NOW."""
    return clock


@pytest.fixture
def anonymous_actor():
    """Someone on the public request form: no account, no name known yet."""
    return customer_actor_for("")


@pytest.fixture
def submit_public(booking_location, anonymous_actor, media_root):
    def make(**changes):
        arguments = {
            "name": "Clara Neumann",
            "email": "clara@example.net",
            "location": booking_location,
            "unit_description": "Dell XPS 13",
            "problem_description": "The battery is swollen.",
            "slots": [at(TUESDAY, "10:00")],
            "by": anonymous_actor,
        }
        return services.submit_public(**{**arguments, **changes})

    return make


@pytest.fixture
def public_token(capture_signal):
    """public_token() -> the token of the last confirmation e-mail requested."""
    sent = capture_signal(signals.booking_confirmation_requested)
    return lambda: sent[-1]["token"]


@pytest.fixture
def request_in(submit, submit_public, statuses, staff_actor, customer_actor):
    """request_in(state) -> a request brought into `state` through the services."""
    State = ServiceRequest.State
    suggested, countered = at(TUESDAY, "14:00"), at(TUESDAY, "15:00")

    def make(state):
        if state == State.UNCONFIRMED:
            return submit_public()
        request = submit()
        if state == State.WAITING_CUSTOMER:
            services.suggest(request, version=request.version, slots=[suggested], by=staff_actor)
        elif state == State.WAITING_SHOP:
            services.suggest(request, version=request.version, slots=[suggested], by=staff_actor)
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

    make.countered = countered
    return make


@pytest.fixture
def snapshot(media_root):
    """snapshot() -> what is stored now; compare one taken before a refused call with one after."""

    def take() -> dict:
        root = Path(media_root)
        return {
            "requests": list(
                ServiceRequest.objects.order_by("pk").values_list(
                    "pk", "state", "version", "customer_id", "work_order_id", "updated_at"
                )
            ),
            "steps": BookingStep.objects.count(),
            "slots": list(BookingSlot.objects.order_by("pk").values_list("pk", "state", "held_until")),
            "photos": BookingPhoto.objects.count(),
            "confirmations": list(EmailConfirmation.objects.values_list("pk", "used_at")),
            "customers": CustomerAccount.objects.count(),
            "units": Unit.objects.count(),
            "work_orders": WorkOrder.objects.count(),
            "timeline": TimelineEntry.objects.count(),
            "estimates": Estimate.objects.count(),
            "files": sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()),
        }

    return take
