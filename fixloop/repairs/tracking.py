"""Reading track & trace links: their tokens, finding a link by its token, whether it is valid, the
stamp of the pages behind it, and what staff see about a work order's link. Nothing here changes
state: issuing, revoking, the expiry, the look-up by number and postal code and the customer's own
actions are in fixloop/repairs/services/ (tracking_links.py, self_service.py).

Tokens: see fixloop/core/tokens.py. Links whose key is gone keep working for customers but can't
be shown again. The web layer turns a token into the page's address (fixloop/portal/links.py).

Validity: a link works until its explicit expiry, if staff set one, else until the shop's
`tracking_link_days_after_close` after the work order closes (open work orders: no end). A revoked
link never works again. The look-up by number and postal code leads to the current link and so
works exactly while that link would.
"""

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.utils import timezone

from fixloop.core import tokens
from fixloop.core.tokens import hash_token
from fixloop.customers.models import CustomerAccount
from fixloop.repairs.models import TimelineEntry, TrackingLink, WorkOrder
from fixloop.shop.models import ShopProfile

# Tokens of tracking links are made for this purpose (see fixloop/core/tokens.py).
TOKEN_PURPOSE = b"fixloop.tracking-link:"


# ----------------------------------------------------------------------------- tokens


def token_of(link: TrackingLink) -> str | None:
    """The link's token, or None when the key it was made with is no longer configured."""
    return tokens.token_of(TOKEN_PURPOSE, link.nonce, link.token_hash)


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
    token: str | None  # None: no link, or its key is gone and it cannot be shown again
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
        token=token_of(link),
        valid=is_valid(link),
        expires_at=expiry_of(link),
        explicit_expiry=link.expires_at is not None,
        ever_issued=True,
    )
