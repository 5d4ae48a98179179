"""The one gate every change of a message's state goes through: the transition table (TRANSITIONS
in models.py) decides what may follow what.

`transition` moves one message in memory (the caller saves it). `settle` moves many with one
UPDATE and only touches the rows still in a state it expects, so a message that moved on
meanwhile (claimed by another worker, reported delivered, cancelled by staff) keeps its state.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fixloop.messaging.models import TRANSITIONS, Message


class IllegalTransition(ValidationError):
    """A state change the transition table does not allow."""


def check(old_state: str, new_state: str) -> None:
    """Raise IllegalTransition unless the table lets `old_state` become `new_state`."""
    if new_state not in TRANSITIONS[old_state]:
        raise IllegalTransition(
            _("A message that is %(old)s cannot become %(new)s.")
            % {"old": Message.State(old_state).label, "new": Message.State(new_state).label}
        )


def transition(message: Message, new_state: str, **fields) -> None:
    """Set a new state (and `fields`) if the transition table allows it; the caller saves."""
    check(message.state, new_state)
    message.state = new_state
    for name, value in fields.items():
        setattr(message, name, value)


def settle(
    messages: QuerySet | Iterable[int], from_states: str | Iterable[str], to_state: str, **fields
) -> int:
    """Move the `messages` (a queryset or primary keys) that are in one of `from_states` to
    `to_state`, writing `fields` with it, in one UPDATE; returns how many moved. Every expected
    state must be allowed to become `to_state` (else IllegalTransition, and nothing is written);
    rows in any other state are left as they are."""
    expected = [from_states] if isinstance(from_states, str) else list(from_states)
    for state in expected:
        check(state, to_state)
    rows = messages if isinstance(messages, QuerySet) else Message.objects.filter(pk__in=list(messages))
    return rows.filter(state__in=expected).update(state=to_state, **fields)
