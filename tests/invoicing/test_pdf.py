"""The invoice and credit-note PDFs, read back with pypdf."""

import io

import pypdf
import pytest

from fixloop.documents.invoice_pdf import invoice_filename, render_invoice_pdf
from fixloop.invoicing import services

pytestmark = pytest.mark.django_db


def text_of(invoice) -> str:
    data = render_invoice_pdf(invoice)
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_final_invoice_shows_its_number_lines_vat_and_totals(final_invoice):
    text = text_of(final_invoice)
    assert f"Invoice {final_invoice.number}" in text
    assert "Replace the display" in text
    assert "4711 Part 4711" in text
    assert "Clean the fan" in text
    assert "465.00 EUR" in text  # net
    assert "85.35 EUR" in text  # VAT
    assert "550.35 EUR" in text  # gross
    assert "83.60" in text and "1.75" in text  # VAT per rate
    assert "Draft" not in text


def test_a_draft_is_marked_draft_and_has_no_number(draft):
    text = text_of(draft)
    assert "Invoice (draft)" in text
    assert "Draft" in text
    assert "BER-" not in text
    assert "Invoice number" not in text


def test_a_german_customers_invoice_is_in_german(ready_work_order, customer, staff_actor):
    customer.language = "de"
    customer.save()
    invoice = services.create_draft(ready_work_order, by=staff_actor)
    text = text_of(invoice)
    assert "Entwurf" in text
    assert "550,35 EUR" in text


def test_a_credit_note_names_the_invoice_it_corrects_and_its_negative_totals(final_invoice, staff_actor):
    note = services.credit_note(final_invoice, reason="Billed twice", by=staff_actor)
    text = text_of(note)
    assert f"Credit note {note.number}" in text
    assert final_invoice.number in text
    assert "Billed twice" in text
    assert "-550.35 EUR" in text


def test_customer_text_is_printed_as_written(final_invoice, staff_actor):
    note = services.credit_note(final_invoice, reason='#panic("x") *bold*', by=staff_actor)
    assert '#panic("x") *bold*' in text_of(note)


def test_file_names_carry_the_number_or_say_draft(final_invoice, ready_work_order):
    assert invoice_filename(final_invoice) == f"invoice-{final_invoice.number}.pdf"
    final_invoice.number = None
    assert invoice_filename(final_invoice).startswith(f"invoice-draft-{ready_work_order.number}-")
