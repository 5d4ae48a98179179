"""The signed-in booking pages: the list grouped by what each request waits for, a new request with
the slot picker, and one request's page with its history and the answers its state allows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from fixloop.bookings import services
from fixloop.bookings.models import BookingPhoto, BookingSlot
from fixloop.customers.models import Unit
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import PNG, TUESDAY, at, photo
from tests.bookings.web.conftest import portal_actor
from tests.factories import CustomerAccountFactory, LocationFactory

State = ServiceRequest.State
WEDNESDAY = TUESDAY + timedelta(days=1)


def new_request_data(location, unit, **changes) -> dict:
    data = {
        "unit": str(unit.pk) if unit is not None else "new",
        "location": str(location.pk),
        "problem_description": "The fan is loud.",
        "slots": [at(TUESDAY, "09:00").isoformat(), at(WEDNESDAY, "14:00").isoformat()],
    }
    data.update(changes)
    return data


# ----------------------------------------------------------------------------- the list


def test_the_list_groups_the_requests_by_what_they_wait_for(anna, request_in, portal_user, staff_actor):
    waiting = request_in(State.WAITING_CUSTOMER)
    confirmed = request_in(State.ACCEPTED)
    withdrawn = request_in(State.WITHDRAWN)
    pending = request_in(State.PENDING)

    page = anna.get(reverse("portal:bookings")).content.decode()

    order = [
        page.index(text)
        for text in (
            "Waiting for your answer",
            "Waiting for the shop",
            "Confirmed appointments",
            "Past and closed",
        )
    ]
    assert order == sorted(order)
    for request in (waiting, confirmed, withdrawn, pending):
        assert f'href="/portal/bookings/{request.pk}/"' in page
    assert page.index(f"/portal/bookings/{waiting.pk}/") < page.index("Waiting for the shop")
    assert "Tue 19 Mar 2030, 14:00 (Europe/Berlin)" in page  # the shop's suggestion, with the zone


def test_the_list_labels_each_request_with_its_account_for_a_head_office(
    client, customer, other_customer, staff_actor, shop, booking_location, submit
):
    from fixloop.customers.services import portal_access
    from tests.bookings.web.conftest import signed_in_client

    head_office = CustomerAccountFactory(name="Fleet HQ", email="fleet@example.com")
    customer.head_office = head_office
    customer.save()
    token = portal_access.invite(head_office, "fleet.manager@example.com", by=staff_actor)
    manager = portal_access.accept_invitation(token, password="Werkstatt-2026!", name="Frieda Flotte")
    submit()

    page = signed_in_client(manager).get(reverse("portal:bookings")).content.decode()

    assert '<span class="tag">Anna Becker</span>' in page


def test_an_empty_list_invites_to_request_an_appointment(anna):
    page = anna.get(reverse("portal:bookings")).content.decode()
    assert "You have not asked for an appointment yet." in page


# ----------------------------------------------------------------------------- a new request


def test_the_new_request_page_offers_free_times_by_day_with_the_time_zone(anna, booking_location):
    LocationFactory(name="Hamburg", booking_capacity=0)

    response = anna.get(reverse("portal:booking_new"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Europe/Berlin" in page
    assert "Monday 18 March" in page and "Tuesday 19 March" in page
    assert f'value="{at(TUESDAY, "09:00").isoformat()}"' in page
    assert "Hamburg" not in page  # no online booking there
    assert "Lenovo ThinkPad T14 · PF-11111" in page


def test_a_request_with_a_unit_and_two_times_reaches_the_shop(
    anna, customer, unit, booking_location, media_root
):
    response = anna.post(
        reverse("portal:booking_new"),
        {**new_request_data(booking_location, unit), "photos": [photo("fan.png")]},
    )

    request = ServiceRequest.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/portal/bookings/{request.pk}/"
    assert (request.customer, request.unit, request.state, request.source) == (
        customer,
        unit,
        State.PENDING,
        ServiceRequest.Source.PORTAL,
    )
    assert sorted(slot.starts_at for slot in request.booking_slots.all()) == [
        at(TUESDAY, "09:00"),
        at(WEDNESDAY, "14:00"),
    ]
    assert request.booking_photos.get().original_name == "fan.png"
    assert request.booking_steps.get().user.email == "anna.becker@example.com"


def test_a_request_can_add_a_new_unit(anna, customer, booking_location):
    data = new_request_data(
        booking_location,
        None,
        new_kind="vehicle",
        new_make="Volkswagen",
        new_model="Golf",
        new_plate="B-AB 1234",
    )

    response = anna.post(reverse("portal:booking_new"), data)

    assert response.status_code == 303
    added = Unit.objects.get(make="Volkswagen")
    assert (added.customer, added.plate, added.kind) == (customer, "B-AB 1234", "vehicle")
    assert ServiceRequest.objects.get().unit == added


def test_paging_the_slot_picker_without_javascript_keeps_the_entries_and_sends_nothing(
    anna, unit, booking_location
):
    data = new_request_data(booking_location, unit, week=(TUESDAY + timedelta(days=7)).isoformat())

    response = anna.post(reverse("portal:booking_new"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tuesday 26 March" in page and "Monday 18 March" not in page
    assert "The fan is loud." in page
    assert "Also picked" in page  # the two times ticked in the week before
    assert not ServiceRequest.objects.exists()


def test_the_slot_fragment_shows_the_week_asked_for(client, booking_location):
    response = client.get(
        reverse("portal:book_slots"), {"location": booking_location.pk, "week": "2030-03-25"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Monday 25 March" in page and "Sunday" not in page.split("Later")[1]
    assert 'name="week" value="2030-03-18"' in page  # back to this week


def test_the_slot_fragment_of_a_location_without_online_booking_is_not_found(client, booking_location):
    closed = LocationFactory(name="Hamburg", booking_capacity=0)
    assert client.get(reverse("portal:book_slots"), {"location": closed.pk}).status_code == 404


# ----------------------------------------------------------------------------- one request


def test_the_request_page_shows_the_history_and_the_shops_suggestion(anna, own_request, staff_actor):
    services.suggest(
        own_request,
        version=own_request.version,
        slots=[at(TUESDAY, "14:00")],
        message="Mornings are full.",
        by=staff_actor,
    )

    page = anna.get(reverse("portal:booking", args=[own_request.pk])).content.decode()

    assert "The shop suggests these times" in page
    assert "Tue 19 Mar 2030, 14:00 (Europe/Berlin)" in page
    assert "Mornings are full." in page
    assert "Request sent" in page and "Other times suggested" in page
    assert "<del>Tue 19 Mar 2030, 10:00 (Europe/Berlin)</del>" in page  # released when the shop suggested
    assert f'name="version" value="{own_request.version}"' in page  # refreshed by the service
    assert "Withdraw this request" in page


def test_a_confirmed_request_shows_the_appointment_and_offers_the_calendar_file(
    anna, own_request, staff_actor, statuses
):
    services.confirm(own_request, version=own_request.version, by=staff_actor)

    page = anna.get(reverse("portal:booking", args=[own_request.pk])).content.decode()

    assert "Your appointment:" in page and "Tue 19 Mar 2030, 10:00 (Europe/Berlin)" in page
    assert f"/portal/bookings/{own_request.pk}/appointment.ics" in page
    assert "Withdraw this request" not in page and "hx-trigger" not in page.split('id="booking-live"')[1][:80]


def test_the_calendar_file_of_a_confirmed_request_is_a_calendar(anna, own_request, staff_actor, statuses):
    from icalendar import Calendar

    services.confirm(own_request, version=own_request.version, by=staff_actor)

    response = anna.get(reverse("portal:booking_ics", args=[own_request.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(TUESDAY, "10:00")


def test_a_request_not_confirmed_has_no_calendar_file(anna, own_request):
    assert anna.get(reverse("portal:booking_ics", args=[own_request.pk])).status_code == 404


def test_the_customer_can_download_their_photo(anna, submit, portal_user, media_root):
    request = submit(by=portal_actor(portal_user), photos=[photo("fan.png")])
    stored = BookingPhoto.objects.get(request=request)

    response = anna.get(reverse("portal:booking_photo", args=[request.pk, stored.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


def test_the_state_poll_answers_204_while_nothing_changed(anna, own_request):
    url = reverse("portal:booking_state", args=[own_request.pk])
    assert anna.get(url, {"version": own_request.version}).status_code == 204


def test_the_state_poll_shows_the_shops_answer(anna, own_request, staff_actor):
    shown = own_request.version
    services.suggest(own_request, version=own_request.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)

    response = anna.get(reverse("portal:booking_state", args=[own_request.pk]), {"version": shown})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="booking-live"' in page and "The shop suggests these times" in page
    assert "<html" not in page


def test_the_shops_slot_left_open_is_not_in_the_list_of_own_times(anna, own_request):
    assert BookingSlot.objects.filter(request=own_request).count() == 1
    page = anna.get(reverse("portal:booking", args=[own_request.pk])).content.decode()
    assert "The times you offered:" in page


def test_the_request_page_is_in_german(anna, own_request, staff_actor):
    services.suggest(own_request, version=own_request.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)

    anna.cookies["django_language"] = "de"  # chosen with the language switcher
    page = anna.get(reverse("portal:booking", args=[own_request.pk]))

    text = page.content.decode()
    for german in (
        "Die Werkstatt schlägt diese Zeiten vor",
        "Di, 19. Mär 2030, 14:00 (Europe/Berlin)",
        "Verlauf",
    ):
        assert german in text
    for english in ("The shop suggests these times", "History", "Withdraw this request"):
        assert english not in text


@pytest.mark.parametrize("wanted", ["", "abc", "-1", "99999999999999999999"])
def test_the_slot_fragment_of_an_unknown_location_is_not_found(client, booking_location, wanted):
    assert client.get(reverse("portal:book_slots"), {"location": wanted}).status_code == 404


def test_the_lists_query_count_does_not_grow_with_the_requests(anna, submit, portal_user, staff_actor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert anna.get(reverse("portal:bookings")).status_code == 200
        return len(captured)

    first = submit(by=portal_actor(portal_user))
    services.suggest(first, version=first.version, slots=[at(TUESDAY, "14:00")], by=staff_actor)
    queries()  # the first page also fills the caches (the shop profile)
    one = queries()
    for clock in ("09:00", "11:00", "13:00", "15:00"):
        submit(by=portal_actor(portal_user), slots=[at(WEDNESDAY, clock)])
    assert queries() == one
