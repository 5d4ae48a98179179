"""What the invoice card on the work-order page shows of the invoice's authorisation link
(invoicing/services/links.py) while the invoice waits for the customer or is disputed: the address
the customer got, until when it works, and the form to change that (views/invoice_links.py)."""

from django.utils import timezone

from fixloop.backoffice.forms.invoice_links import LinkExpiryForm
from fixloop.invoicing.models import Invoice
from fixloop.invoicing.services import links
from fixloop.portal import invoice_links

SHOWN_IN = (Invoice.State.SUBMITTED, Invoice.State.DISPUTED)


def link_view(invoice: Invoice, can_manage: bool, failed_form=None) -> dict | None:
    """What the invoice card shows of its link: the address, until when, the expiry form."""
    if invoice.state not in SHOWN_IN:
        return None
    link = links.current_link(invoice)
    if link is None:
        return {"link": None}
    view = {"link": link, "url": invoice_links.url_of(link)}
    if can_manage:
        zone = invoice.location.zone
        view["expiry_form"] = failed_form or LinkExpiryForm(
            invoice=invoice, initial={"valid_until": timezone.localtime(link.expires_at, zone).date()}
        )
    return view
