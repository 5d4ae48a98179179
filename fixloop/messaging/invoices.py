"""Sending a final invoice or credit note: when staff send it (invoicing.signals.invoice_sent), the
customer gets an e-mail in the document's language with the PDF attached, through the outbox.

The receiver runs in the transaction of the send: a rolled-back send queues nothing. It is a message
staff asked for, so the region's client-notification rules do not apply; opt-outs and a missing
address do (the message is then suppressed with the reason, as any other). Each send is one message
(the dedupe key is the timeline entry of the send), so staff can send a document again. The
messages that ask a customer to authorise a submitted invoice are not sent from here.
"""

from django.utils import translation

from fixloop.core.formats import date_text, money_text
from fixloop.documents.invoice_pdf import invoice_filename, render_invoice_pdf
from fixloop.documents.pdf import PDF_TYPE
from fixloop.invoicing import signals
from fixloop.invoicing.models import Invoice
from fixloop.messaging import services
from fixloop.messaging.models import Channel, Message, RegionNotifications

INVOICE_KIND = "invoice.sent"
CREDIT_NOTE_KIND = "credit_note.sent"


def connect() -> None:
    """Listen to the invoicing signals (called once from MessagingConfig.ready)."""
    signals.invoice_sent.connect(on_invoice_sent, dispatch_uid="fixloop.messaging.invoices.on_invoice_sent")


def on_invoice_sent(sender, invoice, entry, by, **kwargs):
    send_invoice(invoice, dedupe=str(entry.pk), by=by)


def send_invoice(invoice: Invoice, *, dedupe: str, by) -> Message:
    """Queue the e-mail with the document's PDF to its customer."""
    customer = invoice.customer
    work_order = invoice.work_order
    with translation.override(invoice.language):
        context = {
            "invoice_number": invoice.number,
            "invoice_date": date_text(invoice.issue_date),
            "invoice_total": f"{money_text(invoice.gross)} {invoice.currency}",
            "credited_invoice": invoice.credits.number if invoice.is_credit_note else "",
        }
    region_settings = (
        RegionNotifications.objects.filter(region_id=customer.region_id).first()
        if customer.region_id
        else None
    )
    reply_to = (region_settings.reply_to if region_settings is not None else "") or invoice.location.email
    kind = CREDIT_NOTE_KIND if invoice.is_credit_note else INVOICE_KIND
    return services.queue_message(
        kind,
        channel=Channel.EMAIL,
        customer=customer,
        work_order=work_order,
        language=invoice.language,
        context=context,
        dedupe_key=f"{kind}:{invoice.pk}:{dedupe}",
        purpose=invoice,
        attachments=[(invoice_filename(invoice), PDF_TYPE, render_invoice_pdf(invoice))],
        reply_to=reply_to,
        created_by=by.user,
    )
