"""The booking request's state machine: which event may happen in which state, and the state it
leads to. Services ask `check(request.state, event)` before they change anything; every refusal is a
sentence the person who tried can read."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fixloop.repairs.models import ServiceRequest

State = ServiceRequest.State
NEW = ""  # the "state" before a request exists: only SUBMIT starts from it


class Event:
    SUBMIT = "submit"  # the customer (portal, public form) or staff send a new request
    CONFIRM_EMAIL = "confirm_email"  # the requester opened the link in the confirmation e-mail
    SUGGEST = "suggest"  # the shop suggests other times
    ACCEPT = "accept"  # the customer accepts one of the shop's suggested times
    COUNTER = "counter"  # the customer proposes other times instead
    CONFIRM = "confirm"  # the shop confirms one of the open times (opens the work order)
    DECLINE = "decline"  # the shop declines, with a reason
    WITHDRAW = "withdraw"  # the customer withdraws the request


ALL_EVENTS = [
    Event.SUBMIT,
    Event.CONFIRM_EMAIL,
    Event.SUGGEST,
    Event.ACCEPT,
    Event.COUNTER,
    Event.CONFIRM,
    Event.DECLINE,
    Event.WITHDRAW,
]
# The shop's queue shows these; the customer can still act on them.
OPEN_STATES = (State.PENDING, State.WAITING_CUSTOMER, State.WAITING_SHOP)
FINISHED_STATES = (State.ACCEPTED, State.REJECTED, State.WITHDRAWN)

# (state, event) -> the states the event may lead to.
TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (NEW, Event.SUBMIT): {State.PENDING, State.UNCONFIRMED},
    (State.UNCONFIRMED, Event.CONFIRM_EMAIL): {State.PENDING},
    (State.PENDING, Event.SUGGEST): {State.WAITING_CUSTOMER},
    (State.WAITING_SHOP, Event.SUGGEST): {State.WAITING_CUSTOMER},
    (State.WAITING_CUSTOMER, Event.ACCEPT): {State.WAITING_SHOP},
    (State.WAITING_CUSTOMER, Event.COUNTER): {State.WAITING_SHOP},
    (State.PENDING, Event.CONFIRM): {State.ACCEPTED},
    (State.WAITING_SHOP, Event.CONFIRM): {State.ACCEPTED},
    **{(state, Event.DECLINE): {State.REJECTED} for state in OPEN_STATES},
    **{(state, Event.WITHDRAW): {State.WITHDRAWN} for state in OPEN_STATES},
}


def allowed(state: str, event: str) -> set[str]:
    return TRANSITIONS.get((state, event), set())


def check(state: str, event: str, target: str | None = None) -> None:
    targets = allowed(state, event)
    if not targets or (target is not None and target not in targets):
        raise ValidationError(refusal(state, event), code="invalid_transition")


def refusal(state: str, event: str) -> str:
    """Why `event` cannot happen in `state`, in the words of the person who tried."""
    if state == NEW:
        return _("This booking request has not been sent yet.")
    if state == State.ACCEPTED:
        return _("This booking request has already been confirmed.")
    if state == State.REJECTED:
        return _("This booking request has been declined.")
    if state == State.WITHDRAWN:
        return _("This booking request has been withdrawn.")
    if event == Event.SUBMIT:
        return _("This booking request has already been sent.")
    if event == Event.CONFIRM_EMAIL:
        return _("This e-mail address has already been confirmed.")
    if state == State.UNCONFIRMED:
        return _("The requester has not confirmed their e-mail address yet.")
    if event in (Event.ACCEPT, Event.COUNTER):
        return _("There is no suggestion from the shop to answer.")
    if state == State.WAITING_CUSTOMER and event in (Event.SUGGEST, Event.CONFIRM):
        return _("The shop's suggestion is waiting for the customer's answer.")
    return _("This cannot be done while the booking request is “%(state)s”.") % {"state": State(state).label}
