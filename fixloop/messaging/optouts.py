"""Opt-outs: addresses that asked not to be contacted on a channel (a STOP texted back, a
provider reporting that the recipient unsubscribed), and the readable reason a message to them is
not sent."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.formats import datetime_text
from fixloop.messaging.models import OptOut


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
