"""The customer's invoice page behind its authorisation link and in the signed-in portal: the
invoice (lines, VAT per rate, totals) in the customer's language, the draft and final PDF, authorise
(typed name, tick; address and browser recorded) which makes it final, dispute a line with a note,
the dispute thread, and refusals of an old revision or an invoice being revised (409, nothing
changes)."""

import io

import pypdf
import pytest
from django.urls import reverse

from fixloop.invoicing import services
from fixloop.invoicing.models import Authorisation, DisputeMessage, Invoice
from tests.factories import BROWSER, CUSTOMER_IP

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def answer_state(invoice) -> tuple:
    invoice.refresh_from_db()
    return (invoice.state, invoice.number, Authorisation.objects.count(), DisputeMessage.objects.count())


def authorise_data(invoice, **changes) -> dict:
    return {"revision": str(invoice.revision), "signed_name": "Anna Becker", "authorised": "on", **changes}


@pytest.fixture
def link_client(customer_client):
    return customer_client


def test_the_link_shows_the_lines_vat_per_rate_and_totals(link_client, invoice_link_path, submitted_invoice):
    response = link_client.get(invoice_link_path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Replace the display" in page and "Clean the fan" in page
    assert "VAT 19 % on" in page and "VAT 7 % on" in page
    assert "465.00 EUR" in page and "85.35 EUR" in page and "550.35 EUR" in page
    assert 'id="authorise-form"' in page and 'id="dispute-form"' in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_page_is_in_the_customers_language(link_client, invoice_link_path, customer):
    customer.language = "de"
    customer.save(update_fields=["language"])
    response = link_client.get(invoice_link_path)
    page = response.content.decode()
    assert response["Content-Language"] == "de"
    assert "Rechnung freigeben" in page
    assert "550,35 EUR" in page


def test_the_draft_pdf_downloads_without_a_number(link_client, invoice_link_path, submitted_invoice):
    response = link_client.get(f"{invoice_link_path}invoice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Draft" in text and "Replace the display" in text
    assert "Invoice number" not in text


def test_authorising_makes_the_invoice_final_and_records_name_address_and_browser(
    link_client, invoice_link_path, submitted_invoice
):
    response = link_client.post(f"{invoice_link_path}authorise/", authorise_data(submitted_invoice))
    assert response.status_code == 303
    assert response["Location"] == f"{invoice_link_path}?done=authorised#answer-recorded"
    submitted_invoice.refresh_from_db()
    assert submitted_invoice.state == Invoice.State.FINAL and submitted_invoice.number
    authorisation = Authorisation.objects.get()
    assert (authorisation.signed_name, authorisation.ip, authorisation.user_agent) == (
        "Anna Becker",
        CUSTOMER_IP,
        BROWSER,
    )
    assert authorisation.revision.number == 1


def test_after_authorising_the_final_pdf_with_its_number_downloads(
    link_client, invoice_link_path, submitted_invoice
):
    link_client.post(f"{invoice_link_path}authorise/", authorise_data(submitted_invoice))
    submitted_invoice.refresh_from_db()
    page = link_client.get(f"{invoice_link_path}?done=authorised").content.decode()
    assert "you have authorised the invoice" in page and submitted_invoice.number in page
    response = link_client.get(f"{invoice_link_path}invoice.pdf")
    text = pdf_text(response.content)
    assert submitted_invoice.number in text
    assert "Replace the display" in text and "550.35" in text
    assert "Draft" not in text


def test_authorising_without_the_tick_is_a_field_error_and_changes_nothing(
    link_client, invoice_link_path, submitted_invoice
):
    before = answer_state(submitted_invoice)
    response = link_client.post(
        f"{invoice_link_path}authorise/", authorise_data(submitted_invoice, authorised="")
    )
    assert response.status_code == 422
    assert "Tick the box to authorise the invoice." in response.content.decode()
    assert answer_state(submitted_invoice) == before


def test_authorising_without_a_name_is_a_field_error(link_client, invoice_link_path, submitted_invoice):
    before = answer_state(submitted_invoice)
    response = link_client.post(
        f"{invoice_link_path}authorise/", authorise_data(submitted_invoice, signed_name="")
    )
    assert response.status_code == 422
    assert answer_state(submitted_invoice) == before


def test_disputing_a_line_returns_the_invoice_to_staff_with_the_note(
    link_client, invoice_link_path, submitted_invoice
):
    line = submitted_invoice.lines.get(description="Clean the fan")
    response = link_client.post(
        f"{invoice_link_path}dispute/",
        {"revision": "1", "line": str(line.pk), "note": "The fan was not cleaned."},
    )
    assert response.status_code == 303
    submitted_invoice.refresh_from_db()
    assert submitted_invoice.state == Invoice.State.DISPUTED
    message = DisputeMessage.objects.get()
    assert (message.line_key, message.line_description, message.text) == (
        line.pk,
        "Clean the fan",
        "The fan was not cleaned.",
    )
    assert (message.side, message.ip, message.user_agent) == ("customer", CUSTOMER_IP, BROWSER)


def test_a_dispute_without_a_note_is_a_field_error_and_changes_nothing(
    link_client, invoice_link_path, submitted_invoice
):
    before = answer_state(submitted_invoice)
    response = link_client.post(f"{invoice_link_path}dispute/", {"revision": "1", "line": "", "note": " "})
    assert response.status_code == 422
    assert answer_state(submitted_invoice) == before


def test_a_dispute_of_another_invoices_line_is_a_field_error(
    link_client, invoice_link_path, submitted_invoice, other_submitted_invoice
):
    before = answer_state(submitted_invoice)
    others_line = other_submitted_invoice.lines.first()
    response = link_client.post(
        f"{invoice_link_path}dispute/", {"revision": "1", "line": str(others_line.pk), "note": "No."}
    )
    assert response.status_code == 422
    assert answer_state(submitted_invoice) == before


def test_the_dispute_thread_shows_the_customers_note_and_the_shops_reply_inert(
    link_client, invoice_link_path, submitted_invoice, staff_actor
):
    link_client.post(f"{invoice_link_path}dispute/", {"revision": "1", "line": "", "note": HOSTILE})
    services.reply(submitted_invoice, note="We cleaned it on Monday.", by=staff_actor)
    page = link_client.get(invoice_link_path).content.decode()
    assert "We cleaned it on Monday." in page
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'id="authorise-form"' not in page


def test_an_answer_to_an_old_revision_is_refused_and_changes_nothing(
    link_client, invoice_link_path, submitted_invoice, staff_actor
):
    services.revise(submitted_invoice, by=staff_actor)
    services.submit(submitted_invoice, by=staff_actor)
    before = answer_state(submitted_invoice)
    response = link_client.post(
        f"{invoice_link_path}authorise/", authorise_data(submitted_invoice, revision="1")
    )
    assert response.status_code == 409
    assert "The invoice has changed since you opened it" in response.content.decode()
    assert answer_state(submitted_invoice) == before


def test_an_invoice_being_revised_says_so_and_cannot_be_answered(
    link_client, invoice_link_path, submitted_invoice, staff_actor
):
    services.revise(submitted_invoice, by=staff_actor)
    page = link_client.get(invoice_link_path)
    assert page.status_code == 200
    assert "The shop is revising this invoice" in page.content.decode()
    assert "Replace the display" not in page.content.decode()
    before = answer_state(submitted_invoice)
    response = link_client.post(f"{invoice_link_path}authorise/", authorise_data(submitted_invoice))
    assert response.status_code == 409
    assert answer_state(submitted_invoice) == before
    assert link_client.get(f"{invoice_link_path}invoice.pdf").status_code == 409


def test_an_answer_to_an_authorised_invoice_is_refused(link_client, invoice_link_path, submitted_invoice):
    link_client.post(f"{invoice_link_path}authorise/", authorise_data(submitted_invoice))
    before = answer_state(submitted_invoice)
    response = link_client.post(
        f"{invoice_link_path}dispute/", {"revision": "1", "line": "", "note": "Too late?"}
    )
    assert response.status_code == 409
    assert "This invoice is already final." in response.content.decode()
    assert answer_state(submitted_invoice) == before


# ----------------------------------------------------------------------------- signed in


def test_the_signed_in_list_highlights_the_invoices_waiting_for_the_customer(
    portal_client, submitted_invoice, other_submitted_invoice
):
    response = portal_client.get(reverse("portal:invoices"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="invoice-{submitted_invoice.pk}"' in page
    waiting = page.split('id="waiting"')[1].split('id="other-invoices"')[0]
    assert submitted_invoice.work_order.number in waiting
    assert other_submitted_invoice.work_order.number not in page


def test_the_signed_in_list_shows_final_invoices_with_their_number(
    portal_client, submitted_invoice, customer_actor
):
    services.authorise(submitted_invoice, revision=1, signed_name="Anna", ticked=True, by=customer_actor)
    page = portal_client.get(reverse("portal:invoices")).content.decode()
    others = page.split('id="other-invoices"')[1]
    assert submitted_invoice.number in others
    assert "No invoice is waiting for your authorisation." in page


def test_authorising_signed_in_records_the_person(portal_client, submitted_invoice, portal_user):
    path = reverse("portal:invoice_detail", args=[submitted_invoice.pk])
    response = portal_client.post(f"{path}authorise/", authorise_data(submitted_invoice))
    assert response.status_code == 303
    authorisation = Authorisation.objects.get()
    assert (authorisation.user, authorisation.ip) == (portal_user, CUSTOMER_IP)
    final = portal_client.get(f"{path}invoice.pdf")
    submitted_invoice.refresh_from_db()
    assert submitted_invoice.number in pdf_text(final.content)


def test_a_draft_the_customer_never_saw_is_not_in_the_portal(portal_client, submitted_invoice, staff_actor):
    services.revise(submitted_invoice, by=staff_actor)
    services.cancel(submitted_invoice, by=staff_actor)
    path = reverse("portal:invoice_detail", args=[submitted_invoice.pk])
    assert portal_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"revision": "1", "line": "", "note": "a\x00b"},
        {"revision": "1", "line": "99999999999999999999", "note": "Which line?"},
        {"revision": "1", "line": "", "note": "x" * 5000},
    ],
    ids=["nul-byte", "unknown-line", "too-long"],
)
def test_a_bad_dispute_is_a_field_error_and_changes_nothing(
    link_client, invoice_link_path, submitted_invoice, data
):
    before = answer_state(submitted_invoice)
    response = link_client.post(f"{invoice_link_path}dispute/", data)
    assert response.status_code == 422
    assert answer_state(submitted_invoice) == before


def test_a_garbled_revision_is_refused_as_an_old_page(link_client, invoice_link_path, submitted_invoice):
    before = answer_state(submitted_invoice)
    response = link_client.post(
        f"{invoice_link_path}authorise/", authorise_data(submitted_invoice, revision="1e3")
    )
    assert response.status_code == 409
    assert answer_state(submitted_invoice) == before


def test_an_oversized_answer_is_refused_before_it_is_read(link_client, invoice_link_path, submitted_invoice):
    before = answer_state(submitted_invoice)
    response = link_client.post(
        f"{invoice_link_path}dispute/", {"revision": "1", "note": "x" * 70_000, "line": ""}
    )
    assert response.status_code == 413
    assert answer_state(submitted_invoice) == before
