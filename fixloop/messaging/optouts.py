"""Opt-outs: addresses that asked not to be contacted on a channel (a STOP texted back, a
provider reporting that the recipient unsubscribed), customers who unsubscribed from a kind of
recurring mail, and the readable reason a message to them is not sent."""

import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.core.formats import datetime_text
from fixloop.messaging.kinds import label
from fixloop.messaging.models import KindOptOut, Message, OptOut
from fixloop.repairs import timeline
from fixloop.repairs.models import TimelineEntry


@transaction.atomic
def opt_out(channel: str, address: str, keyword: str) -> OptOut:
    """From now on nothing is sent to `address` on `channel`."""
    opted_out, _created = OptOut.objects.update_or_create(
        channel=channel,
        address=address,
        defaults={"active": True, "keyword": keyword, "changed_at": timezone.now()},
    )
    return opted_out


@transaction.atomic
def opt_in(channel: str, address: str, keyword: str) -> bool:
    """Lift an opt-out; the row stays as history. False when there was none to lift."""
    lifted = OptOut.objects.filter(channel=channel, address=address, active=True).update(
        active=False, keyword=keyword, changed_at=timezone.now()
    )
    return bool(lifted)


def record_unsubscribed(channel: str, address: str) -> OptOut:
    """The provider refused a message (e.g. Twilio's error 21610) because the recipient opted
    out with it and that reply never reached us: record the opt-out here too."""
    return opt_out(channel, address, keyword="STOP")


def is_opted_out(channel: str, address: str) -> bool:
    return OptOut.objects.filter(channel=channel, address=address, active=True).exists()


def opt_out_reason(channel: str, recipient: str) -> str:
    found = OptOut.objects.filter(channel=channel, address=recipient, active=True).first()
    return opt_out_text(found) if found is not None else ""


def opt_out_reasons(pairs) -> dict[tuple[str, str], str]:
    """{(channel, address): reason} for those of the (channel, address) pairs that opted out, with
    one query: opt_out_reason for many messages at once."""
    pairs = set(pairs)
    if not pairs:
        return {}
    found = OptOut.objects.filter(active=True, address__in={address for _channel, address in pairs})
    return {(o.channel, o.address): opt_out_text(o) for o in found if (o.channel, o.address) in pairs}


def opt_out_text(row: OptOut) -> str:
    """Why nothing is sent to the opted-out address, as staff read it on the message."""
    return _("%(recipient)s opted out (%(keyword)s) on %(date)s.") % {
        "recipient": row.address,
        "keyword": row.keyword or _("opt-out"),
        "date": datetime_text(row.changed_at),
    }


# ----------------------------------------------------------------------------- kinds of recurring mail
# A customer can unsubscribe from a kind of recurring mail (status reports, follow-ups) with the
# link in its List-Unsubscribe header or its text. The link's token is HMAC-SHA256(SECRET_KEY,
# purpose + customer + kind): it cannot be made without the key, it names no more than what it does
# (this customer, this kind), and it does not expire, as a mailbox provider's one-click button must
# keep working for as long as the mail is kept.

UNSUBSCRIBE_PURPOSE = b"unsubscribe:"


def unsubscribe_token(customer_id: int, kind: str) -> str:
    return tokens.derive(UNSUBSCRIBE_PURPOSE, f"{customer_id}:{kind}", settings.SECRET_KEY)


def unsubscribe_token_valid(customer_id: int, kind: str, token: str) -> bool:
    """Whether `token` is the unsubscribe token of (customer, kind), made with the current key or one
    in SECRET_KEY_FALLBACKS; compared in constant time."""
    if not tokens.well_formed(token):
        return False
    keys = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", []))
    made = [tokens.derive(UNSUBSCRIBE_PURPOSE, f"{customer_id}:{kind}", key) for key in keys]
    return any(hmac.compare_digest(candidate, token) for candidate in made)


@transaction.atomic
def opt_out_of_kind(customer, kind: str, *, by: Actor) -> KindOptOut:
    """From now on `customer` gets no `kind` mail. Recorded with who asked and from where, with the
    latest such mail, and on the timeline of the work order it was about, if any. Asking twice
    changes nothing."""
    existing = (
        KindOptOut.objects.select_for_update().filter(customer=customer, kind=kind, active=True).first()
    )
    if existing is not None:
        return existing
    message = Message.objects.filter(customer=customer, kind=kind).order_by("-created_at", "-id").first()
    opted_out = KindOptOut.objects.create(
        customer=customer,
        kind=kind,
        message=message,
        ip=by.ip,
        user_agent=(by.user_agent or "")[:300],
    )
    if message is not None and message.work_order_id:
        # Facts only: backoffice/timeline.py words it in the reader's language.
        timeline.record(
            message.work_order,
            TimelineEntry.Kind.SYSTEM,
            by,
            public=False,
            data={"event": "unsubscribed", "kind": kind},
        )
    return opted_out


def kind_opt_out_text(row: KindOptOut) -> str:
    """Why a kind of mail is not sent to the customer, as staff read it on the message and the run."""
    return _("%(customer)s unsubscribed from “%(kind)s” e-mails on %(date)s.") % {
        "customer": row.customer.name,
        "kind": label(row.kind),
        "date": datetime_text(row.created_at),
    }


def kind_opt_out_reasons(customer_ids, kind: str) -> dict[int, str]:
    """{customer id: reason} for those of the customers who unsubscribed from `kind`, with one query."""
    found = KindOptOut.objects.filter(customer_id__in=set(customer_ids), kind=kind, active=True)
    return {row.customer_id: kind_opt_out_text(row) for row in found.select_related("customer")}


def unsubscribed_kinds(customer) -> list[str]:
    """What the customer unsubscribed from, as staff read it on the customer page."""
    return [
        kind_opt_out_text(row)
        for row in customer.kind_opt_outs.filter(active=True).select_related("customer")
    ]
