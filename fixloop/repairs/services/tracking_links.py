"""Tracking links change state here: staff issue, revoke and set the expiry of a work order's link;
a customer (by a message or the look-up by number and postal code) gets the current link, or the
first one issued for them, one work order at a time or many together (a status report).

The domain hands out links and tokens, never addresses: the web layer turns a token into a URL
(fixloop/portal/links.py). Reading links (tokens, validity) is in fixloop/repairs/tracking.py.

Each function validates, writes, appends a timeline entry and sends a domain signal in one
transaction.
"""

import hmac
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.customers.models import normalise_postal_code
from fixloop.repairs import signals
from fixloop.repairs.models import TimelineEntry, TrackingLink, WorkOrder
from fixloop.repairs.services.locking import lock
from fixloop.repairs.services.work_orders import typed_number_candidates
from fixloop.repairs.timeline import new_entry, record, record_many
from fixloop.repairs.tracking import (
    TOKEN_PURPOSE,
    current_link,
    default_expiry,
    is_valid,
    token_of,
)

EXPIRY_MAX_DAYS = 3650


# ----------------------------------------------------------------------------- staff: issue, revoke, expiry


def _new_link(work_order: WorkOrder, by: Actor) -> TrackingLink:
    link = _unsaved_link(work_order, by)
    link.save(force_insert=True)
    return link


def _unsaved_link(work_order: WorkOrder, by: Actor) -> TrackingLink:
    nonce = tokens.new_nonce()
    return TrackingLink(
        work_order=work_order,
        nonce=nonce,
        token_hash=tokens.token_hash_for_new_link(TOKEN_PURPOSE, nonce),
        created_by=by.user,
    )


@transaction.atomic
def issue_link(work_order: WorkOrder, *, by: Actor) -> TrackingLink:
    """A new link; the current one (if any) is revoked, so its token stops working at once."""
    lock(work_order)
    previous = current_link(work_order)
    if previous is not None:
        previous.revoked_at = timezone.now()
        previous.revoked_by = by.user
        previous.save(update_fields=["revoked_at", "revoked_by"])
    link = _new_link(work_order, by)
    link.work_order = work_order
    entry = record(
        work_order,
        TimelineEntry.Kind.TRACKING,
        by,
        public=False,
        data={"event": "issued", "link": link.pk, "replaces": previous.pk if previous else None},
    )
    signals.tracking_link_issued.send(sender=WorkOrder, work_order=work_order, link=link, entry=entry)
    return link


@transaction.atomic
def revoke_link(work_order: WorkOrder, *, by: Actor) -> TimelineEntry:
    """The current link stops working; the look-up by number and postal code too, until staff issue
    a new link."""
    lock(work_order)
    link = current_link(work_order)
    if link is None:
        raise ValidationError(_("This work order has no tracking link to revoke."))
    link.revoked_at = timezone.now()
    link.revoked_by = by.user
    link.save(update_fields=["revoked_at", "revoked_by"])
    entry = record(
        work_order, TimelineEntry.Kind.TRACKING, by, public=False, data={"event": "revoked", "link": link.pk}
    )
    signals.tracking_link_revoked.send(sender=WorkOrder, work_order=work_order, link=link, entry=entry)
    return entry


def end_of_day(day: date, work_order: WorkOrder) -> datetime:
    """The first moment after `day` in the work order's location's time zone."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=work_order.location.zone)


@transaction.atomic
def set_link_expiry(work_order: WorkOrder, valid_until: date | None, *, by: Actor) -> TimelineEntry | None:
    """Let the current link work through `valid_until` (a day in the location's time zone), or with
    None until the shop's default (N days after closing). Returns None when nothing changed."""
    lock(work_order)
    link = current_link(work_order)
    if link is None:
        raise ValidationError(_("This work order has no tracking link; issue one first."))
    if valid_until is not None:
        today = timezone.localdate(timezone=work_order.location.zone)
        if valid_until < today:
            raise ValidationError({"valid_until": _("Choose today or a later day.")})
        if valid_until > today + timedelta(days=EXPIRY_MAX_DAYS):
            raise ValidationError(
                {"valid_until": _("Choose a day within %(years)d years.") % {"years": EXPIRY_MAX_DAYS // 365}}
            )
    expires_at = end_of_day(valid_until, work_order) if valid_until else None
    if expires_at == link.expires_at:
        return None
    previous = link.expires_at
    link.expires_at = expires_at
    link.save(update_fields=["expires_at"])
    zone = work_order.location.zone
    entry = record(
        work_order,
        TimelineEntry.Kind.TRACKING,
        by,
        public=False,
        data={
            "event": "expiry",
            "link": link.pk,
            "from": (previous.astimezone(zone) - timedelta(days=1)).date().isoformat() if previous else "",
            "to": valid_until.isoformat() if valid_until else "",
        },
    )
    signals.tracking_link_expiry_changed.send(sender=WorkOrder, work_order=work_order, link=link, entry=entry)
    return entry


# ----------------------------------------------------------------------------- reaching the page


def _existing_link_for_customer(work_order: WorkOrder) -> tuple[bool, TrackingLink | None]:
    """(decided, link): decided is False only when the work order never had a link."""
    link = current_link(work_order)
    if link is not None:
        return True, (link if is_valid(link) else None)
    return work_order.tracking_links.exists(), None


def link_for_customer(work_order: WorkOrder, *, by: Actor) -> TrackingLink | None:
    """The link a customer should get (in a message, or after the look-up): the current one while it
    is valid; a new one if the work order never had a link and is still within its tracking period;
    otherwise None (staff revoked it or it expired: only staff bring it back)."""
    decided, link = _existing_link_for_customer(work_order)
    if decided:
        return link
    with transaction.atomic():
        lock(work_order)  # two first look-ups at once: the second finds the first one's link
        decided, link = _existing_link_for_customer(work_order)
        if decided:
            return link
        expiry = default_expiry(work_order)
        if expiry is not None and timezone.now() >= expiry:
            return None
        return issue_link(work_order, by=by)


def customer_tokens(work_orders: list[WorkOrder], *, by: Actor) -> dict[int, str]:
    """{work order id: token} of the links link_for_customer would give, with one query for the
    links these work orders have (a status report lists many). Those that never had a link get one
    issued, as link_for_customer does, all in one transaction (see _issue_first_links). A link whose
    token can no longer be shown (its key is gone) is left out."""
    links: dict[int, list[TrackingLink]] = {}
    for link in TrackingLink.objects.filter(work_order__in=work_orders):
        links.setdefault(link.work_order_id, []).append(link)
    never = [work_order for work_order in work_orders if work_order.pk not in links]
    chosen = _issue_first_links(never, by=by) if never else {}
    for work_order in work_orders:
        if work_order.pk in links:
            chosen[work_order.pk] = _valid_current(work_order, links[work_order.pk])
    return {pk: token for pk, link in chosen.items() if link is not None and (token := token_of(link))}


def _valid_current(work_order: WorkOrder, links: list[TrackingLink]) -> TrackingLink | None:
    """Of a work order's links, the current one if it is valid (what link_for_customer gives)."""
    link = next((link for link in links if link.revoked_at is None), None)
    if link is None:
        return None
    link.work_order = work_order
    return link if is_valid(link) else None


@transaction.atomic
def _issue_first_links(work_orders: list[WorkOrder], *, by: Actor) -> dict[int, TrackingLink | None]:
    """link_for_customer for many work orders that had no link when looked at, with a few statements:
    {work order id: its link, or None}. Under the work orders' row locks (taken in id order, as
    issue_link takes one) each is looked at again: one that got a link meanwhile keeps it, one past
    its tracking period gets none, the others get their first link, recorded and announced as
    issue_link does."""
    by_id = {work_order.pk: work_order for work_order in work_orders}
    locked = WorkOrder.objects.select_for_update().filter(pk__in=by_id).order_by("pk")
    for pk, status_id, closed_at in locked.values_list("pk", "status_id", "closed_at"):
        by_id[pk].status_id, by_id[pk].closed_at = status_id, closed_at
    existing: dict[int, list[TrackingLink]] = {}
    for link in TrackingLink.objects.filter(work_order_id__in=by_id):
        existing.setdefault(link.work_order_id, []).append(link)
    chosen: dict[int, TrackingLink | None] = {}
    new_links = []
    now = timezone.now()
    for pk, work_order in by_id.items():
        if pk in existing:
            chosen[pk] = _valid_current(work_order, existing[pk])
        elif (expiry := default_expiry(work_order)) is not None and now >= expiry:
            chosen[pk] = None
        else:
            new_links.append(_unsaved_link(work_order, by))
    TrackingLink.objects.bulk_create(new_links)
    entries = record_many(
        [
            new_entry(
                link.work_order,
                TimelineEntry.Kind.TRACKING,
                by,
                public=False,
                data={"event": "issued", "link": link.pk, "replaces": None},
            )
            for link in new_links
        ]
    )
    for link, entry in zip(new_links, entries, strict=True):
        chosen[link.work_order_id] = link
        signals.tracking_link_issued.send(
            sender=WorkOrder, work_order=link.work_order, link=link, entry=entry
        )
    return chosen


_DUMMY_POSTAL_CODE = b"\x00" * 12


def lookup(number: str, postal_code: str, *, by: Actor) -> TrackingLink | None:
    """The valid link of the work order with this number whose customer has this postal code, or None
    (a work order that never had a link gets its first one, as link_for_customer gives it).

    Every miss (unknown number, wrong postal code, no valid link) looks the same to the caller; the
    postal codes are compared in constant time, and an unknown number is compared with a dummy.
    Rate limiting is the caller's job (it knows the client's address).
    """
    given = normalise_postal_code(postal_code)[:40].encode()
    # The harmless variations of the typed number (typed_number_candidates), by the unique index; the
    # most literal one wins.
    numbers = typed_number_candidates(number)
    found = {
        work_order.number: work_order
        for work_order in WorkOrder.objects.select_related("customer", "location").filter(number__in=numbers)
    }
    work_order = next((found[candidate] for candidate in numbers if candidate in found), None)
    expected = normalise_postal_code(work_order.customer.postal_code).encode() if work_order else b""
    matches = hmac.compare_digest(given, expected or _DUMMY_POSTAL_CODE)
    if not (matches and expected and given):
        return None
    return link_for_customer(work_order, by=by)
