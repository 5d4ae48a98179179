"""Suppressed addresses: mail to them bounced hard or their owner marked a message as spam, so
nothing more is sent there until staff correct or confirm the address, or the customer corrects it
(like an opt-out, optouts.py, but decided by what came back rather than by the customer's word).

`reasons_not_to_send` is the one question the outbox asks before queueing and before sending: it
answers for opt-outs and suppressions together."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.customers import signals as customer_signals
from fixloop.messaging.models import Channel, Message, Suppression
from fixloop.messaging.optouts import opt_out_reason, opt_out_reasons

logger = logging.getLogger(__name__)


@transaction.atomic
def suppress(
    channel: str,
    address: str,
    *,
    reason: str,
    message: Message | None = None,
    cause: str = Suppression.Cause.BOUNCED,
) -> Suppression:
    """From now on nothing is sent to `address` on `channel`; an address already suppressed keeps
    its first cause and reason."""
    existing = Suppression.objects.select_for_update().filter(channel=channel, address=address, active=True)
    if found := existing.first():
        return found
    return Suppression.objects.create(
        channel=channel, address=address, cause=cause, reason=reason[:2000], message=message
    )


CONFIRMED, CORRECTED = "confirmed", "corrected"  # see Suppression.LIFT_NOTES


@transaction.atomic
def lift(channel: str, address: str, *, by: Actor, note: str = "") -> bool:
    """Send to `address` again (it was corrected or confirmed; `note`: CONFIRMED, CORRECTED or a
    text); the row stays as history. False when it was not suppressed."""
    lifted = Suppression.objects.filter(channel=channel, address=address, active=True).update(
        active=False,
        lifted_at=timezone.now(),
        lifted_by=by.user if by.user is not None and by.user.pk else None,
        lifted_by_name=(by.name or (by.user.get_username() if by.user is not None else by.kind))[:200],
        lift_note=note[:200],
    )
    if lifted:
        logger.info("Lifted the suppression of %s:%s (%s)", channel, address, note)
    return bool(lifted)


def confirm_email(customer, *, by: Actor) -> bool:
    """Staff checked the customer's e-mail address with them: mail goes there again. False when it
    was not suppressed."""
    return lift(Channel.EMAIL, customer.email, by=by, note=CONFIRMED) if customer.email else False


def on_contact_change_recorded(sender, change, by, **kwargs):
    """A customer who corrects their e-mail address (tracking page, portal) vouches for the new one:
    were it suppressed (they typed it back after a bounce), mail goes there again. The replaced
    address stays suppressed."""
    old_and_new = change.changes.get("email")
    if old_and_new and old_and_new[1]:
        lift(Channel.EMAIL, old_and_new[1], by=by, note=CORRECTED)


def connect() -> None:
    customer_signals.contact_change_recorded.connect(
        on_contact_change_recorded, dispatch_uid="fixloop.messaging.suppressions.on_contact_change_recorded"
    )


def history(channel: str, address: str) -> list[Suppression]:
    """Every suppression of the address, newest first (the active one, and those lifted)."""
    if not address:
        return []
    return list(Suppression.objects.filter(channel=channel, address=address).select_related("lifted_by"))


def active(channel: str, address: str) -> Suppression | None:
    if not address:
        return None
    return Suppression.objects.filter(channel=channel, address=address, active=True).first()


def reason_for(channel: str, address: str) -> str | None:
    """Why nothing is sent to `address` on `channel`, or None when it is not suppressed."""
    found = active(channel, address)
    return suppression_text(found) if found is not None else None


def reasons_for(pairs) -> dict[tuple[str, str], str]:
    """{(channel, address): reason} for those of the pairs that are suppressed, with one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    found = Suppression.objects.filter(active=True, address__in={address for _channel, address in pairs})
    return {(s.channel, s.address): suppression_text(s) for s in found if (s.channel, s.address) in pairs}


def suppression_text(row: Suppression) -> str:
    """Why nothing is sent to the suppressed address, as staff read it on the message and the
    customer page."""
    date = timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M")
    if row.cause == Suppression.Cause.COMPLAINED:
        text = _("%(recipient)s marked a message as spam on %(date)s.")
    elif row.reason:
        text = _("E-mail to %(recipient)s bounced on %(date)s (%(reason)s).")
    else:
        text = _("E-mail to %(recipient)s bounced on %(date)s.")
    return text % {"recipient": row.address, "date": date, "reason": row.reason}


def reasons_not_to_send(pairs) -> dict[tuple[str, str], str]:
    """{(channel, address): reason} for the pairs that opted out or are suppressed (two queries);
    an opt-out is the reason given when both apply."""
    pairs = set(pairs)
    return {**reasons_for(pairs), **opt_out_reasons(pairs)}


def reason_not_to_send(channel: str, address: str) -> str:
    """reasons_not_to_send for one address ("" when it may be sent to)."""
    return opt_out_reason(channel, address) or reason_for(channel, address) or ""
