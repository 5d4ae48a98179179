"""One invoice behind its authorisation link, /invoice/<token>/: the page (lines, VAT per rate,
totals; authorise with typed name and tick, or dispute a line with a note; the dispute thread), the
two answers and the PDF. The page and its actions are invoice_pages.py, shared with the signed-in
portal.

The invoice is found through invoicing.services.links.invoices_for(link), the one scoping helper;
an unknown, revoked or expired link answers 404 with one page for all. Pages are in the customer's
language, times in the location's time zone.

CSRF: these views are exempt, as the estimate links (estimates.py): every form posts to a URL with
the link's secret token, which a forging site does not know.
"""

from functools import wraps

from fixloop.invoicing.services import links
from fixloop.portal.http import as_customer, finish
from fixloop.portal.links import invoice_path
from fixloop.portal.views import invoice_pages


def invoice_link(view):
    """/invoice/<token>/…: a current link, and the invoice it may show (one being revised by the shop
    shows only that)."""

    @wraps(view)
    def wrapped(request, token, **kwargs):
        link = links.find_link(token)
        if link is None:
            return invoice_pages.gone(request)
        scope = links.invoices_for(link) | links.under_revision(link)
        invoice = scope.first()
        if invoice is None:
            return invoice_pages.gone(request)
        urls = invoice_pages.invoice_urls(invoice_path(token))
        with as_customer(request, invoice.customer, invoice.location.zone):
            return finish(request, view(request, invoice_pages.Page(invoice, urls, scope), **kwargs))

    return wrapped


invoice, invoice_authorise, invoice_dispute, invoice_pdf = invoice_pages.link_page_views(invoice_link)
