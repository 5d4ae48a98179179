from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fixloop.bookings import queries, services, signals
from fixloop.bookings.models import BookingStep, EmailConfirmation
from fixloop.bookings.slots import free_slots
from fixloop.customers.models import CustomerAccount
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import NOW, TUESDAY, at
from tests.factories import CustomerAccountFactory

State = ServiceRequest.State


def test_a_public_request_waits_unconfirmed_with_the_requesters_contact(submit_public):
    request = submit_public(email=" Clara@Example.NET ", phone="030 1234567", language="de")

    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.state, saved.source, saved.customer) == (
        State.UNCONFIRMED,
        ServiceRequest.Source.PUBLIC,
        None,
    )
    assert (saved.requester_name, saved.requester_email, saved.requester_phone) == (
        "Clara Neumann",
        "Clara@example.net",
        "+49301234567",
    )
    assert (saved.unit_description, saved.language) == ("Dell XPS 13", "de")
    assert saved.booking_steps.get().actor_name == "Clara Neumann"


def test_staff_do_not_see_an_unconfirmed_request(submit_public):
    request = submit_public()

    assert request not in queries.for_staff()


def test_the_confirmation_link_is_stored_hashed_and_expires_in_a_day(submit_public, public_token):
    request = submit_public()

    confirmation = EmailConfirmation.objects.get(request=request)
    token = public_token()
    assert token not in (confirmation.nonce, confirmation.token_hash)
    assert services.confirmation_token(confirmation) == token
    assert confirmation.expires_at == request.booking_slots.get().held_until
    assert timedelta(hours=23, minutes=59) < confirmation.expires_at - timezone.now() <= timedelta(hours=24)


def test_a_public_request_sends_the_confirmation_e_mail_not_the_staff_announcements(
    submit_public, capture_signal
):
    asked = capture_signal(signals.booking_confirmation_requested)
    requested = capture_signal(signals.booking_requested)
    steps = capture_signal(signals.booking_step)

    request = submit_public()

    assert [(call["request"], call["confirmation"].email) for call in asked] == [
        (request, "clara@example.net")
    ]
    assert requested == [] and steps == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": ""}, "email"),
        ({"email": "clara@"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"unit_description": ""}, "unit_description"),
        ({"problem_description": ""}, "problem_description"),
        ({"slots": []}, "slots"),
    ],
)
def test_bad_input_on_the_public_form_is_refused_field_by_field(submit_public, snapshot, changes, field):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        submit_public(**changes)

    assert list(refused.value.message_dict) == [field]
    assert snapshot() == before


def test_confirming_creates_a_customer_account_and_puts_the_request_in_the_queue(
    submit_public, public_token, anonymous_actor, capture_signal
):
    request = submit_public(phone="+49 151 23456789", language="de")
    requested = capture_signal(signals.booking_requested)

    confirmed = services.confirm_email(public_token(), by=anonymous_actor)

    customer = confirmed.customer
    assert (confirmed.state, confirmed.version) == (State.PENDING, 2)
    assert (customer.name, customer.email, customer.mobile, customer.language) == (
        "Clara Neumann",
        "clara@example.net",
        "+4915123456789",
        "de",
    )
    assert customer.number.startswith("C")
    assert confirmed in queries.for_staff()
    assert confirmed.booking_slots.get().held_until is None
    assert [step.kind for step in confirmed.booking_steps.all()] == ["requested", "email_confirmed"]
    assert [call["request"].pk for call in requested] == [request.pk]


def test_confirming_picks_the_one_account_with_that_address(submit_public, public_token, anonymous_actor):
    existing = CustomerAccountFactory(name="Clara Neumann GmbH", email="clara@example.net")
    submit_public()

    confirmed = services.confirm_email(public_token(), by=anonymous_actor)

    assert confirmed.customer == existing
    assert CustomerAccount.objects.filter(email="clara@example.net").count() == 1


def test_a_confirmation_link_works_once(submit_public, public_token, anonymous_actor, snapshot):
    submit_public()
    token = public_token()
    services.confirm_email(token, by=anonymous_actor)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.confirm_email(token, by=anonymous_actor)

    assert refused.value.message_dict == {
        "token": ["This link has already been used: the shop has your request."]
    }
    assert snapshot() == before


def test_an_expired_confirmation_link_is_refused(submit_public, public_token, anonymous_actor, snapshot):
    submit_public()
    before = snapshot()

    with time_machine.travel(NOW + timedelta(hours=25)), pytest.raises(ValidationError) as refused:
        services.confirm_email(public_token(), by=anonymous_actor)

    assert "expired" in refused.value.message_dict["token"][0]
    assert snapshot() == before


@pytest.mark.parametrize("token", ["", "x" * 43, "not a token", None])
def test_an_unknown_confirmation_link_is_refused(submit_public, anonymous_actor, token):
    submit_public()

    with pytest.raises(ValidationError) as refused:
        services.confirm_email(token, by=anonymous_actor)

    assert refused.value.message_dict == {"token": ["This confirmation link is not valid."]}


def test_an_unconfirmed_request_holds_its_time_only_until_its_link_expires(submit_public, booking_location):
    booking_location.booking_capacity = 1
    booking_location.save()
    submit_public()

    def ten_oclock_free(now):
        return any(
            slot.starts_at == at(TUESDAY, "10:00") for slot in free_slots(booking_location, TUESDAY, 1, now)
        )

    assert not ten_oclock_free(timezone.now())
    assert ten_oclock_free(timezone.now() + timedelta(hours=25))


def test_confirming_keeps_who_confirmed(submit_public, public_token, anonymous_actor):
    submit_public()

    request = services.confirm_email(public_token(), by=anonymous_actor)

    step = request.booking_steps.get(kind=BookingStep.Kind.EMAIL_CONFIRMED)
    assert (step.actor, step.actor_name, step.ip) == ("customer", "Clara Neumann", anonymous_actor.ip)
