"""The final invoice or credit note by e-mail, with its PDF, through the outbox."""

import io

import pypdf
import pytest

from fixloop.invoicing import services
from fixloop.messaging import purposes
from fixloop.messaging.models import Message

pytestmark = pytest.mark.django_db


def pdf_text(message) -> str:
    data = message.attachments.get().content
    data = bytes(data) if not isinstance(data, bytes) else data
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_german_customer_gets_a_german_invoice_email(ready_work_order, customer, staff_actor):
    customer.language = "de"
    customer.save()
    invoice = services.finalise(services.create_draft(ready_work_order, by=staff_actor), by=staff_actor)
    services.send(invoice, by=staff_actor)
    message = Message.objects.get(kind="invoice.sent")
    assert message.subject == f"Rechnung {invoice.number} – Auftrag {ready_work_order.number}"
    assert "550,35 EUR" in message.body_text


def test_the_email_carries_the_invoice_pdf(final_invoice, staff_actor):
    services.send(final_invoice, by=staff_actor)
    message = Message.objects.get(kind="invoice.sent")
    assert f"Invoice {final_invoice.number}" in pdf_text(message)


def test_sending_again_queues_a_second_message(final_invoice, staff_actor):
    services.send(final_invoice, by=staff_actor)
    services.send(final_invoice, by=staff_actor)
    assert Message.objects.filter(kind="invoice.sent").count() == 2


def test_an_invoice_email_stays_true_after_a_credit_note(final_invoice, staff_actor):
    services.send(final_invoice, by=staff_actor)
    services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    assert purposes.stale_reason(Message.objects.get(kind="invoice.sent")) == ""


def test_a_credit_note_email_names_the_invoice_it_corrects(final_invoice, staff_actor):
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    services.send(note, by=staff_actor)
    message = Message.objects.get(kind="credit_note.sent")
    assert final_invoice.number in message.subject
    assert "-550.35 EUR" in message.body_text
