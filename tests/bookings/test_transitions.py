"""Every transition of the table through the services: the allowed ones lead to their state with a
step, the refused ones are refused with the table's message and change nothing."""

import pytest
from django.core.exceptions import ValidationError

from fixloop.bookings import machine, services, signals
from fixloop.bookings.machine import Event
from fixloop.repairs.models import ServiceRequest
from tests.bookings.fixtures import TUESDAY, at

State = ServiceRequest.State
STAFF_EVENTS = {Event.SUGGEST, Event.CONFIRM, Event.DECLINE}
# confirm_email is tried through its link (test_public.py); submit has no request yet.
EVENTS = [Event.SUGGEST, Event.ACCEPT, Event.COUNTER, Event.CONFIRM, Event.DECLINE, Event.WITHDRAW]
STEP_OF = {
    Event.SUGGEST: "suggested",
    Event.ACCEPT: "accepted",
    Event.COUNTER: "countered",
    Event.CONFIRM: "confirmed",
    Event.DECLINE: "declined",
    Event.WITHDRAW: "withdrawn",
}
CASES = [(state, event) for state in State.values for event in EVENTS]


def act(event, request, *, staff, customer):
    by = staff if event in STAFF_EVENTS else customer
    version = request.version
    if event == Event.SUGGEST:
        return services.suggest(request, version=version, slots=[at(TUESDAY, "16:00")], by=by)
    if event == Event.ACCEPT:
        return services.accept(request, version=version, by=by)
    if event == Event.COUNTER:
        return services.counter(request, version=version, slots=[at(TUESDAY, "09:00")], by=by)
    if event == Event.CONFIRM:
        return services.confirm(request, version=version, by=by)
    if event == Event.DECLINE:
        return services.decline(request, version=version, reason="No parts available.", by=by)
    return services.withdraw(request, version=version, by=by)


@pytest.mark.parametrize(("state", "event"), [case for case in CASES if machine.allowed(*case)])
def test_an_allowed_transition_leads_to_its_state_with_a_step(
    request_in, staff_actor, customer_actor, state, event, capture_signal
):
    request = request_in(state)
    version = request.version
    steps = capture_signal(signals.booking_step)

    act(event, request, staff=staff_actor, customer=customer_actor)

    saved = ServiceRequest.objects.get(pk=request.pk)
    (target,) = machine.allowed(state, event)
    assert (saved.state, saved.version) == (target, version + 1)
    last = saved.booking_steps.last()
    assert (last.kind, last.state) == (STEP_OF[event], target)
    assert [(call["step"], call["previous_state"]) for call in steps] == [(last, state)]
    assert (request.state, request.version) == (target, version + 1)  # the caller's object too


@pytest.mark.parametrize(("state", "event"), [case for case in CASES if not machine.allowed(*case)])
def test_a_refused_transition_says_why_and_changes_nothing(
    request_in, staff_actor, customer_actor, snapshot, state, event
):
    request = request_in(state)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        act(event, request, staff=staff_actor, customer=customer_actor)

    assert refused.value.messages == [machine.refusal(state, event)]
    assert snapshot() == before
