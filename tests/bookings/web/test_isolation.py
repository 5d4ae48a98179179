"""Every booking URL, tried with another customer's request: 404, and nothing changes. The portal's
URL lists (tests/portal/test_portal_isolation.py, tests/portal/test_isolation.py) take their booking
names from here."""

import pytest
from django.urls import reverse

from fixloop.bookings.models import BookingPhoto
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import TUESDAY, at, photo
from tests.factories import customer_actor_for

# name: what its isolation test checks
SIGNED_IN_BOOKING_URLS = {
    "bookings": "lists nothing of another customer",
    "booking_new": "offers and takes only the person's own accounts and units",
    "booking": "another customer's request: 404",
    "booking_state": "another customer's request: 404",
    "booking_accept": "another customer's request: 404, nothing changes",
    "booking_counter": "another customer's request: 404, nothing changes",
    "booking_withdraw": "another customer's request: 404, nothing changes",
    "booking_ics": "another customer's request: 404",
    "booking_photo": "another customer's request or photo: 404",
}
PUBLIC_BOOKING_URLS = {
    "book": "shows and takes no customer's data",
    "embed_book": "as book",
    "book_slots": "free times only; a location without online booking: 404",
    "book_confirm": "a token that is not a valid link: 404 (GET and POST), nothing changes",
}

# The answers post what a browser would; the request's own version, so only the scope refuses them.
ANSWERS = {
    "booking": ("get", ""),
    "booking_state": ("get", "state/"),
    "booking_accept": ("post", "accept/"),
    "booking_counter": ("post", "counter/"),
    "booking_withdraw": ("post", "withdraw/"),
    "booking_ics": ("get", "appointment.ics"),
}


@pytest.fixture
def others_photo(other_customer, other_unit, booking_location, media_root):
    from fixloop.bookings import services

    request = services.submit(
        customer=other_customer,
        unit=other_unit,
        location=booking_location,
        problem_description="Cracked display.",
        slots=[at(TUESDAY, "13:00")],
        photos=[photo("bernds-display.png")],
        by=customer_actor_for("Bernd Schulz"),
    )
    return BookingPhoto.objects.get(request=request)


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_another_customers_request_is_not_found_and_nothing_changes(
    anna, bernd, others_request, snapshot, name
):
    method, suffix = ANSWERS[name]
    path = f"/portal/bookings/{others_request.pk}/{suffix}"
    data = {
        "version": others_request.version,
        "slot": others_request.booking_slots.get().pk,
        "slots": [at(TUESDAY, "16:00").isoformat()],
    }
    assert bernd.get(f"/portal/bookings/{others_request.pk}/").status_code == 200  # it is Bernd's
    before = snapshot()

    response = getattr(anna, method)(path, data if method == "post" else {})

    assert response.status_code == 404
    assert b"Cracked display." not in response.content
    assert snapshot() == before


def test_another_customers_photo_is_not_found(anna, bernd, own_request, others_photo):
    own_path = reverse("portal:booking_photo", args=[own_request.pk, others_photo.pk])
    others_path = reverse("portal:booking_photo", args=[others_photo.request_id, others_photo.pk])
    assert bernd.get(others_path).status_code == 200
    assert anna.get(others_path).status_code == 404
    assert anna.get(own_path).status_code == 404  # someone else's photo under one's own request


def test_the_list_shows_nothing_of_another_customer(anna, own_request, others_request):
    page = anna.get(reverse("portal:bookings")).content.decode()
    assert f"/portal/bookings/{own_request.pk}/" in page
    assert f"/portal/bookings/{others_request.pk}/" not in page
    assert "iPhone" not in page


def test_a_new_request_offers_only_the_persons_accounts_and_units(anna, other_customer, other_unit):
    page = anna.get(reverse("portal:booking_new")).content.decode()
    assert "Lenovo" in page
    assert "iPhone" not in page and "Bernd Schulz" not in page


def test_a_new_request_for_another_customers_account_is_refused(
    anna, unit, other_customer, booking_location, snapshot
):
    before = snapshot()

    response = anna.post(
        reverse("portal:booking_new"),
        {
            "customer": other_customer.pk,
            "unit": unit.pk,
            "location": booking_location.pk,
            "problem_description": "Hi.",
            "slots": [at(TUESDAY, "09:00").isoformat()],
        },
    )

    # One account only: the field is not offered, and the request is Anna's own.
    assert response.status_code in (303, 422)
    assert not ServiceRequest.objects.filter(customer=other_customer).exists()
    if response.status_code == 422:
        assert snapshot() == before


def test_the_public_pages_show_no_customers_data(client, own_request, others_request):
    for path in ("/book/", "/embed/book/", f"/book/slots/?location={own_request.preferred_location_id}"):
        page = client.get(path).content.decode()
        assert "Anna Becker" not in page and "Bernd Schulz" not in page
        assert "PF-11111" not in page and "flickers" not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_confirmation_token_that_is_not_a_link_is_not_found_and_changes_nothing(
    client, submit_public, snapshot, method
):
    submit_public()
    before = snapshot()

    response = getattr(client, method)("/book/confirm/" + "Q" * 43 + "/")

    assert response.status_code == 404
    assert "This confirmation link is not valid." in response.content.decode()
    assert "Clara" not in response.content.decode()
    assert snapshot() == before
