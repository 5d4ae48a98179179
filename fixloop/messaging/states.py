"""The one gate every change of a message's state goes through: the transition table (TRANSITIONS
in models.py) decides what may follow what.

`transition` moves one message in memory (the caller saves it). `settle` moves many with one
UPDATE and only touches the rows still in a state it expects, so a message that moved on
meanwhile (claimed by another worker, reported delivered, cancelled by staff) keeps its state.
`settle_held` writes the outcome of one message a worker holds together with its attempt;
`renew_lease` extends a worker's hold on the messages it is sending (see delivery.py).
"""

import functools
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fixloop.messaging.models import TRANSITIONS, Attempt, Message


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


def renew_lease(message_ids: Iterable[int], worker: str, until) -> set[int]:
    """Extend `worker`'s lease on those of the messages it still holds (still `sending`, leased by
    it) to `until`; returns their ids. Not a change of state: the message stays `sending`. One the
    worker no longer holds was taken up by recovery after its lease ran out, and must not be sent."""
    with transaction.atomic():
        held = Message.objects.select_for_update().filter(
            pk__in=list(message_ids), state=Message.State.SENDING, leased_by=worker
        )
        ids = set(held.values_list("pk", flat=True))
        Message.objects.filter(pk__in=ids).update(lease_until=until)
    return ids


def settle_held(message: Message, worker: str, attempt: Attempt | None, **fields) -> bool:
    """Write the new state of one message `worker` holds (`sending`, leased by it), as transition()
    set it in memory, with `fields`, and insert its `attempt` with it; False, and nothing written,
    when the worker no longer holds it. On PostgreSQL it is one statement (an UPDATE in a WITH,
    the INSERT from its result), so recording each message the moment the provider has accepted
    it costs one round trip instead of five."""
    check(Message.State.SENDING, message.state)
    if connection.vendor != "postgresql" or attempt is None:
        held = Message.objects.filter(pk=message.pk, leased_by=worker, state=Message.State.SENDING)
        with transaction.atomic():
            moved = held.update(state=message.state, **fields)
            if moved and attempt is not None:
                attempt.save(force_insert=True)
        return bool(moved)
    names = ("state", *fields)
    values = [message.state, *fields.values()]
    params = [
        Message._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in zip(names, values, strict=True)
    ]
    params += [message.pk, worker, Message.State.SENDING]
    params += [
        field.get_db_prep_save(getattr(attempt, field.attname), connection)
        for field in _attempt_columns()
        if field.name != "message"
    ]
    with connection.cursor() as cursor:
        cursor.execute(_settle_held_sql(names), params)
        return cursor.rowcount == 1


@functools.cache
def _attempt_columns() -> tuple:
    return tuple(field for field in Attempt._meta.concrete_fields if not field.primary_key)


@functools.cache
def _settle_held_sql(names: tuple[str, ...]) -> str:
    """The statement of settle_held for these message fields (made once: the same every time)."""
    quote = connection.ops.quote_name
    message_columns = [Message._meta.get_field(name).column for name in names]
    changes = ", ".join(f"{quote(column)} = %s" for column in message_columns)
    attempt_columns = _attempt_columns()
    inserted = ", ".join(quote(field.column) for field in attempt_columns)
    selected = ", ".join("moved.id" if field.name == "message" else "%s" for field in attempt_columns)
    # Names from the models, quoted; the values are parameters.
    return (
        f"WITH moved AS (UPDATE {quote(Message._meta.db_table)} SET {changes} "  # noqa: S608
        f"WHERE {quote('id')} = %s AND {quote('leased_by')} = %s AND {quote('state')} = %s "
        f"RETURNING {quote('id')}) "
        f"INSERT INTO {quote(Attempt._meta.db_table)} ({inserted}) SELECT {selected} FROM moved"
    )
