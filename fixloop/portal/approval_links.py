"""The addresses of approval links: the domain (estimates/services/links.py) hands out links and their
tokens, and this turns them into the URLs that messages, reports, track & trace and staff show."""

from fixloop.core.actor import Actor
from fixloop.estimates.models import ApprovalLink
from fixloop.estimates.services import links
from fixloop.portal.links import approvals_url, estimate_url


def url_of(link: ApprovalLink) -> str | None:
    """The page the link opens (one estimate, or the account's batch-approval page); None when its
    token can no longer be made (the secret key it was made with is gone)."""
    token = links.token_of(link)
    if token is None:
        return None
    return estimate_url(token) if link.estimate_id else approvals_url(token)


def account_urls(customer_ids, *, by: Actor) -> dict[int, str]:
    """{customer id: batch-approval page URL} for many accounts at once (a status report run)."""
    return {
        customer_id: approvals_url(token)
        for customer_id, token in links.account_tokens(customer_ids, by=by).items()
    }
