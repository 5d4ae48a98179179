"""Every transition of the estimate state machine, and every refused one, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from fixloop.estimates import machine, services
from fixloop.estimates.machine import Event
from fixloop.estimates.models import Estimate
from tests.estimates.fixtures import decide_all, job_keys

State = Estimate.State
ALL_STATES = list(State.values)
ALL_EVENTS = [Event.SUBMIT, Event.DECIDE, Event.ACKNOWLEDGE, Event.DISCUSS, Event.EXTEND]


def test_the_table_only_names_known_states_and_events():
    for (state, event), targets in machine.TRANSITIONS.items():
        assert state in ALL_STATES and event in ALL_EVENTS
        assert targets and targets <= set(ALL_STATES)


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("event", ALL_EVENTS)
def test_check_refuses_exactly_what_the_table_does_not_allow(state, event):
    if machine.allowed(state, event):
        machine.check(state, event)
    else:
        with pytest.raises(ValidationError):
            machine.check(state, event)


def test_check_refuses_a_target_the_event_cannot_reach():
    with pytest.raises(ValidationError):
        machine.check(State.AWAITING, Event.DECIDE, State.DRAFT)


# ----------------------------------------------------------------------------- reaching every state


def _in_state(state, estimate, staff, customer):
    """Bring the fixture estimate into `state` through the services."""
    if state == State.DRAFT:
        return estimate
    services.submit(estimate, by=staff)
    estimate.refresh_from_db()
    if state == State.AWAITING:
        return estimate
    if state == State.PARTLY_APPROVED:
        first, second = job_keys(estimate)
        version = estimate.current_version
        services.decide(
            estimate,
            version_number=version.number,
            version_hash=version.content_hash,
            choices={first: services.Choice("approved"), second: services.Choice("declined")},
            signed_name="Anna Becker",
            authorised=True,
            by=customer,
        )
    else:
        decision = {State.APPROVED: "approved", State.DECLINED: "declined", State.DISPUTED: "disputed"}[state]
        extra = {"dispute_subject": "parts", "note": "Too expensive."} if decision == "disputed" else {}
        decide_all(estimate, customer, decision, **extra)
    estimate.refresh_from_db()
    return estimate


def _apply(event, estimate, staff, customer):
    if event == Event.SUBMIT:
        services.submit(estimate, by=staff)
    elif event == Event.DECIDE:
        version = estimate.current_version
        if version is None:  # a draft: try anyway with what a forged form would send
            services.decide(
                estimate,
                version_number=1,
                version_hash="x",
                choices={},
                signed_name="A",
                authorised=True,
                by=customer,
            )
        else:
            decide_all(estimate, customer, "approved")
    elif event == Event.ACKNOWLEDGE:
        services.acknowledge_dispute(estimate, by=staff)
    elif event == Event.DISCUSS:
        services.add_dispute_message(estimate, "Why is the part so expensive?", by=customer)
    elif event == Event.EXTEND:
        services.extend(estimate, estimate.valid_until + timedelta(days=7), by=staff)


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("event", ALL_EVENTS)
def test_every_event_in_every_state_follows_the_table(state, event, estimate, staff_actor, customer_actor):
    estimate = _in_state(state, estimate, staff_actor, customer_actor)
    assert estimate.state == state
    before = (estimate.state, estimate.versions.count(), estimate.valid_until)
    targets = machine.allowed(state, event)
    if event == Event.SUBMIT and state != State.DRAFT:
        # Resubmitting needs a change when the customer has not decided yet; make one.
        job = estimate.jobs.first()
        services.save_job(
            estimate,
            job=job,
            by=staff_actor,
            description=job.description + " (revised)",
            pricing=job.pricing,
            hours=job.hours,
            hourly_rate=job.hourly_rate,
            fixed_price=job.fixed_price,
            vat_rate=job.vat_rate,
        )
    if targets:
        _apply(event, estimate, staff_actor, customer_actor)
        estimate.refresh_from_db()
        assert estimate.state in targets
    else:
        with pytest.raises(ValidationError):
            _apply(event, estimate, staff_actor, customer_actor)
        estimate.refresh_from_db()
        assert (estimate.state, estimate.versions.count(), estimate.valid_until) == before
