"""From draft to final: staff finalise directly, or submit to a customer account that authorises its
invoices, and the customer authorises the current revision (which finalises it) or disputes it;
staff answer in the dispute thread and take the invoice back to draft to revise it.

The number is taken at finalisation, under the series' row lock (numbering.py), after the invoice's
own row lock: two clerks finalising the same invoice act one after the other and the second is told
it is final already; the number is never taken twice and never skipped.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor, ActorKind
from fixloop.core.text import clean_text as tidy_text
from fixloop.customers.models import CustomerAccount
from fixloop.invoicing import machine, signals
from fixloop.invoicing.machine import Event
from fixloop.invoicing.models import Authorisation, DisputeMessage, Invoice, InvoiceRevision
from fixloop.invoicing.services.content import content, content_hash
from fixloop.invoicing.services.numbering import take_number
from fixloop.invoicing.services.shared import NOTE_MAX_LENGTH, clean_text, local_today, locked
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.timeline import record

State = Invoice.State


def needs_authorisation(invoice: Invoice) -> bool:
    return CustomerAccount.objects.filter(pk=invoice.customer_id, invoices_need_authorisation=True).exists()


def _entry(invoice: Invoice, by: Actor, event: str, *, text: str = "", **data) -> TimelineEntry:
    return record(
        invoice.work_order,
        TimelineEntry.Kind.INVOICE,
        by,
        public=False,
        text=text,
        data={"event": event, "invoice": invoice.pk, **data},
    )


def make_final(invoice: Invoice, *, by: Actor, text: str = "", **data) -> TimelineEntry:
    """Number the (locked, checked) document and make it final; records it ("invoice_finalised" or
    "credit_note_issued", with `data`) and sends invoice_finalised."""
    today = local_today(invoice.location)
    invoice.number = take_number(invoice.location, today.year, invoice.kind)
    invoice.state = State.FINAL
    invoice.issue_date = today
    invoice.finalised_at = timezone.now()
    invoice.finalised_by = by.user if by.kind == ActorKind.STAFF else None
    invoice.save(
        update_fields=["number", "state", "issue_date", "finalised_at", "finalised_by", "updated_at"]
    )
    event = "credit_note_issued" if invoice.is_credit_note else "invoice_finalised"
    entry = _entry(
        invoice,
        by,
        event,
        text=text,
        number=invoice.number,
        gross=str(invoice.gross),
        currency=invoice.currency,
        **data,
    )
    signals.invoice_finalised.send(sender=Invoice, invoice=invoice, entry=entry)
    return entry


def _has_lines(invoice: Invoice) -> None:
    if not invoice.lines.exists():
        raise ValidationError(_("Add at least one line first."), code="no_lines")


@transaction.atomic
def finalise(invoice: Invoice, *, by: Actor) -> Invoice:
    """Staff make a draft final (customer accounts that do not authorise their invoices)."""
    locked(invoice)
    machine.check(invoice.state, Event.FINALISE)
    if needs_authorisation(invoice):
        raise ValidationError(
            _("This customer authorises their invoices: submit it to them instead."),
            code="needs_authorisation",
        )
    _has_lines(invoice)
    make_final(invoice, by=by)
    return invoice


@transaction.atomic
def submit(invoice: Invoice, *, by: Actor) -> InvoiceRevision:
    """Staff ask the customer to authorise the draft: its content is frozen as the next revision."""
    locked(invoice)
    machine.check(invoice.state, Event.SUBMIT)
    if not needs_authorisation(invoice):
        raise ValidationError(
            _("This customer does not authorise invoices: finalise it instead."), code="no_authorisation"
        )
    _has_lines(invoice)
    data = content(invoice)
    invoice.revision += 1
    revision = InvoiceRevision.objects.create(
        invoice=invoice,
        number=invoice.revision,
        content=data,
        content_hash=content_hash(data),
        gross=invoice.gross,
        submitted_by=by.user,
    )
    invoice.state = State.SUBMITTED
    invoice.submitted_at = revision.submitted_at
    invoice.save(update_fields=["revision", "state", "submitted_at", "updated_at"])
    entry = _entry(
        invoice,
        by,
        "invoice_submitted",
        revision=revision.number,
        gross=str(invoice.gross),
        currency=invoice.currency,
    )
    signals.invoice_submitted.send(sender=Invoice, invoice=invoice, revision=revision, entry=entry)
    return revision


def _customer_ids(customer) -> set[int] | None:
    if customer is None:
        return None
    if isinstance(customer, CustomerAccount):
        return {customer.pk}
    return {account.pk for account in customer}


def _customer_checks(invoice: Invoice, revision: int, customer, event: str) -> InvoiceRevision:
    ids = _customer_ids(customer)
    if ids is not None and invoice.customer_id not in ids:
        raise ValidationError(_("This invoice is not addressed to you."), code="not_yours")
    machine.check(invoice.state, event)
    if revision != invoice.revision:
        raise ValidationError(
            _("The invoice has changed since you opened it: please look at the current version."),
            code="old_revision",
        )
    return invoice.revisions.get(number=invoice.revision)


@transaction.atomic
def authorise(
    invoice: Invoice,
    *,
    revision: int,
    signed_name: str,
    ticked: bool,
    by: Actor,
    customer=None,
    ip: str | None = None,
    user_agent: str | None = None,
) -> Authorisation:
    """The customer authorises the current revision (typed name, the tick; time, address and
    browser recorded): the invoice becomes final and gets its number. `customer`: the account (or
    the accounts, e.g. a head office's portal scope) the customer acts for; an invoice of any other
    account is refused."""
    errors: dict = {}
    signed_name = clean_text(signed_name, "signed_name", errors, max_length=200)
    if not ticked:
        errors["ticked"] = _("Tick the box to authorise the invoice.")
    if errors:
        raise ValidationError(errors)
    locked(invoice)
    current = _customer_checks(invoice, revision, customer, Event.AUTHORISE)
    authorisation = Authorisation.objects.create(
        invoice=invoice,
        revision=current,
        signed_name=signed_name,
        user=by.user,
        ip=ip if ip is not None else by.ip,
        user_agent=(user_agent if user_agent is not None else by.user_agent)[:400],
    )
    make_final(invoice, by=by)
    entry = _entry(invoice, by, "invoice_authorised", revision=current.number, signed_name=signed_name)
    signals.invoice_authorised.send(sender=Invoice, invoice=invoice, authorisation=authorisation, entry=entry)
    return authorisation


def _message(invoice: Invoice, text: str, by: Actor, *, line=None) -> DisputeMessage:
    return DisputeMessage.objects.create(
        invoice=invoice,
        revision=invoice.revisions.get(number=invoice.revision),
        line_key=line.pk if line is not None else None,
        line_description=line.description if line is not None else "",
        side=DisputeMessage.Side.CUSTOMER if by.kind == ActorKind.CUSTOMER else DisputeMessage.Side.STAFF,
        author_name=by.display_name[:200],
        user=by.user,
        text=tidy_text(text),
        ip=by.ip,
        user_agent=by.user_agent,
    )


@transaction.atomic
def dispute(
    invoice: Invoice,
    *,
    revision: int,
    note: str,
    by: Actor,
    line=None,
    customer=None,
) -> DisputeMessage:
    """The customer disputes the current revision (optionally one of its lines) with a note: the
    invoice goes back to staff."""
    errors: dict = {}
    note = clean_text(note, "note", errors, max_length=NOTE_MAX_LENGTH)
    if line is not None and line.invoice_id != invoice.pk:
        errors["line"] = _("Choose a line of this invoice.")
    if errors:
        raise ValidationError(errors)
    locked(invoice)
    _customer_checks(invoice, revision, customer, Event.DISPUTE)
    message = _message(invoice, note, by, line=line)
    invoice.state = State.DISPUTED
    invoice.save(update_fields=["state", "updated_at"])
    entry = _entry(invoice, by, "invoice_disputed", text=note, revision=invoice.revision, message=message.pk)
    signals.invoice_disputed.send(sender=Invoice, invoice=invoice, message=message, entry=entry)
    return message


@transaction.atomic
def reply(invoice: Invoice, *, note: str, by: Actor) -> DisputeMessage:
    """Staff answer in the dispute thread (the invoice stays disputed until they revise it)."""
    errors: dict = {}
    note = clean_text(note, "note", errors, max_length=NOTE_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)
    locked(invoice)
    machine.check(invoice.state, Event.REPLY)
    message = _message(invoice, note, by)
    invoice.save(update_fields=["updated_at"])
    entry = _entry(invoice, by, "invoice_dispute_reply", text=note, message=message.pk)
    signals.invoice_dispute_reply.send(sender=Invoice, invoice=invoice, message=message, entry=entry)
    return message


@transaction.atomic
def revise(invoice: Invoice, *, by: Actor) -> Invoice:
    """Staff take a submitted or disputed invoice back to draft to change it; the customer's current
    revision is withdrawn (submitting again makes the next one)."""
    locked(invoice)
    machine.check(invoice.state, Event.REVISE)
    invoice.state = State.DRAFT
    invoice.save(update_fields=["state", "updated_at"])
    entry = _entry(invoice, by, "invoice_revised", revision=invoice.revision)
    signals.invoice_revised.send(sender=Invoice, invoice=invoice, entry=entry)
    return invoice


@transaction.atomic
def send(invoice: Invoice, *, by: Actor) -> TimelineEntry:
    """Staff send the final document (invoice or credit note) to the customer: listeners (messaging)
    queue the e-mail with the PDF in this transaction."""
    locked(invoice)
    machine.check(invoice.state, Event.SEND)
    entry = _entry(invoice, by, "invoice_sent", number=invoice.number)
    signals.invoice_sent.send(sender=Invoice, invoice=invoice, entry=entry, by=by)
    return entry
