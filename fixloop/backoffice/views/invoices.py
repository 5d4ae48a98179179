"""Staff side of invoices: the invoice section of the work-order page (make a draft from a ready
work order, edit its lines, submit or finalise, the customer's answer and the dispute thread, reply
and revise, credit notes, the PDF, sending by e-mail), the section's polling refresh, the invoice
list and the period report with its CSV.

The section is one unit, `#invoice-area`: every form in it posts with htmx and gets the unit back
(HTTP 422 with the form's messages when the input or the service refused it); without JavaScript
the whole work-order page comes back. Money is never computed here: lines and totals come from
invoicing.services. Technicians have no invoicing permission: they never see this section or a
price on it.
"""

import csv

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms import invoices as forms
from fixloop.backoffice.forms.invoice_links import LinkExpiryForm
from fixloop.backoffice.invoice_links import link_view
from fixloop.backoffice.views.shared import INVALID, get_work_order, paginate, work_order_page
from fixloop.backoffice.work_order_page import INVOICE, work_order_url
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.documents.invoice_pdf import invoice_filename, render_invoice_pdf
from fixloop.documents.pdf import PDF_TYPE, DocumentError
from fixloop.estimates.models import RequiredWork
from fixloop.inspections import queries as inspections
from fixloop.invoicing import machine, queries, services
from fixloop.invoicing.machine import Event
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import Location

VIEW = "invoicing.view_invoice"  # administrators and service advisors
MANAGE = "invoicing.change_invoice"
State = Invoice.State
STATE_BADGE = {
    State.DRAFT: "",
    State.SUBMITTED: "state-retrying",
    State.DISPUTED: "state-failed",
    State.FINAL: "state-sent",
    State.CANCELLED: "state-cancelled",
}
AREA_TEMPLATE = "backoffice/invoices/_area.html"
OPEN = (State.DRAFT, State.SUBMITTED, State.DISPUTED)


# ----------------------------------------------------------------------------- reading


def stamp_of(work_order: WorkOrder) -> str:
    """What the polling refresh compares: changes whenever an invoice of the work order changes
    (every service bumps `updated_at`; a new invoice or credit note adds one)."""
    figures = Invoice.objects.filter(work_order=work_order).aggregate(
        last=Max("updated_at"), count=Count("id")
    )
    last = figures["last"]
    return f"{figures['count']}-{int(last.timestamp() * 1_000_000) if last else 0}"


def _pick(failed_form, form_class, default, **match):
    """The form that came back with errors, if it is this one; otherwise `default()`."""
    if isinstance(failed_form, form_class) and all(
        getattr(failed_form, name, None) == value for name, value in match.items()
    ):
        return failed_form
    return default()


def _thread(invoice: Invoice) -> list:
    return list(invoice.dispute_messages.select_related("revision"))


def _invoice_view(invoice: Invoice, failed_form, can_manage: bool) -> dict:
    """One invoice or credit note with what the section shows and the forms that act on it."""
    lines = list(invoice.lines.select_related("vat_rate"))
    view = {
        "invoice": invoice,
        "badge": STATE_BADGE.get(invoice.state, ""),
        "lines": lines,
        "vat": services.vat_by_rate(lines),
        "thread": _thread(invoice) if invoice.revision else [],
        "authorisation": invoice.authorisations.select_related("revision").first()
        if invoice.is_final
        else None,
        "credit_notes": list(invoice.credit_notes.order_by("created_at")),
        "link": link_view(
            invoice, can_manage, failed_form if isinstance(failed_form, LinkExpiryForm) else None
        ),
        "can": {event: machine.can(invoice.state, event) and can_manage for event in vars(Event).values()},
    }
    if not can_manage:
        return view
    if invoice.state == State.DRAFT:
        view["needs_authorisation"] = services.needs_authorisation(invoice)
        view["line_forms"] = [
            (
                line,
                _pick(
                    failed_form,
                    forms.LineForm,
                    lambda line=line: forms.LineForm(invoice=invoice, line=line),
                    line=line,
                ),
            )
            for line in lines
        ]
        view["line_form"] = _pick(
            failed_form, forms.LineForm, lambda: forms.LineForm(invoice=invoice), invoice=invoice, line=None
        )
    if invoice.state == State.DISPUTED:
        view["reply_form"] = _pick(failed_form, forms.NoteForm, forms.NoteForm)
    if invoice.is_final and not invoice.is_credit_note and services.remaining(invoice) > 0:
        view["credit_form"] = _pick(
            failed_form,
            forms.CreditNoteForm,
            lambda: forms.CreditNoteForm(invoice=invoice, credited=services.credited_line_ids(invoice)),
        )
    return view


def area_context(request, work_order: WorkOrder, failed_form=None, failed_invoice=None) -> dict:
    """Everything the invoice section shows."""
    can_manage = request.user.has_perm(MANAGE)
    failed_invoice = failed_invoice or getattr(failed_form, "invoice_pk", None)
    invoices = [
        invoice
        for invoice in queries.for_work_order(work_order).select_related("customer", "work_order__unit")
        if not invoice.is_credit_note
    ]
    open_invoice = next((invoice for invoice in invoices if invoice.state in OPEN), None)
    return {
        "stamp": stamp_of(work_order),
        "can_manage": can_manage,
        "ready": services.is_ready(work_order),
        # Approved estimate jobs and authorised inspection items: what a draft is made from.
        "approved_work": RequiredWork.objects.filter(work_order=work_order, cancelled_at__isnull=True).count()
        + inspections.authorised_items([work_order.pk]).count(),
        "can_create": can_manage
        and open_invoice is None
        and services.outstanding_invoice(work_order) is None,
        "invoices": [
            _invoice_view(invoice, failed_form if invoice.pk == failed_invoice else None, can_manage)
            for invoice in reversed(invoices)
        ],
        "failed_form": failed_form if failed_form is not None and failed_form.errors else None,
        "create_form": forms.ConfirmForm(),
        "show_not_saved": bool(request.htmx),
    }


# ----------------------------------------------------------------------------- the section


def _area(request, work_order: WorkOrder, failed_form=None, failed_invoice=None, status: int = 200):
    return render(
        request,
        AREA_TEMPLATE,
        {"work_order": work_order, "area": area_context(request, work_order, failed_form, failed_invoice)},
        status=status,
    )


@staff_required(permission=VIEW)
@require_GET
def invoice_area(request, number):
    """The invoice section. Polled every few seconds with the stamp the page shows: "204 No
    Content" while nothing changed, the section when it did (the customer authorised or disputed)."""
    work_order = get_work_order(request, number)
    if request.GET.get("stamp") == stamp_of(work_order):
        return HttpResponse(status=204)
    return _area(request, work_order)


def _respond(request, work_order: WorkOrder, form, invoice: Invoice | None):
    if form.errors:
        if request.htmx:
            return _area(request, work_order, form, invoice.pk if invoice else None, status=INVALID)
        return work_order_page(request, work_order, status=INVALID, invoice_form=form)
    if not request.htmx:
        return redirect(work_order_url(work_order.number, INVOICE))
    return _area(request, work_order)


def _invoice_action(request, pk, make_form, perform):
    """Parse the form, call one service, answer with the section (or the page)."""
    invoice = get_object_or_404(Invoice.objects.select_related("work_order"), pk=pk)
    form = make_form(invoice)
    form.invoice_pk = invoice.pk  # the section shows the failed form on this invoice
    if form.is_valid():
        try:
            perform(invoice, form.cleaned_data, Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    return _respond(request, get_work_order(request, invoice.work_order.number), form, invoice)


@staff_required(permission=MANAGE)
@require_POST
def invoice_create(request, number):
    work_order = get_work_order(request, number)
    form = forms.ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.create_draft(work_order, by=Actor.staff(request))
        except ValidationError as error:
            apply_errors(form, error)
    return _respond(request, work_order, form, None)


@staff_required(permission=MANAGE)
@require_POST
def invoice_line_add(request, pk):
    return _invoice_action(
        request,
        pk,
        lambda invoice: forms.LineForm(request.POST, invoice=invoice),
        lambda invoice, data, by: services.save_line(invoice, by=by, **data),
    )


@staff_required(permission=MANAGE)
@require_POST
def invoice_line_edit(request, pk, line):
    line = get_object_or_404(InvoiceLine, pk=line, invoice_id=pk)
    return _invoice_action(
        request,
        pk,
        lambda invoice: forms.LineForm(request.POST, invoice=invoice, line=line),
        lambda invoice, data, by: services.save_line(invoice, by=by, line=line, **data),
    )


@staff_required(permission=MANAGE)
@require_POST
def invoice_line_remove(request, pk, line):
    line = get_object_or_404(InvoiceLine, pk=line, invoice_id=pk)
    return _invoice_action(
        request,
        pk,
        lambda invoice: forms.ConfirmForm(request.POST),
        lambda invoice, data, by: services.remove_line(invoice, line, by=by),
    )


def _step(service):
    """A view for a service that takes the invoice and the actor only (a button)."""

    @staff_required(permission=MANAGE)
    @require_POST
    def view(request, pk):
        return _invoice_action(
            request,
            pk,
            lambda invoice: forms.ConfirmForm(request.POST),
            lambda invoice, data, by: service(invoice, by=by),
        )

    return view


invoice_submit = _step(services.submit)
invoice_finalise = _step(services.finalise)
invoice_cancel = _step(services.cancel)
invoice_revise = _step(services.revise)


def _send(invoice, *, by):
    try:
        services.send(invoice, by=by)
    except DocumentError as error:
        raise ValidationError(_("The PDF could not be made: %(error)s") % {"error": error}) from error


invoice_send = _step(_send)


@staff_required(permission=MANAGE)
@require_POST
def invoice_reply(request, pk):
    return _invoice_action(
        request,
        pk,
        lambda invoice: forms.NoteForm(request.POST),
        lambda invoice, data, by: services.reply(invoice, note=data["note"], by=by),
    )


@staff_required(permission=MANAGE)
@require_POST
def invoice_credit(request, pk):
    def make_form(invoice):
        return forms.CreditNoteForm(
            request.POST, invoice=invoice, credited=services.credited_line_ids(invoice)
        )

    return _invoice_action(
        request,
        pk,
        make_form,
        lambda invoice, data, by: services.credit_note(invoice, by=by, **make_form_arguments(data)),
    )


def make_form_arguments(data: dict) -> dict:
    arguments = {"reason": data["reason"]}
    if data["scope"] == forms.CreditNoteForm.LINES:
        arguments["lines"] = list(data["lines"])
    elif data["scope"] == forms.CreditNoteForm.AMOUNT:
        arguments.update(amount=data["amount"], vat_rate=data["vat_rate"])
    return arguments


@staff_required(permission=VIEW)
@require_GET
def invoice_pdf(request, pk):
    invoice = get_object_or_404(
        Invoice.objects.select_related("work_order__unit", "customer", "location", "credits"), pk=pk
    )
    try:
        pdf = render_invoice_pdf(invoice)
    except DocumentError as error:
        flash.error(request, _("The PDF could not be made: %(error)s") % {"error": error})
        return redirect(work_order_url(invoice.work_order.number, INVOICE))
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    return response


# ----------------------------------------------------------------------------- the list


@staff_required(permission=VIEW)
@require_GET
def invoice_list(request):
    form = forms.InvoiceFilterForm(request.GET)
    queryset = Invoice.objects.select_related("work_order", "customer", "location", "credits").order_by(
        "-created_at", "-id"
    )
    queryset = form.filter(queryset) if form.is_valid() else queryset.none()
    counts = Invoice.objects.filter(kind=Invoice.Kind.INVOICE).aggregate(
        drafts=Count("id", filter=Q(state=State.DRAFT)),
        submitted=Count("id", filter=Q(state=State.SUBMITTED)),
        disputed=Count("id", filter=Q(state=State.DISPUTED)),
    )
    page = paginate(request, queryset)
    for invoice in page.object_list:
        invoice.badge = STATE_BADGE.get(invoice.state, "")
    context = {"form": form, "page": page, "counts": counts, "nav": "invoices"}
    template = "backoffice/invoices/_results.html" if request.htmx else "backoffice/invoices/list.html"
    return render(request, template, context)


# ----------------------------------------------------------------------------- the period report


def report_rows(start, end) -> tuple[list[dict], dict]:
    """Per location: final invoices and credit notes dated in the period (credit notes are negative,
    so they subtract), and the sum of all locations."""
    figures = (
        Invoice.objects.filter(state=State.FINAL, issue_date__gte=start, issue_date__lte=end)
        .values("location")
        .annotate(
            invoices=Count("id", filter=Q(kind=Invoice.Kind.INVOICE)),
            credit_notes=Count("id", filter=Q(kind=Invoice.Kind.CREDIT_NOTE)),
            net=Sum("net"),
            vat=Sum("vat"),
            gross=Sum("gross"),
        )
    )
    by_location = {row["location"]: row for row in figures}
    rows = []
    for location in Location.objects.filter(pk__in=by_location).order_by("name"):
        row = by_location[location.pk]
        rows.append(
            {
                "location": location,
                **{key: row[key] for key in ("invoices", "credit_notes", "net", "vat", "gross")},
            }
        )
    total = {
        key: sum((row[key] for row in rows), 0) for key in ("invoices", "credit_notes", "net", "vat", "gross")
    }
    return rows, total


def _money(value) -> str:
    """A CSV amount: dot decimal, two places, no grouping (what spreadsheets and accounting imports read)."""
    return f"{value:.2f}"


def report_csv(rows, total, start, end) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="invoices-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [_("Location"), _("Code"), _("Invoices"), _("Credit notes"), _("Net"), _("VAT"), _("Gross")]
    )
    for row in rows:
        location = row["location"]
        writer.writerow(
            [
                location.name,
                location.code,
                row["invoices"],
                row["credit_notes"],
                *(_money(row[key]) for key in ("net", "vat", "gross")),
            ]
        )
    writer.writerow(
        [
            _("All locations"),
            "",
            total["invoices"],
            total["credit_notes"],
            *(_money(total[key]) for key in ("net", "vat", "gross")),
        ]
    )
    return response


@staff_required(permission=VIEW)
@require_GET
def invoice_report(request):
    form = forms.ReportForm(request.GET or forms.ReportForm.this_month())
    context = {"form": form, "nav": "invoices"}
    if not form.is_valid():
        return render(request, "backoffice/invoices/report.html", context, status=400)
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    rows, total = report_rows(start, end)
    if request.GET.get("format") == "csv":
        return report_csv(rows, total, start, end)
    context.update(rows=rows, total=total, start=start, end=end)
    return render(request, "backoffice/invoices/report.html", context)
