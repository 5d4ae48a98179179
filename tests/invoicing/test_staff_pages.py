"""The staff side of invoices: the Invoice section of the work-order page, every action through
its URL, bad input refused with field messages and nothing written, who may do what, the polling
refresh, the PDF download and the e-mail with the PDF through the outbox."""

from decimal import Decimal

import pytest

from fixloop.invoicing import services
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.messaging.models import Message

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def section(work_order) -> str:
    return f"/staff/work-orders/{work_order.number}/invoice/"


def act(client, invoice, path, data=None, htmx=True):
    return client.post(f"/staff/invoices/{invoice.pk}/{path}", data or {}, headers=HTMX if htmx else {})


def line_data(rate, **changes) -> dict:
    return {
        "kind": "other",
        "part_number": "",
        "description": "Disposal fee",
        "quantity": "2",
        "unit_price": "4.99",
        "vat_rate": rate.pk,
        **changes,
    }


# ------------------------------------------------------------------ the section


def test_the_invoice_tab_shows_a_create_button_on_a_ready_work_order(advisor_client, ready_work_order):
    page = advisor_client.get(f"/staff/work-orders/{ready_work_order.number}/?tab=invoice")
    assert page.status_code == 200
    assert 'id="invoice-create-form"' in page.content.decode()


def test_creating_an_invoice_makes_a_draft_with_the_approved_work(advisor_client, ready_work_order):
    response = advisor_client.post(f"{section(ready_work_order)}create/", headers=HTMX)
    assert response.status_code == 200
    invoice = Invoice.objects.get()
    assert invoice.gross == Decimal("550.35")
    assert "Replace the display" in response.content.decode()


def test_creating_an_invoice_without_htmx_goes_back_to_the_invoice_tab(advisor_client, ready_work_order):
    response = advisor_client.post(f"{section(ready_work_order)}create/")
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=invoice")


def test_a_work_order_that_is_not_ready_is_refused_an_invoice(
    advisor_client, approved, work_order, ready_status
):
    response = advisor_client.post(f"{section(work_order)}create/", headers=HTMX)
    assert response.status_code == 422
    assert "Only a work order whose unit is ready" in response.content.decode()
    assert not Invoice.objects.exists()


def test_a_line_is_added_to_the_draft(advisor_client, draft, vat_reduced):
    response = act(advisor_client, draft, "lines/", line_data(vat_reduced))
    assert response.status_code == 200
    assert draft.lines.filter(description="Disposal fee").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", ""),
        ("quantity", "abc"),
        ("quantity", "0"),
        ("quantity", "-1"),
        ("unit_price", "-5"),
        ("unit_price", "1.001"),
        ("kind", "gift"),
        ("vat_rate", "999999"),
    ],
)
def test_a_bad_line_is_refused_with_a_field_message_and_nothing_written(
    advisor_client, draft, vat_reduced, field, value
):
    response = act(advisor_client, draft, "lines/", line_data(vat_reduced, **{field: value}))
    assert response.status_code == 422
    assert 'class="field has-error' in response.content.decode()
    assert draft.lines.count() == 3


def test_a_line_is_changed(advisor_client, draft, vat_standard):
    line = draft.lines.get(description="Part 4711")
    data = line_data(vat_standard, kind="part", description="Part 4711", quantity="2", unit_price="320.00")
    assert act(advisor_client, draft, f"lines/{line.pk}/", data).status_code == 200
    line.refresh_from_db()
    assert line.gross == Decimal("761.60")


def test_a_line_is_removed(advisor_client, draft):
    line = draft.lines.get(description="Part 4711")
    assert act(advisor_client, draft, f"lines/{line.pk}/remove/").status_code == 200
    assert not InvoiceLine.objects.filter(pk=line.pk).exists()


def test_a_line_of_another_invoice_is_not_found(advisor_client, draft, final_invoice):
    other = Invoice.objects.create(
        work_order=draft.work_order,
        customer=draft.customer,
        location=draft.location,
        language="en",
        currency="EUR",
        state=Invoice.State.CANCELLED,
    )
    line = draft.lines.first()
    assert act(advisor_client, other, f"lines/{line.pk}/remove/").status_code == 404


def test_finalising_gives_the_number(advisor_client, draft):
    response = act(advisor_client, draft, "finalise/")
    draft.refresh_from_db()
    assert response.status_code == 200
    assert draft.number in response.content.decode()


def test_finalising_twice_tells_the_second_clerk_and_changes_nothing(advisor_client, final_invoice):
    response = act(advisor_client, final_invoice, "finalise/")
    assert response.status_code == 422
    assert "final" in response.content.decode()
    assert Invoice.objects.get(pk=final_invoice.pk).number == final_invoice.number


def test_a_final_invoices_line_cannot_be_changed(advisor_client, final_invoice, vat_standard):
    line = final_invoice.lines.first()
    response = act(advisor_client, final_invoice, f"lines/{line.pk}/", line_data(vat_standard))
    assert response.status_code == 422
    line.refresh_from_db()
    assert line.description == "Replace the display"


def test_submitting_to_an_authorising_customer(advisor_client, draft, authorising_customer):
    page = advisor_client.get(f"/staff/work-orders/{draft.work_order.number}/?tab=invoice").content.decode()
    assert "Submit to the customer for authorisation" in page
    assert act(advisor_client, draft, "submit/").status_code == 200
    draft.refresh_from_db()
    assert draft.state == Invoice.State.SUBMITTED


def test_the_customers_dispute_shows_with_a_reply_form(advisor_client, submitted, customer_actor):
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    page = advisor_client.get(section(submitted.work_order), headers=HTMX).content.decode()
    assert "Too many hours" in page
    assert f'id="invoice-{submitted.pk}-reply"' in page


def test_staff_reply_to_a_dispute(advisor_client, submitted, customer_actor):
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    assert act(advisor_client, submitted, "reply/", {"note": "We checked the clock."}).status_code == 200
    assert submitted.dispute_messages.filter(side="staff").get().text == "We checked the clock."


def test_an_empty_reply_is_refused(advisor_client, submitted, customer_actor):
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    assert act(advisor_client, submitted, "reply/", {"note": "  "}).status_code == 422
    assert submitted.dispute_messages.count() == 1


def test_revising_takes_the_invoice_back_to_draft(advisor_client, submitted):
    assert act(advisor_client, submitted, "revise/").status_code == 200
    submitted.refresh_from_db()
    assert submitted.state == Invoice.State.DRAFT


def test_the_customers_authorisation_shows_with_name_and_address(advisor_client, submitted, customer_actor):
    services.authorise(submitted, revision=1, signed_name="Anna Becker", ticked=True, by=customer_actor)
    page = advisor_client.get(section(submitted.work_order), headers=HTMX).content.decode()
    assert "Anna Becker" in page
    assert customer_actor.ip in page


def test_cancelling_a_draft(advisor_client, draft):
    assert act(advisor_client, draft, "cancel/").status_code == 200
    draft.refresh_from_db()
    assert draft.state == Invoice.State.CANCELLED


# ------------------------------------------------------------------ polling


def test_the_poll_answers_204_while_nothing_changed(advisor_client, submitted):
    page = advisor_client.get(section(submitted.work_order), headers=HTMX).content.decode()
    stamp = page.split('data-stamp="')[1].split('"')[0]
    assert advisor_client.get(f"{section(submitted.work_order)}?stamp={stamp}").status_code == 204


def test_the_poll_brings_the_customers_answer(advisor_client, submitted, customer_actor):
    page = advisor_client.get(section(submitted.work_order), headers=HTMX).content.decode()
    stamp = page.split('data-stamp="')[1].split('"')[0]
    services.dispute(submitted, revision=1, note="Too many hours", by=customer_actor)
    response = advisor_client.get(f"{section(submitted.work_order)}?stamp={stamp}", headers=HTMX)
    assert response.status_code == 200
    assert "Too many hours" in response.content.decode()


# ------------------------------------------------------------------ credit notes


def test_a_full_credit_note_from_the_page(advisor_client, final_invoice):
    response = act(
        advisor_client, final_invoice, "credit-note/", {"reason": "Wrong customer", "scope": "all"}
    )
    assert response.status_code == 200
    assert final_invoice.credit_notes.get().gross == Decimal("-550.35")


def test_a_credit_note_of_chosen_lines(advisor_client, final_invoice):
    part = final_invoice.lines.get(description="Part 4711")
    data = {"reason": "Returned", "scope": "lines", "lines": [part.pk]}
    assert act(advisor_client, final_invoice, "credit-note/", data).status_code == 200
    assert final_invoice.credit_notes.get().gross == Decimal("-380.80")


def test_a_credit_note_of_an_amount(advisor_client, final_invoice, vat_standard):
    data = {"reason": "Goodwill", "scope": "amount", "amount": "10.00", "vat_rate": vat_standard.pk}
    assert act(advisor_client, final_invoice, "credit-note/", data).status_code == 200
    assert final_invoice.credit_notes.get().gross == Decimal("-11.90")


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "", "scope": "all"},
        {"reason": "x", "scope": "lines"},
        {"reason": "x", "scope": "amount", "amount": ""},
        {"reason": "x", "scope": "amount", "amount": "abc"},
        {"reason": "x", "scope": "amount", "amount": "100000", "vat_rate": ""},
        {"reason": "x", "scope": "everything"},
    ],
)
def test_a_bad_credit_note_is_refused_and_nothing_written(advisor_client, final_invoice, data):
    assert act(advisor_client, final_invoice, "credit-note/", data).status_code == 422
    assert not final_invoice.credit_notes.exists()


def test_crediting_more_than_the_invoice_is_refused(advisor_client, final_invoice, vat_standard):
    data = {"reason": "x", "scope": "amount", "amount": "1000.00", "vat_rate": vat_standard.pk}
    response = act(advisor_client, final_invoice, "credit-note/", data)
    assert response.status_code == 422
    assert "more than what is left" in response.content.decode()


# ------------------------------------------------------------------ PDF and sending


def test_the_pdf_downloads(advisor_client, final_invoice):
    response = advisor_client.get(f"/staff/invoices/{final_invoice.pk}/document.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"invoice-{final_invoice.number}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_sending_queues_an_email_with_the_pdf_in_the_customers_language(
    advisor_client, final_invoice, customer
):
    assert act(advisor_client, final_invoice, "send/").status_code == 200
    message = Message.objects.get(kind="invoice.sent")
    assert message.channel == "email"
    assert message.language == customer.language
    assert final_invoice.number in message.subject
    assert message.attachments.get().filename == f"invoice-{final_invoice.number}.pdf"


def test_a_credit_note_is_sent_as_a_credit_note(advisor_client, final_invoice, staff_actor):
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    assert act(advisor_client, note, "send/").status_code == 200
    message = Message.objects.get(kind="credit_note.sent")
    assert final_invoice.number in message.subject


def test_a_draft_cannot_be_sent(advisor_client, draft):
    assert act(advisor_client, draft, "send/").status_code == 422
    assert not Message.objects.filter(kind="invoice.sent").exists()


# ------------------------------------------------------------------ who may


def test_technicians_see_no_invoice_tab(technician_client, ready_work_order):
    page = technician_client.get(f"/staff/work-orders/{ready_work_order.number}/").content.decode()
    assert 'data-tab="invoice"' not in page


def test_technicians_asking_for_the_invoice_tab_get_the_overview_without_prices(
    technician_client, final_invoice
):
    page = technician_client.get(f"/staff/work-orders/{final_invoice.work_order.number}/?tab=invoice")
    assert page.status_code == 200
    assert "550.35" not in page.content.decode()
    assert 'id="invoice-area"' not in page.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/staff/invoices/", "/staff/invoices/report/", "document.pdf", "section"],
)
def test_technicians_cannot_open_invoice_pages(technician_client, final_invoice, path):
    if path == "document.pdf":
        path = f"/staff/invoices/{final_invoice.pk}/document.pdf"
    elif path == "section":
        path = section(final_invoice.work_order)
    assert technician_client.get(path).status_code == 403


@pytest.mark.parametrize("action", ["finalise/", "cancel/", "submit/", "revise/", "send/", "lines/"])
def test_technicians_cannot_act_on_invoices(technician_client, draft, action):
    assert act(technician_client, draft, action).status_code == 403
    draft.refresh_from_db()
    assert draft.state == Invoice.State.DRAFT


def test_technicians_cannot_create_invoices(technician_client, ready_work_order):
    assert technician_client.post(f"{section(ready_work_order)}create/").status_code == 403
    assert not Invoice.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, final_invoice):
    response = client.get("/staff/invoices/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_the_customer_page_switch_for_authorisation_is_editable(advisor_client, customer):
    page = advisor_client.get(f"/staff/customers/{customer.number}/edit/").content.decode()
    assert 'name="invoices_need_authorisation"' in page


# ------------------------------------------------------------------ the timeline


def test_the_timeline_tells_each_invoice_step(advisor_client, submitted, customer_actor):
    services.authorise(submitted, revision=1, signed_name="Anna Becker", ticked=True, by=customer_actor)
    submitted.refresh_from_db()
    page = advisor_client.get(
        f"/staff/work-orders/{submitted.work_order.number}/?tab=timeline"
    ).content.decode()
    assert "Invoice draft made from the approved work." in page
    assert "Invoice submitted to the customer for authorisation (revision 1): 550.35 EUR." in page
    assert f"Invoice {submitted.number} is final: 550.35 EUR." in page
    assert "The customer authorised revision 1 of the invoice online: Anna Becker." in page


def test_technicians_read_no_amounts_or_notes_of_invoices_on_the_timeline(
    technician_client, final_invoice, staff_actor, vat_standard
):
    services.credit_note(
        final_invoice,
        reason="Goodwill, agreed by phone",
        amount=Decimal("10.00"),
        vat_rate=vat_standard,
        by=staff_actor,
    )
    page = technician_client.get(
        f"/staff/work-orders/{final_invoice.work_order.number}/?tab=timeline"
    ).content.decode()
    assert "11.90" not in page
    assert "Goodwill" not in page
    assert "Invoice" in page


@pytest.mark.parametrize("tab", ["?tab=timeline", "timeline/"])
def test_technicians_read_the_invoice_timeline_without_amounts(
    technician_client, submitted, customer_actor, tab
):
    services.authorise(submitted, revision=1, signed_name="Anna Becker", ticked=True, by=customer_actor)
    page = technician_client.get(f"/staff/work-orders/{submitted.work_order.number}/{tab}").content.decode()
    assert "Invoice" in page
    assert "550.35" not in page and "550,35" not in page


def test_invoice_timeline_sentences_without_price_rights_name_no_amount(submitted, customer_actor):
    from fixloop.backoffice.timeline import describe
    from fixloop.repairs.models import TimelineEntry

    services.authorise(submitted, revision=1, signed_name="Anna Becker", ticked=True, by=customer_actor)
    submitted.refresh_from_db()
    entries = submitted.work_order.timeline.filter(kind=TimelineEntry.Kind.INVOICE)
    sentences = {entry.data["event"]: describe(entry, prices=False) for entry in entries}
    assert (
        sentences["invoice_submitted"] == "Invoice submitted to the customer for authorisation (revision 1)."
    )
    assert sentences["invoice_finalised"] == f"Invoice {submitted.number} is final."
    assert all("550" not in sentence for sentence in sentences.values())
    finalised = entries.get(data__event="invoice_finalised")
    assert describe(finalised, prices=True) == f"Invoice {submitted.number} is final: 550.35 EUR."
