import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings import machine
from fixloop.bookings.machine import NEW, Event
from fixloop.repairs.models import ServiceRequest

State = ServiceRequest.State
STATES = [NEW, *State.values]
ALLOWED = sorted(machine.TRANSITIONS)
REFUSED = [
    (state, event) for state in STATES for event in machine.ALL_EVENTS if (state, event) not in ALLOWED
]
GENERIC = "This cannot be done while"


def test_the_table_names_every_state_and_event():
    assert {state for state, _event in ALLOWED} | {
        target for targets in machine.TRANSITIONS.values() for target in targets
    } == set(STATES)
    assert {event for _state, event in ALLOWED} == set(machine.ALL_EVENTS)


@pytest.mark.parametrize(("state", "event"), ALLOWED)
def test_an_allowed_event_passes_the_check(state, event):
    machine.check(state, event)
    for target in machine.allowed(state, event):
        machine.check(state, event, target)


@pytest.mark.parametrize(("state", "event"), REFUSED)
def test_a_refused_event_is_refused_with_a_specific_message(state, event):
    with pytest.raises(ValidationError) as refused:
        machine.check(state, event)

    assert refused.value.code == "invalid_transition"
    assert refused.value.messages == [machine.refusal(state, event)]
    assert GENERIC not in refused.value.messages[0]


def test_an_allowed_event_is_refused_for_a_target_it_does_not_lead_to():
    with pytest.raises(ValidationError):
        machine.check(State.PENDING, Event.SUGGEST, State.ACCEPTED)


@pytest.mark.parametrize("state", machine.FINISHED_STATES)
def test_nothing_can_happen_to_a_finished_request(state):
    assert all(not machine.allowed(state, event) for event in machine.ALL_EVENTS)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (State.ACCEPTED, "This booking request has already been confirmed."),
        (State.REJECTED, "This booking request has been declined."),
        (State.WITHDRAWN, "This booking request has been withdrawn."),
    ],
)
def test_an_action_on_a_finished_request_says_what_became_of_it(state, message):
    for event in machine.ALL_EVENTS:
        assert machine.refusal(state, event) == message


def test_the_customer_cannot_answer_when_the_shop_has_not_suggested_anything():
    assert machine.refusal(State.PENDING, Event.ACCEPT) == "There is no suggestion from the shop to answer."


def test_staff_cannot_act_on_a_request_whose_address_is_not_confirmed():
    assert machine.refusal(State.UNCONFIRMED, Event.CONFIRM) == (
        "The requester has not confirmed their e-mail address yet."
    )
