"""What the booking tests share (tests/bookings/ and the back office's booking pages): a clock stopped
on Monday 18 March 2030, 08:00 in Berlin, a location open on weekdays 09:00–12:00 and 13:00–17:00 with
room for three bookings per hour, and a pending request made through the services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.bookings import services
from fixloop.shop.models import Weekday
from tests.bookings.factories import open_on

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2030, 3, 18, 8, 0, tzinfo=BERLIN)  # a Monday
MONDAY, TUESDAY, WEDNESDAY = date(2030, 3, 18), date(2030, 3, 19), date(2030, 3, 20)
NEXT_TUESDAY = date(2030, 3, 26)
WEEKDAYS = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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
