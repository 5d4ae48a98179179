"""The invoice's state machine: which event may happen in which state, and the states it can lead
to. Services ask `check(invoice.state, event, target)` before they change anything.

    draft ──submit──▶ submitted ──authorise──▶ final ──credit──▶ final (a credit note is issued)
      │  ▲               │  │
      │  └──revise───────┘  └──dispute──▶ disputed ──reply──▶ disputed
      │  ▲                                   │
      │  └───────────────revise──────────────┘
      ├──finalise──▶ final   (customer accounts that do not authorise invoices)
      └──cancel────▶ cancelled

A final invoice never changes again: corrections are credit notes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fixloop.invoicing.models import Invoice

State = Invoice.State


class Event:
    EDIT = "edit"  # staff change the lines of a draft
    SUBMIT = "submit"  # staff ask the customer to authorise (a new revision)
    FINALISE = "finalise"  # staff make the invoice final (no authorisation needed)
    AUTHORISE = "authorise"  # the customer authorises the current revision: it becomes final
    DISPUTE = "dispute"  # the customer disputes it (a line, with a note)
    REPLY = "reply"  # staff answer in the dispute thread
    REVISE = "revise"  # staff take a submitted or disputed invoice back to draft to change it
    CANCEL = "cancel"  # staff drop a draft
    CREDIT = "credit"  # staff issue a credit note against a final invoice
    SEND = "send"  # staff send the final invoice to the customer


TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (State.DRAFT, Event.EDIT): {State.DRAFT},
    (State.DRAFT, Event.SUBMIT): {State.SUBMITTED},
    (State.DRAFT, Event.FINALISE): {State.FINAL},
    (State.DRAFT, Event.CANCEL): {State.CANCELLED},
    (State.SUBMITTED, Event.AUTHORISE): {State.FINAL},
    (State.SUBMITTED, Event.DISPUTE): {State.DISPUTED},
    (State.SUBMITTED, Event.REVISE): {State.DRAFT},
    (State.DISPUTED, Event.REPLY): {State.DISPUTED},
    (State.DISPUTED, Event.REVISE): {State.DRAFT},
    (State.FINAL, Event.CREDIT): {State.FINAL},
    (State.FINAL, Event.SEND): {State.FINAL},
}


def allowed(state: str, event: str) -> set[str]:
    return TRANSITIONS.get((state, event), set())


def can(state: str, event: str) -> bool:
    return bool(allowed(state, event))


def check(state: str, event: str, target: str | None = None) -> None:
    targets = allowed(state, event)
    if not targets or (target is not None and target not in targets):
        raise ValidationError(refusal(state, event), code="invalid_transition")


def refusal(state: str, event: str) -> str:
    """The sentence that says why `event` cannot happen in `state`."""
    if state == State.FINAL and event in (
        Event.EDIT,
        Event.SUBMIT,
        Event.FINALISE,
        Event.REVISE,
        Event.CANCEL,
    ):
        return _("This invoice is final and can no longer be changed: issue a credit note to correct it.")
    if state == State.FINAL and event in (Event.AUTHORISE, Event.DISPUTE):
        return _("This invoice is already final.")
    if state == State.CANCELLED:
        return _("This invoice was cancelled.")
    if event in (Event.AUTHORISE, Event.DISPUTE):
        if state == State.DRAFT:
            return _("This invoice is not waiting for your authorisation.")
        return _("This invoice was already disputed; the shop is reviewing it.")
    if event == Event.EDIT:
        return _("Only a draft invoice can be changed: take it back to draft first.")
    if event == Event.REPLY:
        return _("This invoice is not in dispute.")
    if event in (Event.CREDIT, Event.SEND):
        return _("Only a final invoice can be credited or sent.")
    return _("This cannot be done while the invoice is “%(state)s”.") % {"state": State(state).label}
