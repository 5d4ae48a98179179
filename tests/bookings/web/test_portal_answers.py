"""The customer's answers on the request's page, and the bad input the issue names: each refused
answer says why (on the field, or for the whole request), answers 4xx and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from fixloop.bookings import services
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import NOW, TUESDAY, at, photo
from tests.bookings.web.test_portal_pages import new_request_data

State = ServiceRequest.State
STALE = "This request changed meanwhile; here is its current state."


@pytest.fixture
def suggested(own_request, staff_actor):
    """Anna's request, the shop having suggested Tuesday 14:00 and 15:00."""
    services.suggest(
        own_request,
        version=own_request.version,
        slots=[at(TUESDAY, "14:00"), at(TUESDAY, "15:00")],
        by=staff_actor,
    )
    return own_request


def url(name, request):
    return reverse(f"portal:{name}", args=[request.pk])


# ----------------------------------------------------------------------------- the answers


def test_accepting_one_of_the_shops_times(anna, suggested):
    chosen = suggested.booking_slots.get(starts_at=at(TUESDAY, "15:00"), state="open")

    response = anna.post(
        url("booking_accept", suggested),
        {"version": suggested.version, "slot": chosen.pk, "message": "Thanks!"},
    )

    suggested.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == f"/portal/bookings/{suggested.pk}/"
    assert suggested.state == State.WAITING_SHOP
    step = suggested.booking_steps.last()
    assert (step.kind, step.data["slot"], step.text, step.user.email) == (
        "accepted",
        chosen.pk,
        "Thanks!",
        "anna.becker@example.com",
    )
    assert "the shop will confirm the time you chose" in anna.get(response["Location"]).content.decode()


def test_proposing_other_times(anna, suggested):
    response = anna.post(
        url("booking_counter", suggested),
        {
            "version": suggested.version,
            "slots": [at(TUESDAY, "16:00").isoformat()],
            "message": "Afternoons only.",
        },
    )

    suggested.refresh_from_db()
    assert response.status_code == 303
    assert suggested.state == State.WAITING_SHOP
    assert list(suggested.booking_slots.filter(state="open").values_list("starts_at", "offered_by")) == [
        (at(TUESDAY, "16:00"), "customer")
    ]


def test_withdrawing(anna, own_request):
    response = anna.post(
        url("booking_withdraw", own_request), {"version": own_request.version, "reason": "Fixed it myself."}
    )

    own_request.refresh_from_db()
    assert response.status_code == 303
    assert own_request.state == State.WITHDRAWN
    assert own_request.booking_slots.get().state == "released"


# ----------------------------------------------------------------------------- refused answers


def test_a_stale_version_answers_409_with_the_current_state_and_changes_nothing(anna, suggested, snapshot):
    chosen = suggested.booking_slots.filter(state="open").first()
    before = snapshot()

    response = anna.post(
        url("booking_accept", suggested), {"version": suggested.version - 1, "slot": chosen.pk}
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert STALE in page
    assert "The shop suggests these times" in page  # the page as it is now
    assert snapshot() == before


@pytest.mark.parametrize("state", [State.WITHDRAWN, State.REJECTED, State.ACCEPTED])
@pytest.mark.parametrize("answer", ["booking_accept", "booking_counter", "booking_withdraw"])
def test_an_answer_to_a_finished_request_answers_409_and_changes_nothing(
    anna, request_in, portal_user, snapshot, state, answer
):
    request = request_in(state)
    before = snapshot()

    response = anna.post(
        url(answer, request),
        {
            "version": request.version,
            "slot": request.booking_slots.first().pk,
            "slots": [at(TUESDAY, "16:00").isoformat()],
        },
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert {
        State.WITHDRAWN: "This booking request has been withdrawn.",
        State.REJECTED: "This booking request has been declined.",
        State.ACCEPTED: "This booking request has already been confirmed.",
    }[state] in page
    assert snapshot() == before


def test_accepting_while_no_suggestion_waits_answers_409(anna, own_request, snapshot):
    before = snapshot()

    response = anna.post(
        url("booking_accept", own_request),
        {"version": own_request.version, "slot": own_request.booking_slots.get().pk},
    )

    assert response.status_code == 409
    assert "There is no suggestion from the shop to answer." in response.content.decode()
    assert snapshot() == before


def test_accepting_a_time_the_shop_did_not_suggest_is_a_field_error(anna, suggested, snapshot):
    own = suggested.booking_slots.get(offered_by="customer")
    before = snapshot()

    response = anna.post(url("booking_accept", suggested), {"version": suggested.version, "slot": own.pk})

    assert response.status_code == 422
    assert (
        '<p class="error" role="alert">Choose one of the times the shop suggested.</p>'
        in response.content.decode()
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (NOW - timedelta(hours=1), "This time is in the past."),
        (at(TUESDAY, "12:00"), "The shop is closed at that time."),
        (at(TUESDAY + timedelta(days=5), "10:00"), "The shop is closed at that time."),  # a Sunday
    ],
)
def test_a_counter_proposal_with_a_time_that_cannot_be_booked_is_a_field_error(
    anna, suggested, snapshot, when, message
):
    before = snapshot()

    response = anna.post(
        url("booking_counter", suggested), {"version": suggested.version, "slots": [when.isoformat()]}
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert snapshot() == before


# ----------------------------------------------------------------------------- a new request's bad input


def book(client, data, files=None):
    return client.post(reverse("portal:booking_new"), {**data, **(files or {})})


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (NOW - timedelta(minutes=30), "This time is in the past."),
        (at(TUESDAY, "07:00"), "The shop is closed at that time."),
    ],
)
def test_a_new_request_for_a_time_that_cannot_be_booked_is_refused(
    anna, unit, booking_location, snapshot, when, message
):
    before = snapshot()

    response = book(anna, new_request_data(booking_location, unit, slots=[when.isoformat()]))

    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert 'class="slot-picker has-error"' in page
    assert snapshot() == before


def test_a_new_request_for_a_full_time_is_refused(anna, unit, booking_location, submit, snapshot):
    for _ in range(booking_location.booking_capacity):
        submit(slots=[at(TUESDAY, "09:00")])
    before = snapshot()

    response = book(anna, new_request_data(booking_location, unit, slots=[at(TUESDAY, "09:00").isoformat()]))

    assert response.status_code == 422
    assert "This time is fully booked; please pick another." in response.content.decode()
    assert snapshot() == before


def test_a_new_request_for_another_customers_unit_is_refused(anna, other_unit, booking_location, snapshot):
    before = snapshot()

    response = book(anna, new_request_data(booking_location, other_unit))

    assert response.status_code == 422
    assert "Choose one of your devices or vehicles." in response.content.decode()
    assert snapshot() == before


def test_a_new_request_without_a_time_is_refused(anna, unit, booking_location, snapshot):
    before = snapshot()

    response = book(anna, new_request_data(booking_location, unit, slots=[]))

    assert response.status_code == 422
    assert "Pick at least one time." in response.content.decode()
    assert snapshot() == before


def test_a_new_request_with_four_times_is_refused(anna, unit, booking_location, snapshot):
    before = snapshot()
    times = [at(TUESDAY, clock).isoformat() for clock in ("09:00", "10:00", "11:00", "13:00")]

    response = book(anna, new_request_data(booking_location, unit, slots=times))

    assert response.status_code == 422
    assert "Pick at most 3 times." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: photo("invoice.pdf", b"%PDF-1.7 ..."), "invoice.pdf is not a photo"),
        (
            lambda: photo("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048),
            "big.png is 2.0\xa0KB; a photo may be at most 1.0\xa0KB.",
        ),
        (lambda: photo("fake.png", b"GIF89a not a png"), "fake.png:"),  # the domain checks the content
    ],
)
def test_a_new_request_with_a_photo_we_do_not_take_is_refused(
    anna, unit, booking_location, snapshot, settings, upload, message
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    before = snapshot()

    response = book(anna, new_request_data(booking_location, unit), {"photos": [upload()]})

    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert snapshot() == before


def test_a_new_unit_without_a_make_is_refused(anna, booking_location, snapshot):
    before = snapshot()

    response = book(anna, new_request_data(booking_location, None, new_model="Golf"))

    assert response.status_code == 422
    assert "Enter the make, e.g. Lenovo or Volkswagen." in response.content.decode()
    assert snapshot() == before


def test_a_body_too_large_is_refused_before_it_is_read(anna, unit, booking_location, snapshot, settings):
    settings.ATTACHMENT_MAX_BYTES = 10  # ten photos of 10 bytes and the text: about 256 KB
    before = snapshot()

    big = photo("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 300 * 1024)
    response = book(anna, new_request_data(booking_location, unit), {"photos": [big]})

    assert response.status_code == 413
    assert "The photos are too large" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("version", ["", "abc", "99999999999"])
def test_a_version_that_is_not_the_one_shown_answers_409(anna, suggested, snapshot, version):
    chosen = suggested.booking_slots.filter(state="open", offered_by="shop").first()
    before = snapshot()

    response = anna.post(url("booking_accept", suggested), {"version": version, "slot": chosen.pk})

    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("slot", ["", "x", "0", "99999999999999999999"])
def test_a_slot_that_is_not_a_suggestion_is_a_field_error(anna, suggested, snapshot, slot):
    before = snapshot()

    response = anna.post(url("booking_accept", suggested), {"version": suggested.version, "slot": slot})

    assert response.status_code == 422
    assert "Choose one of the times the shop suggested." in response.content.decode()
    assert snapshot() == before


def test_a_request_number_too_large_is_not_found(anna):
    assert anna.get("/portal/bookings/99999999999999999999/").status_code == 404
