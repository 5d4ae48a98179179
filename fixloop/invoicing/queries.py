"""Read-only questions about invoices that pages and the service board ask."""

from fixloop.invoicing.models import Invoice


def awaiting_customer(location=None, technician=None):
    """The submitted invoices waiting for the customer's authorisation, oldest submission first;
    optionally of one location and/or of work orders assigned to one technician."""
    invoices = Invoice.objects.filter(kind=Invoice.Kind.INVOICE, state=Invoice.State.SUBMITTED)
    if location is not None:
        invoices = invoices.filter(location=location)
    if technician is not None:
        invoices = invoices.filter(work_order__technician=technician)
    return invoices.select_related("work_order", "work_order__unit", "customer", "location").order_by(
        "submitted_at", "id"
    )


def handed_over(work_order):
    """The invoices that take a work order off the list of what is left to invoice: final, or
    waiting for the customer's authorisation (a draft or a disputed one is still staff's to finish).
    `work_order`: a work order or an OuterRef to one."""
    return Invoice.objects.filter(
        work_order=work_order,
        kind=Invoice.Kind.INVOICE,
        state__in=[Invoice.State.SUBMITTED, Invoice.State.FINAL],
    )


def for_customers(accounts):
    """The invoices and credit notes a customer may see (the portal's scoping of invoices): those of
    `accounts` that were submitted to them or are final — never a draft or a cancelled one."""
    return Invoice.objects.filter(
        customer__in=accounts,
        state__in=[Invoice.State.SUBMITTED, Invoice.State.DISPUTED, Invoice.State.FINAL],
    ).select_related("work_order", "location")


def for_work_order(work_order):
    return (
        Invoice.objects.filter(work_order=work_order)
        .select_related("credits", "location")
        .prefetch_related("lines")
        .order_by("created_at", "id")
    )
