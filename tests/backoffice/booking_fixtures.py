"""Booking requests for the back-office and staff-alert tests: a clock stopped on Monday 18 March
2030, 08:00 in Berlin, a location open on weekdays 09:00–12:00 and 13:00–17:00 with room for three
bookings per hour, and requests brought into each state through the bookings services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.bookings import services, signals
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import Weekday
from tests.bookings.factories import open_on
from tests.factories import customer_actor_for

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2030, 3, 18, 8, 0, tzinfo=BERLIN)  # a Monday
MONDAY, TUESDAY, WEDNESDAY = date(2030, 3, 18), date(2030, 3, 19), date(2030, 3, 20)
NEXT_TUESDAY = date(2030, 3, 26)
WEEKDAYS = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
State = ServiceRequest.State


def at(day: date, clock: str) -> datetime:
    """A wall-clock time in Berlin."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=BERLIN)


def photo(name: str = "display.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def booking_location(clock, location, shop):
    location.booking_capacity = 3
    location.booking_slot_minutes = 60
    location.save()
    open_on(location, WEEKDAYS, ("09:00", "12:00"), ("13:00", "17:00"))
    return location


@pytest.fixture
def submit(customer, unit, booking_location, customer_actor, media_root):
    """submit(**changes) -> a pending request of `customer` for Tuesday 10:00."""

    def make(**changes):
        arguments = {
            "customer": customer,
            "unit": unit,
            "location": booking_location,
            "problem_description": "The screen flickers.",
            "slots": [at(TUESDAY, "10:00")],
            "by": customer_actor,
        }
        return services.submit(**{**arguments, **changes})

    return make


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
