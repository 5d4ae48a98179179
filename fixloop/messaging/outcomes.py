"""What became of a message after it was handed over, as a provider's tracking webhook
(webhooks.py) or a delivery-status notification from the bounce mailbox reports it.

`record_outcome` is the one way in: it records the report as a MessageEvent, moves the message's
state when the transition table allows it (a late "deferred" after "delivered" is kept as an event
only), and suppresses the address after a hard bounce or a complaint."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from fixloop.messaging import suppressions
from fixloop.messaging.models import TRANSITIONS, Message, MessageEvent, Suppression
from fixloop.messaging.states import transition

logger = logging.getLogger(__name__)

OUTCOMES = frozenset(MessageEvent.Kind.values)


@transaction.atomic
def record_outcome(
    message: Message,
    outcome: str,
    *,
    reason: str = "",
    hard: bool | None = None,
    source: str,
    at: datetime | None = None,
    raw: dict | None = None,
) -> MessageEvent:
    """Record that `message` was delivered, bounced, complained about or deferred (`outcome`), as
    `source` ("postmark", "dsn", …) reported it at `at`. `hard`: for a bounce, True when it is
    permanent (the address is then suppressed), False when temporary."""
    if outcome not in OUTCOMES:
        raise ValueError(f"Unknown outcome {outcome!r}")
    at = at or timezone.now()
    message = Message.objects.select_for_update().get(pk=message.pk)
    event = MessageEvent.objects.create(
        message=message,
        kind=outcome,
        at=at,
        reason=reason[:4000],
        hard=hard,
        source=source[:20],
        raw=raw or {},
    )
    if outcome in TRANSITIONS[message.state]:
        fields = _fields_for(outcome, reason, at)
        transition(message, outcome, **fields)
        message.save(update_fields=["state", *fields])
    else:
        logger.info(
            "Message %s is %s; kept the %s report as an event only", message.pk, message.state, outcome
        )
    complained = outcome == MessageEvent.Kind.COMPLAINED
    if message.recipient and (complained or (outcome == MessageEvent.Kind.BOUNCED and hard)):
        suppressions.suppress(
            message.channel,
            message.recipient,
            reason=reason,
            message=message,
            cause=Suppression.Cause.COMPLAINED if complained else Suppression.Cause.BOUNCED,
        )
    return event


def _fields_for(outcome: str, reason: str, at: datetime) -> dict:
    """The message fields an outcome sets besides its state."""
    if outcome == Message.State.DELIVERED:
        return {"delivered_at": at}
    if outcome == Message.State.BOUNCED:
        return {"state_reason": reason[:2000], "failed_at": at}
    return {"state_reason": reason[:2000]}
