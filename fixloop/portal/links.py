"""The addresses of the customer pages that secret links open.

The web layer owns its URLs: domain code (repairs.tracking and repairs.services, estimates.services.links)
hands out links and tokens, and this module turns them into paths and absolute URLs for pages,
messages, reports and staff.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, reverse

from fixloop.messaging.optouts import unsubscribe_token
from fixloop.repairs.models import TrackingLink
from fixloop.repairs.tracking import token_of


def path_with_token(url_name: str, token: str) -> str:
    """reverse(url_name, kwargs={"token": token}) for the pages of a link. Tokens are URL-safe
    base64, which reverse() puts in as it is, so the path is reversed once with a slot and the token
    put in: reverse() took as long as the rest of issuing a status report's links."""
    before, _slot, after = _path_with_slot(url_name, get_script_prefix()).rpartition(_SLOT)
    return f"{before}{token}{after}"


_SLOT = "--slot--"


@functools.lru_cache(maxsize=32)
def _path_with_slot(url_name: str, script_prefix: str) -> str:
    # script_prefix is reverse()'s other input.
    return reverse(url_name, kwargs={"token": _SLOT})


def absolute(path: str) -> str:
    """An address for messages and staff to copy: settings.SITE_URL and the path."""
    return f"{settings.SITE_URL}{path}"


def tracking_path(token: str, *, embed: bool = False) -> str:
    return path_with_token("portal:embed_case" if embed else "portal:case", token)


def tracking_url(token: str) -> str:
    return absolute(tracking_path(token))


def tracking_link_path(link: TrackingLink, *, embed: bool = False) -> str | None:
    """The path of a tracking link's page, or None when its token can no longer be shown (the key
    it was made with is gone)."""
    token = token_of(link)
    return tracking_path(token, embed=embed) if token is not None else None


def tracking_link_url(link: TrackingLink) -> str | None:
    """The absolute address of a tracking link's page, for staff and messages, or None as above."""
    token = token_of(link)
    return tracking_url(token) if token is not None else None


def estimate_url(token: str) -> str:
    """The page of one estimate behind its approval link."""
    return absolute(path_with_token("portal:estimate", token))


def approvals_url(token: str) -> str:
    """An account's batch-approval page."""
    return absolute(path_with_token("portal:approvals", token))


def invoice_path(token: str) -> str:
    """The page of one invoice behind its authorisation link."""
    return path_with_token("portal:invoice", token)


def invoice_url(token: str) -> str:
    return absolute(invoice_path(token))


def portal_invoice_path(pk: int) -> str:
    """A signed-in customer's page of one invoice."""
    return reverse("portal:invoice_detail", args=[pk])


def portal_home_path() -> str:
    return reverse("portal:home")


def invitation_path(token: str) -> str:
    """The page where an invited person sets up their portal access."""
    return path_with_token("portal:invitation", token)


# Booking requests: a signed-in customer's page of one request, and the public form's confirmation link.
def booking_path(pk: int) -> str:
    return reverse("portal:booking", args=[pk])


def booking_confirm_path(token: str) -> str:
    return path_with_token("portal:book_confirm", token)


def contact_change_path(token: str) -> str:
    """The page where the previous contact reports a change of contact details as not the customer's."""
    return path_with_token("portal:contact_change", token)


def unsubscribe_url(customer_id: int, kind: str) -> str:
    """The one-click unsubscribe address of a kind of recurring mail for one customer (RFC 8058)."""
    token = unsubscribe_token(customer_id, kind)
    return absolute(
        reverse("portal:unsubscribe", kwargs={"customer_id": customer_id, "kind": kind, "token": token})
    )
