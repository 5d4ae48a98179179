"""Factories of the bookings tests (in the style of tests/factories.py)."""

from datetime import time

import factory

from fixloop.shop.models import OpeningHours, Weekday
from tests.factories import LocationFactory


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    location = factory.SubFactory(LocationFactory)
    weekday = Weekday.MONDAY
    opens = time(9, 0)
    closes = time(17, 0)


def open_on(location, weekdays, *ranges) -> None:
    """Opening hours for each of `weekdays`: ranges like ("09:00", "12:00")."""
    for weekday in weekdays:
        for opens, closes in ranges:
            OpeningHoursFactory(
                location=location,
                weekday=weekday,
                opens=time.fromisoformat(opens),
                closes=time.fromisoformat(closes),
            )
