"""Credit notes: the only correction of a final invoice. A credit note is final when issued, takes
its number from its own series (BER-CN-2026-000001), references the invoice it corrects, and stores
its amounts negative. It credits chosen lines of the invoice in full, or an amount (net, at one of the
location's VAT rates), or — with neither — every line not yet credited. Together the credit notes
of an invoice never exceed it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.estimates import money
from fixloop.invoicing import machine, signals
from fixloop.invoicing.machine import Event
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.invoicing.services.finalising import make_final
from fixloop.invoicing.services.shared import (
    AMOUNT_MAX,
    NOTE_MAX_LENGTH,
    check_decimal,
    clean_text,
    locked,
    price,
    recompute,
)
from fixloop.shop.models import VatRate


def credited_line_ids(invoice: Invoice) -> set[int]:
    return set(
        InvoiceLine.objects.filter(invoice__credits=invoice, credited_line__isnull=False).values_list(
            "credited_line_id", flat=True
        )
    )


def remaining(invoice: Invoice) -> Decimal:
    """What can still be credited (gross): the invoice less its credit notes."""
    credited = invoice.credit_notes.aggregate(total=Sum("gross"))["total"] or Decimal(0)
    return invoice.gross + credited


def _copies(invoice: Invoice, lines) -> list[InvoiceLine]:
    already = credited_line_ids(invoice)
    own = {line.pk: line for line in invoice.lines.select_related("vat_rate")}
    if lines is None:
        chosen = [line for pk, line in own.items() if pk not in already]
    else:
        ids = [line.pk if isinstance(line, InvoiceLine) else int(line) for line in lines]
        if not ids or any(pk not in own for pk in ids):
            raise ValidationError({"lines": _("Choose lines of this invoice.")})
        if any(pk in already for pk in ids):
            raise ValidationError({"lines": _("A chosen line was credited already.")})
        chosen = [own[pk] for pk in ids]
    if not chosen:
        raise ValidationError(_("Every line of this invoice was credited already."), code="credited")
    return [
        InvoiceLine(
            kind=line.kind,
            part_number=line.part_number,
            description=line.description,
            quantity=-line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            vat_percent=line.vat_percent,
            credited_line=line,
        )
        for line in chosen
    ]


@transaction.atomic
def credit_note(
    invoice: Invoice,
    *,
    reason: str,
    by: Actor,
    lines=None,
    amount: Decimal | None = None,
    vat_rate: VatRate | None = None,
) -> Invoice:
    """Issue a credit note against a final invoice (see the module's description)."""
    errors: dict = {}
    reason = clean_text(reason, "reason", errors, max_length=NOTE_MAX_LENGTH)
    if amount is not None:
        check_decimal(amount, "amount", errors, maximum=AMOUNT_MAX, places=2, positive=True)
        if lines is not None:
            errors["amount"] = _("Credit either chosen lines or an amount, not both.")
        if not isinstance(vat_rate, VatRate) or vat_rate.location_id != invoice.location_id:
            errors["vat_rate"] = _("Choose one of the VAT rates of this invoice's location.")
    if errors:
        raise ValidationError(errors)
    locked(invoice)
    if invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError(_("A credit note cannot be credited."), code="credit_of_credit")
    machine.check(invoice.state, Event.CREDIT)
    if amount is not None:
        new_lines = [
            InvoiceLine(
                kind=InvoiceLine.Kind.OTHER,
                description=reason[:300],
                quantity=Decimal(-1),
                unit_price=amount,
                vat_rate=vat_rate,
                vat_percent=vat_rate.rate,
            )
        ]
    else:
        new_lines = _copies(invoice, lines)
    for line in new_lines:
        price(line)
    gross = money.total(money.Amounts(line.net, line.vat, line.gross) for line in new_lines).gross
    if -gross > remaining(invoice):
        raise ValidationError(
            {"amount": _("This is more than what is left to credit on the invoice.")}, code="too_much"
        )
    note = Invoice.objects.create(
        kind=Invoice.Kind.CREDIT_NOTE,
        credits=invoice,
        work_order_id=invoice.work_order_id,
        customer_id=invoice.customer_id,
        location=invoice.location,
        language=invoice.language,
        currency=invoice.currency,
        reason=reason,
        created_by=by.user,
    )
    for position, line in enumerate(new_lines, start=1):
        line.invoice, line.position = note, position
    InvoiceLine.objects.bulk_create(new_lines)
    recompute(note)
    # The entry is on the work order, about the invoice corrected (`invoice`) and the credit note.
    entry = make_final(note, by=by, text=reason, credits=invoice.number, credit_note=note.pk)
    Invoice.objects.filter(pk=invoice.pk).update(updated_at=note.updated_at)  # the invoice's page changed
    signals.credit_note_issued.send(sender=Invoice, credit_note=note, invoice=invoice, entry=entry)
    return note
