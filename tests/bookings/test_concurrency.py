"""Two customers booking the last place of a slot at the same moment: exactly one gets it. Needs
PostgreSQL (SQLite runs one writer at a time anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fixloop.bookings import services
from fixloop.bookings.models import BookingSlot
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import TUESDAY, at


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_bookings_of_the_last_place_at_once_one_wins(
    booking_location, customer, unit, other_customer, other_unit, customer_actor
):
    booking_location.booking_capacity = 1
    booking_location.save()
    barrier = threading.Barrier(2)
    outcomes = []

    def book(who, what):
        try:
            barrier.wait()
            services.submit(
                customer=who,
                unit=what,
                location=booking_location,
                problem_description="Needs a look.",
                slots=[at(TUESDAY, "10:00")],
                by=customer_actor,
            )
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(" ".join(error.message_dict["slots"]))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(who, what))
        for who, what in ((customer, unit), (other_customer, other_unit))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 2 and outcomes.count("booked") == 1
    (refusal,) = [outcome for outcome in outcomes if outcome != "booked"]
    assert refusal.endswith("This time is fully booked; please pick another.")
    assert ServiceRequest.objects.count() == 1
    assert BookingSlot.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_both_sides_acting_at_once_on_one_request_the_second_is_told_it_changed(
    booking_location, customer, unit, statuses, staff_actor, customer_actor
):
    request = services.submit(
        customer=customer,
        unit=unit,
        location=booking_location,
        problem_description="Needs a look.",
        slots=[at(TUESDAY, "10:00")],
        by=customer_actor,
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def act(action):
        try:
            shown = ServiceRequest.objects.get(pk=request.pk)
            barrier.wait()
            action(shown)
            outcomes.append("done")
        except services.StaleRequest as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(lambda r: services.confirm(r, version=1, by=staff_actor),)),
        threading.Thread(target=act, args=(lambda r: services.withdraw(r, version=1, by=customer_actor),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This request changed meanwhile; here is its current state.", "done"]
    request.refresh_from_db()
    assert request.version == 2
    assert request.booking_steps.count() == 2
