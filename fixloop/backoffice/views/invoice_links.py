"""Staff side of an invoice's authorisation link (invoicing/services/links.py): in the invoice
section of the work-order page, while the invoice waits for the customer or is disputed, staff see
the link the customer got, change when it stops working, or revoke it. Each action answers with the
invoice section (htmx) or the page, as the other invoice actions (invoices.py)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.invoice_links import LinkExpiryForm
from fixloop.backoffice.views.invoices import AREA_TEMPLATE, MANAGE, area_context
from fixloop.backoffice.views.shared import INVALID, get_work_order, work_order_page
from fixloop.backoffice.work_order_page import INVOICE, work_order_url
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.invoicing.models import Invoice
from fixloop.invoicing.services import links


def _respond(request, invoice: Invoice, failed_form=None):
    work_order = get_work_order(request, invoice.work_order.number)
    if failed_form is not None:
        failed_form.invoice_pk = invoice.pk  # the section shows the failed form on this invoice
        if not request.htmx:
            return work_order_page(request, work_order, status=INVALID, invoice_form=failed_form)
    elif not request.htmx:
        return redirect(work_order_url(work_order.number, INVOICE))
    area = area_context(request, work_order, failed_form)
    status = INVALID if failed_form is not None else 200
    return render(request, AREA_TEMPLATE, {"work_order": work_order, "area": area}, status=status)


@staff_required(permission=MANAGE)
@require_POST
def invoice_link_expiry(request, pk):
    invoice = get_object_or_404(Invoice.objects.select_related("work_order", "location"), pk=pk)
    form = LinkExpiryForm(request.POST, invoice=invoice)
    if form.is_valid():
        try:
            links.set_expiry(invoice, form.expires_at(), by=Actor.staff(request))
        except ValidationError as error:
            if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
                error.error_dict["valid_until"] = error.error_dict.pop("expires_at")
            apply_errors(form, error)
    return _respond(request, invoice, form if form.errors else None)


@staff_required(permission=MANAGE)
@require_POST
def invoice_link_revoke(request, pk):
    invoice = get_object_or_404(Invoice.objects.select_related("work_order"), pk=pk)
    links.revoke_links(invoice, by=Actor.staff(request))
    return _respond(request, invoice)
