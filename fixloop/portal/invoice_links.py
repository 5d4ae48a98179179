"""The addresses of invoice authorisation links: the domain (invoicing/services/links.py) hands out
links and their tokens, and this turns them into the URLs that messages and staff show."""

from fixloop.core.actor import Actor
from fixloop.invoicing.models import AuthorisationLink, Invoice
from fixloop.invoicing.services import links
from fixloop.portal.links import invoice_url


def url_of(link: AuthorisationLink) -> str | None:
    """The invoice page the link opens; None when its token can no longer be made (the secret key it
    was made with is gone)."""
    token = links.token_of(link)
    return invoice_url(token) if token is not None else None


def url_for_message(invoice: Invoice, *, by: Actor) -> str:
    """The link a message carries: an existing one that runs for at least a week, or a new one."""
    return url_of(links.link_for_invoice(invoice, by=by)) or ""
