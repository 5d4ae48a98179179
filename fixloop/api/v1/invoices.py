"""Invoices and credit notes: list and read them (lines, VAT per rate, totals, the revisions the
customer was asked to authorise, the authorisation, the dispute thread), the PDF, a draft from a
ready work order, its lines, submitting or finalising it, taking it back to draft, replying in a
dispute, credit notes and sending the final document by e-mail. Every write calls
fixloop.invoicing.services as the back office's invoice section does, with the integration as the
actor: the timeline entries, signals and customer messages follow exactly as when staff act.

A refused step (a work order not ready, a final invoice changed, finalising for a customer who
authorises their invoices …) is a 409 problem whose `detail` is the back office's sentence; bad
fields are a 422 naming them.

The authorisation carries the name the customer typed and when; the address and browser it came
from stay in Fixloop (the estimates resource leaves them out of decisions likewise): they are
evidence kept for the shop, not data other software needs."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.pagination import ListQuery, PageQuery, page
from fixloop.api.v1.problems import MEDIA_TYPE, ApiProblem, field_error
from fixloop.api.v1.shared import ID_MAX, IdPath, dump, get
from fixloop.api.v1.work_orders import related
from fixloop.documents.invoice_pdf import invoice_filename, render_invoice_pdf
from fixloop.documents.pdf import PDF_TYPE, DocumentError
from fixloop.invoicing import services
from fixloop.invoicing.models import DisputeMessage, Invoice, InvoiceLine, InvoiceRevision
from fixloop.invoicing.services.shared import NOTE_MAX_LENGTH
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import VatRate

router = Router(tags=["invoices"], auth=TokenAuth("invoices"))

INVOICE = {"invoice_id": "$response.body#/id"}
INVOICE_OPERATIONS = [
    "read_invoice",
    "invoice_pdf",
    "create_invoice_line",
    "submit_invoice",
    "finalise_invoice",
    "revise_invoice",
    "send_invoice",
    "issue_credit_note",
    "list_invoice_revisions",
]
LINKS = {
    source: {status: {target: INVOICE for target in INVOICE_OPERATIONS}}
    for source, status in [
        ("create_invoice", "201"),
        ("finalise_invoice", "200"),
        ("submit_invoice", "200"),
        ("revise_invoice", "200"),
    ]
}
LINE_MAX = 300
PDF_FAILED = {
    "description": "The PDF could not be made.",
    "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
# The service's names of fields, as the API's bodies call them.
FIELD_NAMES = {"vat_rate": "vat_rate_id", "line": "line_id", "lines": "line_ids", "work": "work_order_id"}


# ----------------------------------------------------------------------------- schemas


class LineOut(Schema):
    id: int
    position: int
    kind: str = Field(..., description="labour, part or other")
    part_number: str
    description: str
    quantity: Decimal = Field(..., description="Negative on a credit note.")
    unit_price: Decimal
    vat_rate_id: int
    vat_percent: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal
    credited_line_id: int | None = Field(..., description="On a credit note: the invoice's line it credits.")


class VatOut(Schema):
    rate: Decimal = Field(..., description="The VAT percentage.")
    net: Decimal
    vat: Decimal
    gross: Decimal


class AuthorisationOut(Schema):
    revision: int
    signed_name: str = Field(..., description="The name the customer typed.")
    authorised_at: datetime

    @staticmethod
    def resolve_revision(authorisation) -> int:
        return authorisation.revision.number


class InvoiceOut(Schema):
    id: int
    kind: str = Field(..., description="invoice or credit_note")
    state: str = Field(..., description="draft, submitted, disputed, final or cancelled")
    number: str | None = Field(..., description="Given when final.")
    work_order_id: int
    customer_id: int
    location_id: int
    credits_id: int | None = Field(..., description="On a credit note: the invoice it corrects.")
    credit_note_ids: list[int]
    reason: str = Field(..., description="On a credit note: why it was issued.")
    language: str
    currency: str
    issue_date: date | None
    revision: int = Field(..., description="The revision the customer was last asked to authorise (0: none).")
    needs_authorisation: bool = Field(
        ..., description="The customer authorises their invoices: submit, not finalise."
    )
    net: Decimal
    vat: Decimal
    gross: Decimal
    vat_by_rate: list[VatOut]
    lines: list[LineOut]
    authorisation: AuthorisationOut | None
    submitted_at: datetime | None
    finalised_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_credit_note_ids(invoice) -> list[int]:
        return [note.pk for note in invoice.credit_notes.all()]

    @staticmethod
    def resolve_needs_authorisation(invoice) -> bool:
        return invoice.customer.invoices_need_authorisation

    @staticmethod
    def resolve_vat_by_rate(invoice) -> list:
        return services.vat_by_rate(invoice.lines.all())

    @staticmethod
    def resolve_lines(invoice) -> list:
        return list(invoice.lines.all())

    @staticmethod
    def resolve_authorisation(invoice):
        found = list(invoice.authorisations.all())
        return found[0] if found else None


class InvoicePage(Schema):
    items: list[InvoiceOut]
    next_cursor: str | None


class RevisionOut(Schema):
    number: int
    content: dict[str, Any] = Field(..., description="What the customer was asked to authorise.")
    content_hash: str
    gross: Decimal
    submitted_at: datetime


class RevisionPage(Schema):
    items: list[RevisionOut]
    next_cursor: str | None


class DisputeMessageOut(Schema):
    id: int
    revision: int
    line_id: int | None = Field(..., description="The disputed line, if the customer named one.")
    line_description: str
    side: str = Field(..., description="customer or staff")
    author_name: str
    text: str
    created_at: datetime

    @staticmethod
    def resolve_revision(message) -> int:
        return message.revision.number

    @staticmethod
    def resolve_line_id(message) -> int | None:
        return message.line_key


class DisputeMessagePage(Schema):
    items: list[DisputeMessageOut]
    next_cursor: str | None


class InvoiceQuery(ListQuery):
    work_order_id: int | None = Field(None, ge=1, le=ID_MAX)
    customer_id: int | None = Field(None, ge=1, le=ID_MAX)
    state: Invoice.State | None = None
    kind: Invoice.Kind | None = None


class InvoiceIn(Schema):
    work_order_id: int = Field(..., ge=1, le=ID_MAX, description="A work order whose unit is ready.")


class LineIn(Schema):
    kind: InvoiceLine.Kind = InvoiceLine.Kind.OTHER
    description: str = Field(..., max_length=LINE_MAX)
    part_number: str = Field("", max_length=40)
    quantity: Decimal = Field(..., max_digits=9, decimal_places=3, gt=0)
    unit_price: Decimal = Field(..., max_digits=9, decimal_places=2, ge=0)
    vat_rate_id: int | None = Field(
        None, ge=1, le=ID_MAX, description="Default: the location's default rate."
    )


class LinePatch(Schema):
    """Only the fields sent are changed."""

    kind: InvoiceLine.Kind = None
    description: str = Field(None, max_length=LINE_MAX)
    part_number: str = Field(None, max_length=40)
    quantity: Decimal = Field(None, max_digits=9, decimal_places=3, gt=0)
    unit_price: Decimal = Field(None, max_digits=9, decimal_places=2, ge=0)
    vat_rate_id: int = Field(None, ge=1, le=ID_MAX)


class NoteIn(Schema):
    note: str = Field(..., min_length=1, max_length=NOTE_MAX_LENGTH, description="The customer reads it.")


class CreditNoteIn(Schema):
    """Credit chosen lines (`line_ids`), or an amount (net, `amount` at `vat_rate_id`), or — with
    neither — every line not credited yet."""

    reason: str = Field(..., min_length=1, max_length=NOTE_MAX_LENGTH)
    line_ids: list[int] | None = Field(None, max_length=LINE_MAX)
    amount: Decimal | None = Field(None, max_digits=9, decimal_places=2, gt=0)
    vat_rate_id: int | None = Field(None, ge=1, le=ID_MAX)


# ----------------------------------------------------------------------------- helpers


def invoices():
    return Invoice.objects.select_related("customer").prefetch_related(
        Prefetch("lines", queryset=InvoiceLine.objects.order_by("position", "id")),
        Prefetch("credit_notes", queryset=Invoice.objects.order_by("created_at", "id")),
        "authorisations__revision",
    )


def get_invoice(invoice_id: int) -> Invoice:
    return get(invoices(), pk=invoice_id)


def target(invoice_id: int) -> Invoice:
    """The invoice a write acts on (without prefetched lines: the services recompute its totals)."""
    return get(Invoice.objects.select_related("work_order", "location"), pk=invoice_id)


def get_line(invoice: Invoice, line_id: int) -> InvoiceLine:
    return get(InvoiceLine.objects.select_related("vat_rate"), pk=line_id, invoice=invoice)


def refusing(call):
    """Run a service: its field errors named as the body names them (422), a refused step a 409
    whose detail is the service's sentence (the back office's message)."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {FIELD_NAMES.get(name, name): errors for name, errors in error.error_dict.items()}
            ) from None
        raise ApiProblem(409, " ".join(error.messages), kind="refused") from None


def vat_rate(invoice: Invoice, vat_rate_id: int | None) -> VatRate | None:
    """The rate the body names (the service refuses one of another location), or the location's default."""
    rates = VatRate.objects.all()
    if vat_rate_id is None:
        return rates.filter(location_id=invoice.location_id, is_default=True).first()
    return rates.filter(pk=vat_rate_id).first()


def pdf_of(invoice: Invoice) -> bytes:
    try:
        return render_invoice_pdf(invoice)
    except DocumentError as error:
        raise ApiProblem(503, f"The PDF could not be made: {error}", kind="document-failed") from error


def answer(request, key, invoice: Invoice, run, status: int = 200):
    """An idempotent step on `invoice`: run it, answer with the invoice as it is then."""

    def make():
        refusing(run)
        return status, dump(InvoiceOut, get_invoice(invoice.pk))

    return idempotency.create(request, key, make)


# ----------------------------------------------------------------------------- reading


@router.get("", response=InvoicePage, summary="List invoices and credit notes")
def list_invoices(request, query: Query[InvoiceQuery]):
    found = invoices()
    for name in ("work_order_id", "customer_id", "state", "kind"):
        value = getattr(query, name)
        if value:
            found = found.filter(**{name: value})
    return page(found, query)


@router.get("/{invoice_id}", response=InvoiceOut, summary="Read an invoice or credit note")
def read_invoice(request, invoice_id: int = IdPath()):
    return get_invoice(invoice_id)


@router.get(
    "/{invoice_id}/pdf",
    summary="The PDF (a draft's is watermarked)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The document as the customer gets it; a draft carries a 'Draft' watermark.",
                "content": {PDF_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            },
            "503": PDF_FAILED,
        }
    },
)
def invoice_pdf(request, invoice_id: int = IdPath()):
    invoice = get(
        Invoice.objects.select_related("work_order__unit", "customer", "location", "credits"), pk=invoice_id
    )
    response = HttpResponse(pdf_of(invoice), content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
    return response


@router.get("/{invoice_id}/revisions", response=RevisionPage, summary="The revisions sent for authorisation")
def list_invoice_revisions(request, query: Query[PageQuery], invoice_id: int = IdPath()):
    invoice = target(invoice_id)
    return page(InvoiceRevision.objects.filter(invoice=invoice), query, by_updated=False)


@router.get("/{invoice_id}/dispute-messages", response=DisputeMessagePage, summary="Read the dispute thread")
def invoice_dispute_messages(request, query: Query[PageQuery], invoice_id: int = IdPath()):
    invoice = target(invoice_id)
    found = DisputeMessage.objects.filter(invoice=invoice).select_related("revision")
    return page(found, query, by_updated=False)


# ----------------------------------------------------------------------------- the draft


@router.post("", response={201: InvoiceOut}, summary="Make a draft invoice from a ready work order")
def create_invoice(request, payload: InvoiceIn, key: str | None = idempotency.IdempotencyKey):
    """The draft holds the work the customer approved (labour by clocked time where the location
    bills so), as the back office's "Create invoice" makes it."""

    def make():
        work_order = related(WorkOrder, payload.work_order_id, "work_order_id")
        invoice = refusing(lambda: services.create_draft(work_order, by=actor(request)))
        return 201, dump(InvoiceOut, get_invoice(invoice.pk))

    return idempotency.create(request, key, make)


@router.post("/{invoice_id}/lines", response={201: LineOut}, summary="Add a line to a draft")
def create_invoice_line(
    request, payload: LineIn, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey
):
    invoice = target(invoice_id)

    def make():
        line = refusing(
            lambda: services.save_line(
                invoice,
                by=actor(request),
                kind=payload.kind,
                description=payload.description,
                part_number=payload.part_number,
                quantity=payload.quantity,
                unit_price=payload.unit_price,
                vat_rate=vat_rate(invoice, payload.vat_rate_id),
            )
        )
        return 201, dump(LineOut, line)

    return idempotency.create(request, key, make)


@router.patch("/{invoice_id}/lines/{line_id}", response=LineOut, summary="Change a line of a draft")
def update_invoice_line(request, payload: LinePatch, invoice_id: int = IdPath(), line_id: int = IdPath()):
    invoice = target(invoice_id)
    line = get_line(invoice, line_id)
    sent = payload.dict(exclude_unset=True)
    for name, value in sent.items():
        if value is None:
            raise ApiProblem(422, f"{name} cannot be null.", errors=[field_error(name, "Cannot be null.")])
    values = {
        "kind": line.kind,
        "description": line.description,
        "part_number": line.part_number,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        **sent,
    }
    rate = vat_rate(invoice, values.pop("vat_rate_id")) if "vat_rate_id" in sent else line.vat_rate
    return refusing(
        lambda: services.save_line(invoice, by=actor(request), line=line, vat_rate=rate, **values)
    )


@router.delete("/{invoice_id}/lines/{line_id}", response={204: None}, summary="Remove a line from a draft")
def delete_invoice_line(request, invoice_id: int = IdPath(), line_id: int = IdPath()):
    invoice = target(invoice_id)
    line = get_line(invoice, line_id)
    refusing(lambda: services.remove_line(invoice, line, by=actor(request)))
    return Status(204, None)


# ----------------------------------------------------------------------------- steps


@router.post("/{invoice_id}/submit", response=InvoiceOut, summary="Ask the customer to authorise the draft")
def submit_invoice(request, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey):
    """For a customer who authorises their invoices (`needs_authorisation`): the draft is frozen as
    the next revision and the customer is asked (with the authorisation link)."""
    invoice = target(invoice_id)
    return answer(request, key, invoice, lambda: services.submit(invoice, by=actor(request)))


@router.post(
    "/{invoice_id}/finalise", response=InvoiceOut, summary="Make the draft final (it gets its number)"
)
def finalise_invoice(request, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey):
    """For a customer who does not authorise their invoices; a final invoice never changes again."""
    invoice = target(invoice_id)
    return answer(request, key, invoice, lambda: services.finalise(invoice, by=actor(request)))


@router.post(
    "/{invoice_id}/revise", response=InvoiceOut, summary="Take a submitted or disputed invoice back to draft"
)
def revise_invoice(request, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey):
    invoice = target(invoice_id)
    return answer(request, key, invoice, lambda: services.revise(invoice, by=actor(request)))


@router.post(
    "/{invoice_id}/send",
    response=InvoiceOut,
    summary="E-mail the final document to the customer",
    openapi_extra={"responses": {"503": PDF_FAILED}},
)
def send_invoice(request, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey):
    """Queues the e-mail with the PDF through the outbox, as the back office's "Send" (each call
    sends again; an `Idempotency-Key` makes a retry safe)."""
    invoice = target(invoice_id)

    def run():
        try:
            services.send(invoice, by=actor(request))
        except DocumentError as error:
            raise ApiProblem(503, f"The PDF could not be made: {error}", kind="document-failed") from error

    return answer(request, key, invoice, run)


@router.post(
    "/{invoice_id}/dispute-messages", response={201: DisputeMessageOut}, summary="Reply in the dispute thread"
)
def reply_in_dispute(
    request, payload: NoteIn, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey
):
    """The customer is told; the invoice stays disputed until it is taken back to draft."""
    invoice = target(invoice_id)

    def make():
        message = refusing(lambda: services.reply(invoice, note=payload.note, by=actor(request)))
        return 201, dump(DisputeMessageOut, message)

    return idempotency.create(request, key, make)


@router.post("/{invoice_id}/credit-notes", response={201: InvoiceOut}, summary="Issue a credit note")
def issue_credit_note(
    request, payload: CreditNoteIn, invoice_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey
):
    """Against a final invoice; the credit note is final at once, with its own number."""
    invoice = target(invoice_id)

    def make():
        arguments: dict = {"reason": payload.reason}
        if payload.line_ids is not None:
            arguments["lines"] = payload.line_ids
        if payload.amount is not None:
            arguments["amount"] = payload.amount
            arguments["vat_rate"] = vat_rate(invoice, payload.vat_rate_id)
        note = refusing(lambda: services.credit_note(invoice, by=actor(request), **arguments))
        return 201, dump(InvoiceOut, get_invoice(note.pk))

    return idempotency.create(request, key, make)
