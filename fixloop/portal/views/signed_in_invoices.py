"""The signed-in customer's invoices: the list (those waiting for their authorisation first and
highlighted, then the others) and one invoice with the same page, answers and PDF as the
authorisation link (invoice_pages.py). Every invoice comes from request.portal (PortalScope); the
person signed in is recorded as the one who authorised or disputed (Actor.portal). Pages are in the
portal's language, one invoice in its location's time zone. The list refreshes itself.
"""

from functools import wraps

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fixloop.invoicing.models import Invoice
from fixloop.portal.signed_in import live, portal_login_required
from fixloop.portal.views import invoice_pages

State = Invoice.State
PAGE_SIZE = 20


def _invoices(request):
    return request.portal.invoices().select_related(
        "work_order__customer", "work_order__location", "work_order__unit", "customer", "location"
    )


def _row(invoice: Invoice) -> dict:
    return {
        "invoice": invoice,
        "work_order": invoice.work_order,
        "url": reverse("portal:invoice_detail", kwargs={"pk": invoice.pk}),
    }


@require_GET
@portal_login_required
def invoices(request):
    scope = _invoices(request)
    waiting = list(scope.filter(state=State.SUBMITTED).order_by("submitted_at", "pk"))
    others = scope.exclude(state=State.SUBMITTED).order_by("-updated_at", "-pk")
    page = Paginator(others, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "waiting": [_row(invoice) for invoice in waiting],
        "others": [_row(invoice) for invoice in page.object_list],
        "page": page,
        "several_accounts": request.portal.several_accounts,
    }
    return live(
        request,
        "portal/signed_in/invoices/list.html",
        context,
        part="invoices-live",
        part_template="portal/signed_in/invoices/_list_live.html",
    )


def signed_in_invoice(view):
    """/portal/invoices/<pk>/…: one of the person's invoices (else 404), as a Page."""

    @wraps(view)
    def wrapped(request, pk, **kwargs):
        scope = _invoices(request)
        invoice = get_object_or_404(scope, pk=pk)
        urls = invoice_pages.invoice_urls(
            reverse("portal:invoice_detail", kwargs={"pk": invoice.pk}), reverse("portal:invoices")
        )
        page = invoice_pages.Page(invoice, urls, scope.filter(pk=invoice.pk), signed_in=True)
        with timezone.override(invoice.location.zone):
            return view(request, page, **kwargs)

    return wrapped


@require_GET
@portal_login_required
@signed_in_invoice
def invoice_detail(request, page):
    return invoice_pages.show(request, page)


@require_POST
@portal_login_required
@signed_in_invoice
def invoice_detail_authorise(request, page):
    return invoice_pages.authorise(request, page)


@require_POST
@portal_login_required
@signed_in_invoice
def invoice_detail_dispute(request, page):
    return invoice_pages.dispute(request, page)


@require_GET
@portal_login_required
@signed_in_invoice
def invoice_detail_pdf(request, page):
    return invoice_pages.pdf(request, page)
