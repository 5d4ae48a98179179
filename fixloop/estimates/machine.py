"""The estimate's state machine: which event may happen in which state, and the states it can lead
to. Services ask `check(estimate.state, event, target)` before they change anything."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fixloop.estimates.models import Estimate

State = Estimate.State
DECIDED = {State.APPROVED, State.PARTLY_APPROVED, State.DECLINED}


class Event:
    SUBMIT = "submit"  # staff send a (new) version
    DECIDE = "decide"  # the customer decides (online, or recorded by staff on their behalf)
    ACKNOWLEDGE = "acknowledge"  # staff acknowledge a dispute
    DISCUSS = "discuss"  # a note in the dispute thread, from either side
    EXTEND = "extend"  # staff change the validity date


# (state, event) -> the states the event may lead to. A submit whose every job keeps an earlier
# approval is decided at once, hence APPROVED as a target of SUBMIT.
TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (State.DRAFT, Event.SUBMIT): {State.AWAITING},
    (State.DRAFT, Event.EXTEND): {State.DRAFT},
    (State.AWAITING, Event.SUBMIT): {State.AWAITING, State.APPROVED},
    (State.AWAITING, Event.DECIDE): {State.APPROVED, State.PARTLY_APPROVED, State.DECLINED, State.DISPUTED},
    (State.AWAITING, Event.EXTEND): {State.AWAITING},
    (State.DISPUTED, Event.SUBMIT): {State.AWAITING, State.APPROVED},
    (State.DISPUTED, Event.ACKNOWLEDGE): {State.DISPUTED},
    (State.DISPUTED, Event.DISCUSS): {State.DISPUTED},
    (State.DISPUTED, Event.EXTEND): {State.DISPUTED},
    **{(state, Event.SUBMIT): {State.AWAITING, State.APPROVED} for state in DECIDED},
}


def allowed(state: str, event: str) -> set[str]:
    return TRANSITIONS.get((state, event), set())


def check(state: str, event: str, target: str | None = None) -> None:
    targets = allowed(state, event)
    if not targets or (target is not None and target not in targets):
        raise ValidationError(_refusal(state, event), code="invalid_transition")


def _refusal(state: str, event: str) -> str:
    if event == Event.DECIDE:
        if state == State.DRAFT:
            return _("This estimate has not been sent yet.")
        return _("This estimate has already been decided.")
    if event in (Event.ACKNOWLEDGE, Event.DISCUSS):
        return _("This estimate is not in dispute.")
    if event == Event.EXTEND:
        return _("A decided estimate can no longer be extended.")
    return _("This cannot be done while the estimate is “%(state)s”.") % {"state": State(state).label}
