"""The "please authorise the invoice" message: when staff submit an invoice to a customer account
that authorises its invoices (invoicing.signals.invoice_submitted), the customer gets the secret
link to the invoice's page and, by e-mail or fax, the draft as a PDF; by text message (their
preferred channel, with consent) the link alone.

The receiver runs in the transaction of the submission: a rolled-back submit sends nothing. It is a
message staff asked for by submitting, so the region's client-notification rules do not apply; the
customer's channel, language (the invoice's) and opt-outs do. Each revision is announced once (the
dedupe key); a revised invoice submitted again is announced again, with the same link while it
runs. Before it goes out, purposes.py checks the revision is still the one waiting for the
customer. A text message that would go out between 21:00 and 08:00 waits for the morning.
"""

import logging

from django.utils import timezone, translation

from fixloop.core.actor import Actor
from fixloop.core.formats import money_text
from fixloop.documents.invoice_pdf import invoice_filename, render_invoice_pdf
from fixloop.documents.pdf import PDF_TYPE, DocumentError
from fixloop.invoicing import signals
from fixloop.invoicing.models import Invoice, InvoiceRevision
from fixloop.messaging import services
from fixloop.messaging.estimates import channel_for
from fixloop.messaging.models import Channel, Message, RegionNotifications
from fixloop.messaging.notifications import daytime
from fixloop.portal import invoice_links

logger = logging.getLogger(__name__)

KIND = "invoice.authorisation_requested"


def connect() -> None:
    """Listen to the invoicing signals (called once from MessagingConfig.ready)."""
    signals.invoice_submitted.connect(
        on_invoice_submitted, dispatch_uid="fixloop.messaging.invoice_requests.on_invoice_submitted"
    )


def on_invoice_submitted(sender, invoice, revision, entry, **kwargs):
    by = Actor.staff_user(entry.user) if entry.user is not None else Actor.system("messaging")
    request_authorisation(invoice, revision, by=by)


def request_authorisation(invoice: Invoice, revision: InvoiceRevision, *, by: Actor) -> Message:
    """Queue the message asking the customer to authorise this revision of the invoice."""
    customer = invoice.customer
    work_order = invoice.work_order
    channel = channel_for(customer)
    with translation.override(invoice.language):
        context = {
            "invoice_link": invoice_links.url_for_message(invoice, by=by),
            "invoice_total": f"{money_text(revision.gross)} {invoice.currency}",
            "invoice_revision": str(revision.number),
        }
    attachments = []
    if channel in (Channel.EMAIL, Channel.FAX):
        try:
            attachments.append((invoice_filename(invoice), PDF_TYPE, render_invoice_pdf(invoice)))
        except DocumentError:  # the customer can still answer through the link
            logger.exception("The draft PDF of invoice %s could not be rendered", invoice.pk)
    region_settings = (
        RegionNotifications.objects.filter(region_id=customer.region_id).first()
        if customer.region_id
        else None
    )
    reply_to = (region_settings.reply_to if region_settings is not None else "") or invoice.location.email
    return services.queue_message(
        KIND,
        channel=channel,
        customer=customer,
        work_order=work_order,
        language=invoice.language,
        context=context,
        dedupe_key=f"{KIND}:{revision.pk}",
        purpose=revision,
        attachments=attachments,
        reply_to=reply_to,
        send_after=daytime(timezone.now(), work_order.location.zone) if channel == Channel.SMS else None,
        created_by=by.user,
    )
