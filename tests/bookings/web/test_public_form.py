"""The public request form (/book/ and /embed/book/) and its e-mailed confirmation link: a person's
request waits for the link; a bot is told the same and nothing is written; too many requests from one
address are refused with 429; the link confirms once, by POST, and not after it expired."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fixloop.bookings.models import EmailConfirmation
from fixloop.messaging.models import Message
from fixloop.portal.forms.bookings import PublicBookingForm
from fixloop.portal.views.booking_public import PER_ADDRESS
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import NOW, PNG, TUESDAY, at
from tests.bookings.web.conftest import public_form
from tests.portal.accounts_fixtures import link_in

State = ServiceRequest.State
SHOP_SITE = "https://www.werkstatt-mueller.example"
CLOCKS = ["09:00", "10:00", "11:00", "13:00", "14:00", "15:00"]  # one request each: none gets full


@pytest.fixture
def booking_client(client, booking_location, media_root):
    client.defaults.update({"REMOTE_ADDR": "203.0.113.9"})
    return client


def send(client, place, path="/book/", **changes):
    return client.post(path, public_form(place, **changes))


def test_the_form_names_the_time_zone_and_is_private(booking_client):
    response = booking_client.get("/book/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Book a repair" in page and "Europe/Berlin" in page
    assert 'name="started"' in page and 'name="website"' in page and 'tabindex="-1"' in page
    assert response["Cache-Control"] == "private, no-store"


def test_a_request_waits_for_its_e_mail_confirmation(booking_client, booking_location):
    response = send(booking_client, booking_location, photos=SimpleUploadedFile("battery.png", PNG))

    assert response.status_code == 303
    assert response["Location"] == "/book/?sent=1"
    request = ServiceRequest.objects.get()
    assert (request.state, request.requester_email, request.submitted_ip) == (
        State.UNCONFIRMED,
        "clara@example.net",
        "203.0.113.9",
    )
    assert request.booking_photos.get().original_name == "battery.png"
    assert "Check your e-mail" in booking_client.get(response["Location"]).content.decode()


def test_a_request_in_german_gets_its_e_mail_in_german(booking_client, booking_location):
    booking_client.post("/book/", public_form(booking_location), headers={"accept-language": "de"})

    request = ServiceRequest.objects.get()
    message = Message.objects.get(kind="booking.confirm_email")
    assert request.language == "de"
    assert (message.language, message.recipient) == ("de", "clara@example.net")
    assert message.subject == "Bitte bestätigen Sie Ihre Reparaturanfrage"
    assert "Di, 19. Mär 2030, 10:00 (Europe/Berlin)" in message.body_text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter your name."),
        ({"email": "clara@"}, "clara@"),
        ({"unit_description": ""}, "Say which device or vehicle needs the repair."),
        ({"slots": []}, "Pick at least one time."),
        ({"slots": [(NOW - timedelta(hours=1)).isoformat()]}, "This time is in the past."),
        ({"slots": [at(TUESDAY, "12:30").isoformat()]}, "The shop is closed at that time."),
        ({"photos": SimpleUploadedFile("notes.txt", b"hello")}, "notes.txt is not a photo"),
        ({"location": "99999999999999999999"}, "Choose one of our locations."),
        ({"slots": ["next tuesday"]}, "A time could not be read; please pick it again."),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_written(
    booking_client, booking_location, snapshot, changes, message
):
    before = snapshot()

    response = send(booking_client, booking_location, **changes)

    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert 'class="error" role="alert"' in page
    assert snapshot() == before
    assert not Message.objects.exists()


def test_a_full_time_is_refused(booking_client, booking_location, submit, snapshot):
    for _ in range(booking_location.booking_capacity):
        submit(slots=[at(TUESDAY, "10:00")])
    before = snapshot()

    response = send(booking_client, booking_location)

    assert response.status_code == 422
    assert "This time is fully booked; please pick another." in response.content.decode()
    assert snapshot() == before


# ----------------------------------------------------------------------------- bots


def test_a_filled_in_trap_field_is_told_the_same_and_nothing_is_written(
    booking_client, booking_location, snapshot
):
    before = snapshot()

    response = send(booking_client, booking_location, website="https://spam.example")

    assert (response.status_code, response["Location"]) == (303, "/book/?sent=1")
    assert snapshot() == before
    assert not Message.objects.exists()


def test_a_form_sent_back_within_seconds_is_told_the_same_and_nothing_is_written(
    booking_client, booking_location, snapshot
):
    before = snapshot()

    response = send(booking_client, booking_location, started=PublicBookingForm.stamp())

    assert (response.status_code, response["Location"]) == (303, "/book/?sent=1")
    assert snapshot() == before


def test_a_form_without_our_stamp_is_shown_again_to_be_sent_once_more(
    booking_client, booking_location, snapshot
):
    before = snapshot()

    response = send(booking_client, booking_location, started="forged")

    page = response.content.decode()
    assert response.status_code == 422
    assert "Please check your entries and send the form again." in page
    assert "Clara Neumann" in page
    assert snapshot() == before
    again = {**public_form(booking_location), "started": response.context["form"].data["started"]}
    assert (
        booking_client.post("/book/", again).status_code == 303
    )  # at once: the new stamp counts as a person
    assert ServiceRequest.objects.count() == 1


def test_too_many_requests_from_one_address_answer_429_saying_when_to_try_again(
    booking_client, booking_location, snapshot
):
    for clock in CLOCKS[: PER_ADDRESS.tries]:
        assert (
            send(booking_client, booking_location, slots=[at(TUESDAY, clock).isoformat()]).status_code == 303
        )
    before = snapshot()

    response = send(booking_client, booking_location, slots=[at(TUESDAY, "16:00").isoformat()])

    page = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in page and "minutes" in page
    assert snapshot() == before


def test_the_limit_is_per_address(booking_client, booking_location, client):
    for clock in CLOCKS[: PER_ADDRESS.tries]:
        send(booking_client, booking_location, slots=[at(TUESDAY, clock).isoformat()])
    client.defaults["REMOTE_ADDR"] = "203.0.113.10"
    assert send(client, booking_location, slots=[at(TUESDAY, "16:00").isoformat()]).status_code == 303


# ----------------------------------------------------------------------------- the embed


def test_the_embedded_form_may_be_framed_by_the_shops_site_and_stays_in_the_embed(
    booking_client, booking_location, settings
):
    settings.TRACKING_EMBED_ORIGINS = [SHOP_SITE]
    page = booking_client.get("/embed/book/")
    assert page["Content-Security-Policy"].split("; ")[-1] == f"frame-ancestors {SHOP_SITE}"
    assert "customer-top" not in page.content.decode()
    assert 'action="/embed/book/"' in page.content.decode()

    booking_client.handler.enforce_csrf_checks = True  # no CSRF cookie in a third-party frame
    response = send(booking_client, booking_location, path="/embed/book/")

    assert (response.status_code, response["Location"]) == (303, "/embed/book/?sent=1")
    assert ServiceRequest.objects.count() == 1


def test_the_form_outside_the_embed_refuses_framing(booking_client, settings):
    settings.TRACKING_EMBED_ORIGINS = [SHOP_SITE]
    assert booking_client.get("/book/")["X-Frame-Options"] == "DENY"


# ----------------------------------------------------------------------------- the confirmation link


@pytest.fixture
def confirm_path(booking_client, booking_location):
    send(booking_client, booking_location)
    return link_in(Message.objects.get(kind="booking.confirm_email"), "/book/confirm/")


def test_opening_the_link_shows_the_request_and_changes_nothing(booking_client, confirm_path, snapshot):
    before = snapshot()

    response = booking_client.get(confirm_path)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dell XPS 13" in page and "Tue 19 Mar 2030, 10:00 (Europe/Berlin)" in page
    assert '<form method="post">' in page
    assert snapshot() == before
    assert ServiceRequest.objects.get().state == State.UNCONFIRMED


def test_confirming_sends_the_request_to_the_shop(booking_client, confirm_path):
    booking_client.get(confirm_path)

    response = booking_client.post(confirm_path)

    assert response.status_code == 200
    assert "Your request is with the shop" in response.content.decode()
    request = ServiceRequest.objects.get()
    assert request.state == State.PENDING
    assert request.customer.email == "clara@example.net"


def test_the_link_works_once(booking_client, confirm_path, snapshot):
    booking_client.post(confirm_path)
    before = snapshot()

    for response in (booking_client.post(confirm_path), booking_client.get(confirm_path)):
        assert response.status_code == 410
        assert "This link has already been used: the shop has your request." in response.content.decode()
    assert snapshot() == before


def test_an_expired_link_confirms_nothing(booking_client, confirm_path, clock, snapshot):
    clock.shift(timedelta(hours=25))
    before = snapshot()

    response = booking_client.post(confirm_path)

    assert response.status_code == 410
    assert "This confirmation link has expired; please send your request again." in response.content.decode()
    assert snapshot() == before
    assert EmailConfirmation.objects.get().used_at is None


def test_the_confirmation_page_keeps_the_csrf_check(booking_client, confirm_path):
    booking_client.handler.enforce_csrf_checks = True
    assert booking_client.post(confirm_path).status_code == 403
    assert ServiceRequest.objects.get().state == State.UNCONFIRMED


def test_the_confirmation_page_is_in_the_language_of_the_request(booking_client, booking_location):
    booking_client.post("/book/", public_form(booking_location), headers={"accept-language": "de"})
    path = link_in(Message.objects.get(kind="booking.confirm_email"), "/book/confirm/")

    response = booking_client.get(path, headers={"accept-language": "en"})

    assert response["Content-Language"] == "de"
    assert "Anfrage" in response.content.decode()


def test_confirm_link_url_name(booking_client, confirm_path):
    token = confirm_path.rstrip("/").rsplit("/", 1)[1]
    assert reverse("portal:book_confirm", args=[token]) == confirm_path


def test_the_form_is_in_german(booking_client):
    page = booking_client.get("/book/", headers={"accept-language": "de"}).content.decode()
    assert '<html lang="de">' in page
    for german in ("Reparatur anfragen", "Zeiten, die Ihnen passen", "Montag, 18. März", "Anfrage senden"):
        assert german in page
    for english in ("Book a repair", "Times that suit you", "Send request"):
        assert english not in page


def test_photos_too_large_together_are_refused_before_they_are_read(
    booking_client, booking_location, snapshot, settings
):
    settings.ATTACHMENT_MAX_BYTES = 10
    before = snapshot()

    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 300 * 1024)
    response = send(booking_client, booking_location, photos=big)

    assert response.status_code == 413
    assert "Back to the form" in response.content.decode()
    assert snapshot() == before
