"""The draft: made from a ready work order's approved work, its lines edited by staff, or dropped.

The lines of a new draft come from the current approved work (estimates.RequiredWork) as the
customer approved it (the prices of the approved estimate version): a labour line per job and a line
per part; and from the inspection items staff authorised (thumbs up,
inspections.queries.authorised_items): a labour line and a parts line per item, at the item's net
prices and VAT rate (the location's default rate when the item has none of this location). An
item's labour is a fixed price, also where the location bills labour by clocked time. Where the location bills labour by clocked time, the hourly jobs' labour is replaced by one
labour line with the hours the technicians clocked on the work order (repairs.TimeEntry), at the
first hourly job's rate and VAT rate; fixed-price jobs keep their price. Editing a draft writes no
timeline entry: what counts is what the customer is asked to authorise or the final document.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.estimates.models import RequiredWork
from fixloop.inspections import queries as inspections
from fixloop.inspections.models import InspectionItem
from fixloop.invoicing import machine, signals
from fixloop.invoicing.machine import Event
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.invoicing.services.shared import (
    AMOUNT_MAX,
    QUANTITY_MAX,
    check_decimal,
    clean_text,
    locked,
    price,
    recompute,
)
from fixloop.repairs.models import TimeEntry, TimelineEntry, WorkOrder, WorkshopSettings
from fixloop.repairs.timeline import record
from fixloop.shop.models import VatRate

State = Invoice.State
HOUR = Decimal("0.01")


def is_ready(work_order: WorkOrder) -> bool:
    ready = WorkshopSettings.current().ready_status_id
    return ready is not None and work_order.status_id == ready


def clocked_hours(work_order: WorkOrder) -> Decimal:
    """The hours clocked on the work order (finished entries), rounded to the hundredth of an hour."""
    total = timedelta()
    for started, ended in TimeEntry.objects.filter(work_order=work_order, ended_at__isnull=False).values_list(
        "started_at", "ended_at"
    ):
        total += ended - started
    return (Decimal(int(total.total_seconds())) / 3600).quantize(HOUR, rounding=ROUND_HALF_UP)


def outstanding_invoice(work_order: WorkOrder) -> Invoice | None:
    """The work order's final invoice that is not fully credited, if any."""
    for invoice in Invoice.objects.filter(
        work_order=work_order, kind=Invoice.Kind.INVOICE, state=State.FINAL
    ):
        credited = sum((note.gross for note in invoice.credit_notes.all()), Decimal(0))
        if invoice.gross + credited > 0:
            return invoice
    return None


def _rates(work_order: WorkOrder) -> dict[Decimal, VatRate]:
    return {rate.rate: rate for rate in VatRate.objects.filter(location_id=work_order.location_id)}


def _rate(rates: dict[Decimal, VatRate], value: str) -> VatRate:
    rate = rates.get(Decimal(value))
    if rate is None:
        raise ValidationError(
            _("The location has no VAT rate of %(rate)s %% any more: add it before invoicing this work.")
            % {"rate": value},
            code="no_vat_rate",
        )
    return rate


def _approved_jobs(work_order: WorkOrder, work_ids) -> list[tuple[RequiredWork, dict]]:
    """The approved estimate jobs to invoice: all of them (`work_ids` None) or those named."""
    current = {
        work.pk: work
        for work in RequiredWork.objects.filter(work_order=work_order, cancelled_at__isnull=True)
        .select_related("version")
        .order_by("approved_at", "job_key")
    }
    if work_ids is not None:
        wanted = [int(pk) for pk in work_ids]
        if any(pk not in current for pk in wanted):
            raise ValidationError(
                {"work": _("Only work the customer approved on this work order can be invoiced.")},
                code="not_approved",
            )
        current = {pk: current[pk] for pk in wanted}
    jobs = []
    for work in current.values():
        job = next(job for job in work.version.content["jobs"] if job["key"] == work.job_key)
        jobs.append((work, job))
    return jobs


def _authorised_items(work_order: WorkOrder, item_ids) -> list[InspectionItem]:
    """The authorised inspection items to invoice: all of them (`item_ids` None) or those named."""
    current = {
        item.pk: item
        for item in inspections.authorised_items([work_order.pk])
        .select_related("vat_rate")
        .order_by("position", "id")
    }
    if item_ids is not None:
        wanted = [int(pk) for pk in item_ids]
        if any(pk not in current for pk in wanted):
            raise ValidationError(
                {"items": _("Only inspection items authorised on this work order can be invoiced.")},
                code="not_authorised",
            )
        current = {pk: current[pk] for pk in wanted}
    return list(current.values())


def _item_rate(item: InspectionItem, work_order: WorkOrder, rates: dict[Decimal, VatRate]) -> VatRate:
    """The item's VAT rate when it is one of the work order's location, else the location's default."""
    if item.vat_rate is not None and item.vat_rate.location_id == work_order.location_id:
        return item.vat_rate
    if item.vat_rate is not None and item.vat_rate.rate in rates:
        return rates[item.vat_rate.rate]
    default = next((rate for rate in rates.values() if rate.is_default), None)
    if default is None:
        raise ValidationError(
            _("The location has no default VAT rate: choose one before invoicing inspection items."),
            code="no_vat_rate",
        )
    return default


def _item_lines(work_order: WorkOrder, items, rates) -> list[InvoiceLine]:
    """A labour line and a parts line per authorised item (a line of zero is left out, but every
    item has at least its labour line)."""
    lines = []
    for item in items:
        rate = _item_rate(item, work_order, rates)
        if item.labour or not item.parts:
            lines.append(
                InvoiceLine(
                    kind=InvoiceLine.Kind.LABOUR,
                    description=item.description,
                    quantity=Decimal(1),
                    unit_price=item.labour,
                    vat_rate=rate,
                    inspection_item=item,
                )
            )
        if item.parts:
            lines.append(
                InvoiceLine(
                    kind=InvoiceLine.Kind.PART,
                    description=(_("Parts: %(item)s") % {"item": item.description})[:300],
                    quantity=Decimal(1),
                    unit_price=item.parts,
                    vat_rate=rate,
                    inspection_item=item,
                )
            )
    return lines


def _lines_for(work_order: WorkOrder, jobs, rates) -> list[InvoiceLine]:
    by_time = work_order.location.labour_billed_by_time
    lines: list[InvoiceLine] = []
    clocked_rate = None
    for work, job in jobs:
        rate = _rate(rates, job["vat_rate"])
        if job["pricing"] == "fixed":
            lines.append(
                InvoiceLine(
                    kind=InvoiceLine.Kind.LABOUR,
                    description=job["description"],
                    quantity=Decimal(1),
                    unit_price=Decimal(job["fixed_price"] or 0),
                    vat_rate=rate,
                    required_work=work,
                )
            )
        elif by_time:
            clocked_rate = clocked_rate or (Decimal(job["hourly_rate"] or 0), rate, work)
        else:
            lines.append(
                InvoiceLine(
                    kind=InvoiceLine.Kind.LABOUR,
                    description=job["description"],
                    quantity=Decimal(job["hours"] or 0),
                    unit_price=Decimal(job["hourly_rate"] or 0),
                    vat_rate=rate,
                    required_work=work,
                )
            )
        for part in job["parts"]:
            lines.append(
                InvoiceLine(
                    kind=InvoiceLine.Kind.PART,
                    part_number=part["part_number"],
                    description=part["description"],
                    quantity=Decimal(part["quantity"]),
                    unit_price=Decimal(part["unit_price"]),
                    vat_rate=_rate(rates, part["vat_rate"]),
                    required_work=work,
                )
            )
    if clocked_rate is not None:
        hourly_rate, rate, work = clocked_rate
        lines.insert(
            0,
            InvoiceLine(
                kind=InvoiceLine.Kind.LABOUR,
                description=_("Labour (clocked time)"),
                quantity=clocked_hours(work_order),
                unit_price=hourly_rate,
                vat_rate=rate,
                required_work=work,
            ),
        )
    return lines


@transaction.atomic
def create_draft(work_order: WorkOrder, *, by: Actor, work_ids=None, item_ids=None) -> Invoice:
    """A draft invoice with the approved work and the authorised inspection items of a ready work
    order. `work_ids` / `item_ids` choose: only these RequiredWork rows and these inspection items
    (each must be current approved work, or an authorised item, of this work order); when one of
    the two is given, the other defaults to none."""
    work_order = (
        WorkOrder.objects.select_for_update().select_related("location", "customer").get(pk=work_order.pk)
    )
    if not is_ready(work_order):
        raise ValidationError(_("Only a work order whose unit is ready can be invoiced."), code="not_ready")
    if Invoice.objects.filter(
        work_order=work_order,
        kind=Invoice.Kind.INVOICE,
        state__in=[State.DRAFT, State.SUBMITTED, State.DISPUTED],
    ).exists():
        raise ValidationError(_("This work order already has an invoice in progress."), code="open_invoice")
    if outstanding_invoice(work_order) is not None:
        raise ValidationError(
            _("This work order is invoiced already: credit the invoice in full before invoicing it again."),
            code="invoiced",
        )
    if (
        work_order.location.labour_billed_by_time
        and TimeEntry.objects.filter(work_order=work_order, ended_at__isnull=True).exists()
    ):
        raise ValidationError(
            _("A technician is still clocked on this work order: clock off before invoicing."),
            code="clocked_on",
        )
    choosing = work_ids is not None or item_ids is not None
    jobs = _approved_jobs(work_order, [] if choosing and work_ids is None else work_ids)
    items = _authorised_items(work_order, [] if choosing and item_ids is None else item_ids)
    if not jobs and not items:
        raise ValidationError(_("There is no approved work to invoice on this work order."), code="no_work")
    customer = work_order.customer
    invoice = Invoice.objects.create(
        work_order=work_order,
        customer=customer,
        location=work_order.location,
        language=customer.language,
        currency=work_order.location.currency,
        created_by=by.user,
    )
    with translation.override(customer.language):
        rates = _rates(work_order)
        lines = _lines_for(work_order, jobs, rates) + _item_lines(work_order, items, rates)
    for position, line in enumerate(lines, start=1):
        line.invoice, line.position, line.vat_percent = invoice, position, line.vat_rate.rate
        price(line)
    InvoiceLine.objects.bulk_create(lines)
    recompute(invoice)
    entry = record(
        work_order,
        TimelineEntry.Kind.INVOICE,
        by,
        public=False,
        data={"event": "invoice_created", "invoice": invoice.pk},
    )
    signals.invoice_created.send(sender=Invoice, invoice=invoice, entry=entry)
    return invoice


@transaction.atomic
def save_line(
    invoice: Invoice,
    *,
    by: Actor,
    line: InvoiceLine | None = None,
    kind: str,
    description: str,
    quantity: Decimal | None,
    unit_price: Decimal | None,
    vat_rate: VatRate | None,
    part_number: str = "",
) -> InvoiceLine:
    """Add a line to a draft, or change one of its lines (`line`)."""
    errors: dict = {}
    description = clean_text(description, "description", errors, max_length=300)
    part_number = clean_text(part_number, "part_number", errors, max_length=40, required=False)
    if kind not in InvoiceLine.Kind.values:
        errors["kind"] = _("Choose labour, part or other.")
    check_decimal(quantity, "quantity", errors, maximum=QUANTITY_MAX, places=3, positive=True)
    check_decimal(unit_price, "unit_price", errors, maximum=AMOUNT_MAX, places=2, positive=False)
    if not isinstance(vat_rate, VatRate) or vat_rate.location_id != invoice.location_id:
        errors["vat_rate"] = _("Choose one of the VAT rates of this invoice's location.")
    if line is not None and line.invoice_id != invoice.pk:
        errors["line"] = _("This line belongs to another invoice.")
    if errors:
        raise ValidationError(errors)
    locked(invoice)
    machine.check(invoice.state, Event.EDIT)
    if line is None:
        last = invoice.lines.order_by("-position").values_list("position", flat=True).first() or 0
        line = InvoiceLine(invoice=invoice, position=last + 1)
    line.kind, line.description, line.part_number = kind, description, part_number
    line.quantity, line.unit_price = quantity, unit_price
    line.vat_rate, line.vat_percent = vat_rate, vat_rate.rate
    price(line).save()
    recompute(invoice)
    return line


@transaction.atomic
def remove_line(invoice: Invoice, line: InvoiceLine, *, by: Actor) -> None:
    if line.invoice_id != invoice.pk:
        raise ValidationError({"line": _("This line belongs to another invoice.")})
    locked(invoice)
    machine.check(invoice.state, Event.EDIT)
    line.delete()
    recompute(invoice)


@transaction.atomic
def cancel(invoice: Invoice, *, by: Actor) -> Invoice:
    """Drop a draft (it keeps no number; the work order can be invoiced again)."""
    locked(invoice)
    machine.check(invoice.state, Event.CANCEL)
    invoice.state = State.CANCELLED
    invoice.save(update_fields=["state", "updated_at"])
    record(
        invoice.work_order,
        TimelineEntry.Kind.INVOICE,
        by,
        public=False,
        data={"event": "invoice_cancelled", "invoice": invoice.pk},
    )
    return invoice
