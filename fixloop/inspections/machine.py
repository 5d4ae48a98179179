"""The inspection's state, of its current (last sent) version: draft → sent → opened → answered.
A new version starts again at sent. The table says which moves exist; a refused move has a reason."""

from django.utils.translation import gettext_lazy as _

from fixloop.inspections.models import Inspection

State = Inspection.State

TRANSITIONS = {
    (State.DRAFT, State.SENT),
    (State.SENT, State.SENT),  # sent again (another address, or a new version)
    (State.OPENED, State.SENT),
    (State.ANSWERED, State.SENT),
    (State.SENT, State.OPENED),
    (State.SENT, State.ANSWERED),  # answered through the portal without the page being counted open
    (State.OPENED, State.ANSWERED),
}

REFUSALS = {
    State.ANSWERED: _("This overview has been answered already."),
    State.OPENED: _("This overview has not been sent yet."),
}


def can_move(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


def refusal(target: str) -> str:
    return str(REFUSALS.get(target, _("This change is not possible in the overview's current state.")))
