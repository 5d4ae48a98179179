"""The invoice's transition table: every allowed step, and a refusal message for every other."""

import pytest
from django.core.exceptions import ValidationError

from fixloop.invoicing import machine
from fixloop.invoicing.machine import TRANSITIONS, Event
from fixloop.invoicing.models import Invoice

State = Invoice.State
EVENTS = [value for name, value in vars(Event).items() if not name.startswith("_")]
ALL = [(state, event) for state in State.values for event in EVENTS]


@pytest.mark.parametrize(("state", "event"), [pair for pair in ALL if pair in TRANSITIONS])
def test_an_allowed_step_passes_the_check(state, event):
    for target in TRANSITIONS[(state, event)]:
        machine.check(state, event, target)


@pytest.mark.parametrize(("state", "event"), [pair for pair in ALL if pair not in TRANSITIONS])
def test_every_other_step_is_refused_with_a_sentence(state, event):
    with pytest.raises(ValidationError) as refused:
        machine.check(state, event)
    assert refused.value.code == "invalid_transition"
    assert len(refused.value.messages[0]) > 10


def test_a_final_invoice_can_only_be_credited_or_sent():
    assert {event for (state, event) in TRANSITIONS if state == State.FINAL} == {Event.CREDIT, Event.SEND}


def test_a_cancelled_invoice_allows_nothing():
    assert not [pair for pair in TRANSITIONS if pair[0] == State.CANCELLED]


def test_a_step_to_a_target_the_event_cannot_reach_is_refused():
    with pytest.raises(ValidationError):
        machine.check(State.DRAFT, Event.SUBMIT, State.FINAL)


def test_editing_a_final_invoice_says_to_issue_a_credit_note():
    with pytest.raises(ValidationError, match="credit note"):
        machine.check(State.FINAL, Event.EDIT)
