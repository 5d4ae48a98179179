"""Track & trace: tracking links (tokens, validity, issue / revoke / expiry), the look-up by work-order
number and postal code, and what a customer may do on the tracking page (correct contact details,
send a question).

Tokens: see fixloop/core/tokens.py. Links whose key is gone keep working for customers but can't
be shown again.

Validity: a link works until its explicit expiry, if staff set one, else until the shop's
`tracking_link_days_after_close` after the work order closes (open work orders: no end). A revoked
link never works again. The look-up by number and postal code leads to the current link and so
works exactly while that link would.

Every state change is a service function here: it validates, writes, appends a timeline entry and
sends a domain signal in one transaction.
"""

import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.core.tokens import hash_token
from fixloop.customers.models import CustomerAccount, normalise_postal_code
from fixloop.portal.links import path_with_token  # until the domain hands out tokens only
from fixloop.repairs import signals
from fixloop.repairs.models import CustomerNote, TimelineEntry, TrackingLink, WorkOrder
from fixloop.repairs.services import _locked
from fixloop.repairs.timeline import new_entry, record, record_many
from fixloop.shop.models import ShopProfile

QUESTION_MAX_LENGTH = 2000
# What a customer may correct on the tracking page; validated by CustomerAccount.clean().
CONTACT_FIELDS = ("email", "mobile", "address_line", "postal_code", "city")
EXPIRY_MAX_DAYS = 3650
_PURPOSE = b"fixloop.tracking-link:"


# ----------------------------------------------------------------------------- tokens


def token_of(link: TrackingLink) -> str | None:
    """The link's token, or None when the key it was made with is no longer configured."""
    return tokens.token_of(_PURPOSE, link.nonce, link.token_hash)


def path_of(link: TrackingLink, *, embed: bool = False) -> str | None:
    token = token_of(link)
    if token is None:
        return None
    return path_with_token("portal:embed_case" if embed else "portal:case", token)


def url_of(link: TrackingLink) -> str | None:
    """The absolute address of the link's page (settings.SITE_URL), for staff and messages."""
    path = path_of(link)
    return f"{settings.SITE_URL}{path}" if path else None


def find_link(token: str) -> TrackingLink | None:
    """The link with this token, valid or not (the caller checks is_valid), or None."""
    if not tokens.well_formed(token):
        return None
    token_hash = hash_token(token)
    link = (
        TrackingLink.objects.select_related(
            "work_order__customer",
            "work_order__unit__product_group",
            "work_order__location",
            "work_order__status",
        )
        .filter(token_hash=token_hash)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, token_hash):
        return None
    return link


# ----------------------------------------------------------------------------- validity


def default_expiry(work_order: WorkOrder) -> datetime | None:
    """When a link without an explicit expiry stops working: None while the work order is open."""
    if work_order.closed_at is None:
        return None
    return work_order.closed_at + timedelta(days=ShopProfile.get().tracking_link_days_after_close)


def expiry_of(link: TrackingLink) -> datetime | None:
    return link.expires_at or default_expiry(link.work_order)


def is_valid(link: TrackingLink, now: datetime | None = None) -> bool:
    return _is_valid(link.revoked_at, link.expires_at, link.work_order.closed_at, now)


def _is_valid(revoked_at, expires_at, closed_at, now: datetime | None = None) -> bool:
    if revoked_at is not None:
        return False
    if expires_at is None and closed_at is not None:
        expires_at = closed_at + timedelta(days=ShopProfile.get().tracking_link_days_after_close)
    return expires_at is None or (now or timezone.now()) < expires_at


@dataclass(frozen=True)
class PageStamp:
    """A valid link's id and what the pages behind it depend on, for serving them from a cache."""

    link_id: int
    language: str
    version: str


def _aware(value):
    if isinstance(value, str):  # SQLite hands raw timestamps over as text
        value = datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def page_stamp(token: str) -> PageStamp | None:
    """The stamp of the valid link with this token, or None (unknown, revoked or expired).

    One small SQL statement, written out because it runs on every view of a customer page: the
    ORM's version costs several times as much as the database does."""
    if not tokens.well_formed(token):
        return None
    token_hash = hash_token(token)
    tables = {
        "link": TrackingLink._meta.db_table,
        "work_order": WorkOrder._meta.db_table,
        "customer": CustomerAccount._meta.db_table,
        "timeline": TimelineEntry._meta.db_table,
    }
    sql = """
        SELECT l.id, l.token_hash, l.revoked_at, l.expires_at, w.closed_at, w.updated_at, c.updated_at,
               c.language, (SELECT MAX(t.id) FROM {timeline} t WHERE t.work_order_id = w.id)
        FROM {link} l
        JOIN {work_order} w ON w.id = l.work_order_id
        JOIN {customer} c ON c.id = w.customer_id
        WHERE l.token_hash = %s
    """.format(**tables)  # noqa: S608 (table names from the models, the value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_hash])
        row = cursor.fetchone()
    if row is None or not hmac.compare_digest(row[1], token_hash):
        return None
    (
        link_id,
        _hash,
        revoked_at,
        expires_at,
        closed_at,
        work_order_updated,
        customer_updated,
        language,
        newest,
    ) = row
    if not _is_valid(_aware(revoked_at), _aware(expires_at), _aware(closed_at)):
        return None
    version = f"{_aware(work_order_updated).timestamp()}:{_aware(customer_updated).timestamp()}:{newest}"
    return PageStamp(link_id, language, version)


def current_link(work_order: WorkOrder) -> TrackingLink | None:
    """The work order's link that is not revoked (it may have expired), or None."""
    link = work_order.tracking_links.current().first()
    if link is not None:
        link.work_order = work_order
    return link


@dataclass(frozen=True)
class LinkState:
    """What staff see about a work order's tracking link."""

    link: TrackingLink | None
    url: str | None
    valid: bool
    expires_at: datetime | None
    explicit_expiry: bool
    ever_issued: bool


def state_of(work_order: WorkOrder) -> LinkState:
    link = current_link(work_order)
    if link is None:
        return LinkState(None, None, False, None, False, work_order.tracking_links.exists())
    return LinkState(
        link=link,
        url=url_of(link),
        valid=is_valid(link),
        expires_at=expiry_of(link),
        explicit_expiry=link.expires_at is not None,
        ever_issued=True,
    )


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
        token_hash=tokens.token_hash_for_new_link(_PURPOSE, nonce),
        created_by=by.user,
    )


@transaction.atomic
def issue_link(work_order: WorkOrder, *, by: Actor) -> TrackingLink:
    """A new link; the current one (if any) is revoked, so its token stops working at once."""
    _locked(work_order)
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
    _locked(work_order)
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
    _locked(work_order)
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
        _locked(work_order)  # two first look-ups at once: the second finds the first one's link
        decided, link = _existing_link_for_customer(work_order)
        if decided:
            return link
        expiry = default_expiry(work_order)
        if expiry is not None and timezone.now() >= expiry:
            return None
        return issue_link(work_order, by=by)


def customer_urls(work_orders: list[WorkOrder], *, by: Actor) -> dict[int, str]:
    """{work order id: tracking-page URL} for the links link_for_customer would give, with one query
    for the links these work orders have (a status report lists many). Those that never had a link
    get one issued, as link_for_customer does, all in one transaction (see _issue_first_links)."""
    links: dict[int, list[TrackingLink]] = {}
    for link in TrackingLink.objects.filter(work_order__in=work_orders):
        links.setdefault(link.work_order_id, []).append(link)
    never = [work_order for work_order in work_orders if work_order.pk not in links]
    chosen = _issue_first_links(never, by=by) if never else {}
    for work_order in work_orders:
        if work_order.pk in links:
            chosen[work_order.pk] = _valid_current(work_order, links[work_order.pk])
    return {pk: url for pk, link in chosen.items() if link is not None and (url := url_of(link))}


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


def message_link(work_order: WorkOrder) -> str:
    """The `tracking_link` placeholder of messages: the link's address, or "" when there is none."""
    link = link_for_customer(work_order, by=Actor.system("messaging"))
    return (url_of(link) or "") if link is not None else ""


_DUMMY_POSTAL_CODE = b"\x00" * 12


def lookup(number: str, postal_code: str, *, by: Actor) -> TrackingLink | None:
    """The valid link of the work order with this number whose customer has this postal code, or None.

    Every miss (unknown number, wrong postal code, no valid link) looks the same to the caller; the
    postal codes are compared in constant time, and an unknown number is compared with a dummy.
    Rate limiting is the caller's job (it knows the client's address).
    """
    number = "".join((number or "").split())[:40]
    given = normalise_postal_code(postal_code)[:40].encode()
    # Numbers are matched exactly or in capitals ("f-00042" finds "F-00042"), by the unique index.
    candidates = list(
        WorkOrder.objects.select_related("customer", "location").filter(number__in={number, number.upper()})[
            :2
        ]
    )
    work_order = next((found for found in candidates if found.number == number), None) or (
        candidates[0] if candidates else None
    )
    expected = normalise_postal_code(work_order.customer.postal_code).encode() if work_order else b""
    matches = hmac.compare_digest(given, expected or _DUMMY_POSTAL_CODE)
    if not (matches and expected and given):
        return None
    return link_for_customer(work_order, by=by)


# ----------------------------------------------------------------------------- the customer's own actions


def _valid_link(link: TrackingLink) -> TrackingLink:
    fresh = TrackingLink.objects.select_related("work_order").get(pk=link.pk)
    if not is_valid(fresh):
        raise ValidationError(_("This tracking link is no longer valid."))
    return fresh


def _note(work_order: WorkOrder, entry: TimelineEntry) -> CustomerNote:
    return CustomerNote.objects.create(work_order=work_order, entry=entry, created_at=entry.created_at)


@transaction.atomic
def correct_contact_details(link: TrackingLink, changes: dict, *, by: Actor) -> TimelineEntry | None:
    """Change the customer's e-mail, mobile number and delivery address as given in `changes` (any of
    CONTACT_FIELDS), validated and normalised exactly as when staff enter them. ValidationError names
    the fields and changes nothing. Returns None when nothing actually changed."""
    link = _valid_link(link)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not customer-editable: {sorted(unknown)}")
    customer = CustomerAccount.objects.select_for_update().get(pk=link.work_order.customer_id)
    before = {field: getattr(customer, field) for field in CONTACT_FIELDS}
    for field, value in changes.items():
        setattr(customer, field, (value or "").strip())
    try:
        customer.full_clean()
    except ValidationError as error:
        # Only what the customer can correct counts: an old, invalid fax number on record must not
        # stop them from fixing their e-mail address (it is left as it is: only CONTACT_FIELDS are saved).
        relevant = {
            field: messages for field, messages in error.message_dict.items() if field in CONTACT_FIELDS
        }
        if relevant:
            raise ValidationError(relevant) from None
    after = {field: getattr(customer, field) for field in CONTACT_FIELDS}
    changed = {
        field: [before[field], after[field]] for field in CONTACT_FIELDS if before[field] != after[field]
    }
    if not changed:
        return None
    customer.save(update_fields=[*changed, "updated_at"])
    work_order = link.work_order
    entry = record(work_order, TimelineEntry.Kind.CONTACT, by, public=False, data=changed)
    _note(work_order, entry)
    signals.customer_details_corrected.send(
        sender=WorkOrder, work_order=work_order, customer=customer, changes=changed, entry=entry
    )
    return entry


@transaction.atomic
def ask_question(link: TrackingLink, text: str, *, by: Actor) -> TimelineEntry:
    link = _valid_link(link)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A question can have at most %(limit)d characters.") % {"limit": QUESTION_MAX_LENGTH}}
        )
    work_order = link.work_order
    entry = record(work_order, TimelineEntry.Kind.QUESTION, by, public=False, text=text)
    _note(work_order, entry)
    signals.customer_question_received.send(sender=WorkOrder, work_order=work_order, entry=entry)
    return entry


@transaction.atomic
def mark_read(note: CustomerNote, *, by: Actor) -> CustomerNote:
    """Staff have read what the customer sent. Marking it again changes nothing."""
    note = CustomerNote.objects.select_for_update().get(pk=note.pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.read_by = by.user
        note.save(update_fields=["read_at", "read_by"])
    return note
