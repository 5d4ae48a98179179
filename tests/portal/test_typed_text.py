"""Text made only of invisible characters is empty wherever people type text; control characters
are dropped; postal codes accept only what their format allows."""

import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings.validation import Errors
from fixloop.core.text import clean_text
from fixloop.customers.models import CustomerAccount
from fixloop.customers.services import portal_access
from fixloop.estimates.services import shared as estimate_text
from fixloop.repairs import services
from tests.factories import UserFactory, customer_actor_for

INVISIBLE_ONLY = [
    "\u200b",
    " \u200b\u200c\u200d\ufeff ",
    "\t\n\r\n",
    "\x00\x07\x1b",
    "\u2060\u00a0\u3000",
    "\u3164\u2800",
    "\u202e\u202d",
]


@pytest.mark.parametrize("text", INVISIBLE_ONLY)
def test_invisible_only_text_is_empty(text):
    assert clean_text(text) == ""
    assert clean_text(text, single_line=True) == ""


def test_control_characters_go_line_breaks_stay_and_emoji_keep_their_joiners():
    assert clean_text("\u200b Hello\x00 world\x07\r\nsecond line \u200b") == "Hello world\nsecond line"
    family = "\U0001f469\u200d\U0001f467"
    assert clean_text(f" {family} ") == family
    assert clean_text("Anna \n  Becker", single_line=True) == "Anna Becker"


@pytest.mark.parametrize("text", INVISIBLE_ONLY)
def test_an_invisible_question_is_refused(link, text):
    with pytest.raises(ValidationError) as error:
        services.ask_question(link, text, by=customer_actor_for())
    assert "text" in error.value.message_dict


def test_an_invisible_booking_problem_is_refused(customer):
    with pytest.raises(ValidationError) as error:
        services.submit_service_request(
            customer=customer, problem_description="\u200b\u200b", by=customer_actor_for()
        )
    assert "problem_description" in error.value.message_dict


def test_invisible_dispute_notes_names_and_booking_fields_count_as_missing():
    errors = {}
    assert estimate_text.clean_text("\u200b\ufeff", "note", errors, max_length=100) == ""
    assert "note" in errors
    booking = Errors()
    booking.text("\u3164", "name", max_length=100, missing="Enter your name.")
    assert booking.by_field == {"name": ["Enter your name."]}


def test_an_invisible_portal_name_is_refused(db):
    person = UserFactory(username="anna", email="anna@example.com")
    with pytest.raises(ValidationError) as error:
        portal_access.change_name(person, first_name="\u200b\u200b", last_name="")
    assert "first_name" in error.value.message_dict


def test_an_invisible_customer_name_is_refused(db, shop):
    customer = CustomerAccount(number="C1", name="\u200b \u200b")
    with pytest.raises(ValidationError) as error:
        customer.full_clean()
    assert "name" in error.value.message_dict


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("10115", "10115"), ("sw1a 1aa", "SW1A1AA"), ("12345-6789", "12345-6789"), ("10\u200b115", "10115")],
)
def test_a_postal_code_in_its_format_is_accepted_and_normalised(link, customer, typed, stored):
    services.correct_contact_details(link, {"postal_code": typed}, by=customer_actor_for())
    customer.refresh_from_db()
    assert customer.postal_code == stored


@pytest.mark.parametrize(
    "typed", ["<script>", "10115;DROP", "1" * 11, "AB--12", "-1234", "1234-", "12_34", "Ö1234", "12.345"]
)
def test_a_postal_code_outside_its_format_is_refused_on_the_tracking_page(link, customer, typed):
    with pytest.raises(ValidationError) as error:
        services.correct_contact_details(link, {"postal_code": typed}, by=customer_actor_for())
    assert "postal_code" in error.value.message_dict
    customer.refresh_from_db()
    assert customer.postal_code == "10115"


def test_the_tracking_pages_contact_form_shows_the_postal_code_message(client, case_path, customer):
    page = client.post(f"{case_path}contact/", {"postal_code": "<b>10115</b>"})
    assert page.status_code == 422
    assert "A postal code has only letters, digits, spaces and hyphens" in page.content.decode()
