"""One invoice as the customer sees it, shared by the two ways to it: its authorisation link
(views/invoices.py, /invoice/<token>/) and the signed-in portal (views/signed_in_invoices.py,
/portal/invoices/<id>/). Those modules find the invoice their way in may see and render in the
customer's language; this one shows the page (the lines, VAT per rate and totals; the authorise and
dispute forms while it waits for the customer; the dispute thread; the authorisation once given)
and carries out its authorise, dispute and PDF actions.

Only the current revision can be answered: the forms carry the revision the page showed, and
invoicing.services refuses an older one (409, the page as it is now, nothing changed).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fixloop.core.actor import Actor
from fixloop.core.contact import format_phone
from fixloop.core.forms import apply_errors
from fixloop.invoicing import services
from fixloop.invoicing.models import Invoice
from fixloop.portal.forms.invoices import AuthoriseForm, DisputeForm, posted_revision
from fixloop.portal.http import INVALID, oversized, private, see_other
from fixloop.shop.models import ShopProfile

CONFLICT = 409
State = Invoice.State
FIELDS_MAX_BYTES = 64 * 1024
LINK_LAYOUT = "portal/invoices/layout.html"
SIGNED_IN_LAYOUT = "portal/signed_in/invoices/layout.html"


@dataclass(frozen=True)
class InvoiceUrls:
    page: str
    authorise: str
    dispute: str
    pdf: str
    back: str = ""  # the signed-in list


@dataclass(frozen=True)
class Page:
    """What a view of one invoice gets: the invoice, its addresses and what its way in may see (the
    invoice is read from there again after a refused change)."""

    invoice: Invoice
    urls: InvoiceUrls
    scope: QuerySet[Invoice]
    signed_in: bool = False

    @property
    def layout(self) -> str:
        return SIGNED_IN_LAYOUT if self.signed_in else LINK_LAYOUT


def invoice_urls(page: str, back: str = "") -> InvoiceUrls:
    return InvoiceUrls(
        page=page,
        authorise=f"{page}authorise/",
        dispute=f"{page}dispute/",
        pdf=f"{page}invoice.pdf",
        back=back,
    )


def gone(request):
    """Unknown, expired or revoked: one answer for all, and nothing about any invoice."""
    return private(render(request, "portal/invoices/gone.html", status=404))


def _actor(request, page: Page, name: str) -> Actor:
    return Actor.portal(request) if page.signed_in else Actor.customer(request, name=name)


def _authorise_form(invoice: Invoice, data=None) -> AuthoriseForm:
    return AuthoriseForm(data, shop_name=ShopProfile.get().name, initial={"revision": invoice.revision})


def _dispute_form(invoice: Invoice, lines, data=None) -> DisputeForm:
    return DisputeForm(data, lines=lines, initial={"revision": invoice.revision})


def _page(request, page: Page, *, authorise_form=None, dispute_form=None, conflict=None, status=200):
    invoice = page.invoice
    work_order = invoice.work_order
    location = invoice.location
    revising = invoice.state == State.DRAFT
    lines = [] if revising else list(invoice.lines.all())
    waiting = invoice.state == State.SUBMITTED
    if waiting:
        authorise_form = authorise_form or _authorise_form(invoice)
        dispute_form = dispute_form or _dispute_form(invoice, lines)
    else:
        authorise_form = dispute_form = None
    done = request.GET.get("done", "")
    context = {
        "invoice": invoice,
        "work_order": work_order,
        "unit": work_order.unit,
        "location": location,
        "location_phone": format_phone(location.phone),
        "lines": lines,
        "vat": services.vat_by_rate(lines),
        "revising": revising,
        "waiting": waiting,
        "authorisation": invoice.authorisations.first() if invoice.is_final else None,
        "thread": list(invoice.dispute_messages.select_related("revision")),
        "authorise_form": authorise_form,
        "dispute_form": dispute_form,
        "conflict": conflict or [],
        "done": done if done in ("authorised", "disputed") else "",
        "urls": page.urls,
        "layout": page.layout,
        "signed_in": page.signed_in,
    }
    return render(request, "portal/invoices/invoice.html", context, status=status)


def _fresh(page: Page) -> Page:
    """The page again with the invoice as it is now (after a refused change)."""
    return Page(page.scope.get(pk=page.invoice.pk), page.urls, page.scope, page.signed_in)


def show(request, page: Page):
    """GET: the page."""
    return _page(request, page)


def authorise(request, page: Page):
    """POST: the customer authorises the revision the page showed: the invoice becomes final."""
    if oversized(request, FIELDS_MAX_BYTES):
        return HttpResponse(status=413)
    invoice = page.invoice
    form = _authorise_form(invoice, request.POST)
    if not form.is_valid():
        return _page(request, page, authorise_form=form, status=INVALID)
    name = form.cleaned_data["signed_name"]
    try:
        services.authorise(
            invoice,
            revision=posted_revision(form.cleaned_data["revision"]),
            signed_name=name,
            ticked=form.cleaned_data["authorised"],
            by=_actor(request, page, name),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_errors(form, error)
            return _page(request, _fresh(page), authorise_form=form, status=INVALID)
        return _page(request, _fresh(page), conflict=error.messages, status=CONFLICT)
    return see_other(f"{page.urls.page}?done=authorised#answer-recorded")


def dispute(request, page: Page):
    """POST: the customer disputes the revision the page showed (a line or the whole), with a note."""
    if oversized(request, FIELDS_MAX_BYTES):
        return HttpResponse(status=413)
    invoice = page.invoice
    lines = list(invoice.lines.all())
    form = _dispute_form(invoice, lines, request.POST)
    if not form.is_valid():
        return _page(request, page, dispute_form=form, status=INVALID)
    try:
        services.dispute(
            invoice,
            revision=posted_revision(form.cleaned_data["revision"]),
            note=form.cleaned_data["note"],
            line=form.chosen_line,
            by=_actor(request, page, invoice.customer.contact_name or invoice.customer.name),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_errors(form, error)
            return _page(request, _fresh(page), dispute_form=form, status=INVALID)
        return _page(request, _fresh(page), conflict=error.messages, status=CONFLICT)
    return see_other(f"{page.urls.page}?done=disputed#answer-recorded")


def pdf(request, page: Page):
    """GET: the invoice as a PDF: the draft (watermarked, no number) while it waits for the customer,
    the final invoice with its number once authorised. Not while the shop revises it."""
    # Imported here: the PDF module (and Typst) is loaded by the first customer who asks for one.
    from fixloop.documents.invoice_pdf import invoice_filename, render_invoice_pdf
    from fixloop.documents.pdf import PDF_TYPE, DocumentError

    invoice = page.invoice
    if invoice.state == State.DRAFT:
        return _page(request, page, status=CONFLICT)
    try:
        document = render_invoice_pdf(invoice)
    except DocumentError:
        context = {"back": page.urls.page, "layout": page.layout}
        return render(request, "portal/invoices/no_pdf.html", context, status=503)
    response = HttpResponse(document, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    return response


def link_page_views(way_in):
    """The four views behind an authorisation link — show, authorise, dispute and the PDF — with
    `way_in` the decorator that finds the link's invoice and makes the Page. The link is the
    credential (no session), so the forms carry no CSRF token (as the estimate links)."""

    def view(methods, action):
        return csrf_exempt(methods(way_in(action)))

    return (
        view(require_GET, show),
        view(require_POST, authorise),
        view(require_POST, dispute),
        view(require_GET, pdf),
    )
