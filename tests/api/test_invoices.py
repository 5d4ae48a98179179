"""Invoices over the API: listing and reading invoices and credit notes, the PDF, a draft from a
ready work order and its lines, submitting or finalising, taking back to draft, replying in a
dispute, credit notes and sending — with the scopes, 404s, idempotent creates, field-naming
problems, every refused step a 4xx with the back office's sentence, and the same timeline entries
and messages as the back office's invoice section.

The approved work of tests/estimates/fixtures.py's estimate: net 465.00, VAT 85.35, gross 550.35."""

import io
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone

from fixloop.estimates import services as estimates
from fixloop.estimates.models import Decision
from fixloop.invoicing import services
from fixloop.invoicing.models import DisputeMessage, Invoice, InvoiceLine
from fixloop.messaging.models import Message
from fixloop.repairs import services as repairs
from fixloop.repairs.models import TimelineEntry
from fixloop.shop.models import VatRate
from tests.estimates.fixtures import add_job, decide_all
from tests.invoicing import conftest as invoicing

pytestmark = pytest.mark.django_db

ready_status = invoicing.ready_status
approved = invoicing.approved
ready_work_order = invoicing.ready_work_order
draft = invoicing.draft
final_invoice = invoicing.final_invoice
authorising_customer = invoicing.authorising_customer
submitted = invoicing.submitted

LINE = {"kind": "other", "description": "Disposal fee", "quantity": "2", "unit_price": "4.99"}


def line_body(**changes) -> dict:
    return {**LINE, **changes}


def counts() -> tuple:
    return (
        Invoice.objects.count(),
        InvoiceLine.objects.count(),
        DisputeMessage.objects.count(),
        TimelineEntry.objects.filter(kind=TimelineEntry.Kind.INVOICE).count(),
        Message.objects.count(),
    )


@pytest.fixture
def disputed(submitted, customer_actor):
    services.dispute(
        submitted, revision=submitted.revision, note="The fan was clean already.", by=customer_actor
    )
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def other_location_rate(db):
    from tests.factories import LocationFactory

    return VatRate.objects.create(location=LocationFactory(), label="Elsewhere", rate=Decimal("20.00"))


# ------------------------------------------------------------------ scopes and 404


def test_a_read_token_lists_invoices(api_for, draft):
    response = api_for(["invoices:read"]).get("/invoices")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [draft.pk]


def test_a_read_token_cannot_make_a_draft(api_for, ready_work_order):
    response = api_for(["invoices:read"]).post("/invoices", {"work_order_id": ready_work_order.pk})
    assert response.status_code == 403
    assert "invoices:write" in response.json()["detail"]
    assert not Invoice.objects.exists()


def test_a_token_without_the_invoices_scope_is_refused(api_for, draft):
    client = api_for(["estimates:read", "estimates:write", "work_orders:read"])
    assert client.get("/invoices").status_code == 403
    assert client.get(f"/invoices/{draft.pk}").status_code == 403
    assert client.get(f"/invoices/{draft.pk}/pdf").status_code == 403


def test_a_write_only_token_cannot_read(api_for, draft):
    assert api_for(["invoices:write"]).get(f"/invoices/{draft.pk}").status_code == 403


def test_an_unknown_invoice_is_404(api):
    assert api.get("/invoices/999999").status_code == 404
    assert api.get("/invoices/999999/pdf").status_code == 404
    assert api.post("/invoices/999999/finalise").status_code == 404


def test_an_unknown_line_is_404(api, draft):
    assert api.patch(f"/invoices/{draft.pk}/lines/999999", {"quantity": "1"}).status_code == 404
    assert api.send("DELETE", f"/invoices/{draft.pk}/lines/999999").status_code == 404


def test_a_line_of_another_invoice_is_404(api, final_invoice, staff_actor, ready_status, customer_actor):
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    line = note.lines.first()
    response = api.patch(f"/invoices/{final_invoice.pk}/lines/{line.pk}", {"quantity": "1"})
    assert response.status_code == 404


# ------------------------------------------------------------------ reading


def test_an_invoice_is_read_with_lines_vat_per_rate_and_totals(api, draft):
    body = api.get(f"/invoices/{draft.pk}").json()
    assert (body["state"], body["kind"], body["number"]) == ("draft", "invoice", None)
    assert (body["net"], body["vat"], body["gross"]) == ("465.00", "85.35", "550.35")
    assert [line["description"] for line in body["lines"]] == [
        "Replace the display",
        "Part 4711",
        "Clean the fan",
    ]
    assert [(vat["rate"], vat["vat"]) for vat in body["vat_by_rate"]] == [
        ("7.00", "1.75"),
        ("19.00", "83.60"),
    ]
    assert body["needs_authorisation"] is False


def test_the_authorisation_shows_the_signed_name_and_time_but_not_the_address(api, submitted, customer_actor):
    services.authorise(submitted, revision=1, signed_name="Ada Lovelace", ticked=True, by=customer_actor)
    body = api.get(f"/invoices/{submitted.pk}").json()
    assert body["state"] == "final"
    authorisation = body["authorisation"]
    assert (authorisation["signed_name"], authorisation["revision"]) == ("Ada Lovelace", 1)
    assert authorisation["authorised_at"]
    assert set(authorisation) == {"signed_name", "revision", "authorised_at"}


def test_the_revisions_are_listed(api, submitted):
    items = api.get(f"/invoices/{submitted.pk}/revisions").json()["items"]
    assert [(item["number"], item["gross"]) for item in items] == [(1, "550.35")]
    assert items[0]["content"]["lines"]


def test_the_dispute_thread_is_read(api, disputed):
    items = api.get(f"/invoices/{disputed.pk}/dispute-messages").json()["items"]
    assert [(item["side"], item["text"], item["revision"]) for item in items] == [
        ("customer", "The fan was clean already.", 1)
    ]


def test_the_list_filters_by_state_kind_work_order_and_customer(
    api, final_invoice, staff_actor, other_customer
):
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)

    def ids(**params):
        return [item["id"] for item in api.get("/invoices", params).json()["items"]]

    assert ids(kind="credit_note") == [note.pk]
    assert set(ids(state="final")) == {final_invoice.pk, note.pk}
    assert ids(state="draft") == []
    assert set(ids(work_order_id=final_invoice.work_order_id)) == {final_invoice.pk, note.pk}
    assert ids(customer_id=other_customer.pk) == []


def test_the_list_filters_by_updated_since(api, draft):
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert api.get("/invoices", {"updated_since": later}).json()["items"] == []
    earlier = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert len(api.get("/invoices", {"updated_since": earlier}).json()["items"]) == 1


def test_an_unknown_state_filter_is_a_field_error(api, draft):
    response = api.get("/invoices", {"state": "paid"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "state"


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def test_a_final_invoices_pdf_has_its_number(api, final_invoice):
    response = api.get(f"/invoices/{final_invoice.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"invoice-{final_invoice.number}.pdf" in response["Content-Disposition"]
    text = pdf_text(response)
    assert final_invoice.number in text
    assert "Draft" not in text


def test_a_drafts_pdf_is_watermarked(api, draft):
    response = api.get(f"/invoices/{draft.pk}/pdf")
    assert response.status_code == 200
    assert "Draft" in pdf_text(response)


# ------------------------------------------------------------------ the draft


def test_a_draft_is_made_from_a_ready_work_order(api, ready_work_order):
    response = api.post("/invoices", {"work_order_id": ready_work_order.pk})
    assert response.status_code == 201, response.content
    invoice = Invoice.objects.get()
    assert response.json()["id"] == invoice.pk
    assert (invoice.state, invoice.gross) == ("draft", Decimal("550.35"))


def test_making_a_draft_twice_with_one_key_makes_one(api, ready_work_order):
    headers = {"Idempotency-Key": "draft-1"}
    first = api.post("/invoices", {"work_order_id": ready_work_order.pk}, headers=headers)
    again = api.post("/invoices", {"work_order_id": ready_work_order.pk}, headers=headers)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Invoice.objects.count() == 1


def test_a_work_order_that_is_not_ready_is_refused_with_the_reason(api, approved, work_order, ready_status):
    before = counts()
    response = api.post("/invoices", {"work_order_id": work_order.pk})
    assert response.status_code == 409
    assert response.json()["detail"] == "Only a work order whose unit is ready can be invoiced."
    assert counts() == before


def test_a_second_draft_of_a_work_order_is_refused(api, draft):
    response = api.post("/invoices", {"work_order_id": draft.work_order_id})
    assert response.status_code == 409
    assert "already has an invoice in progress" in response.json()["detail"]
    assert Invoice.objects.count() == 1


def test_an_unknown_work_order_is_a_field_error(api):
    response = api.post("/invoices", {"work_order_id": 999999})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "work_order_id"
    assert not Invoice.objects.exists()


def test_a_line_is_added_at_the_locations_default_rate(api, draft, vat_standard):
    response = api.post(f"/invoices/{draft.pk}/lines", line_body())
    assert response.status_code == 201, response.content
    line = InvoiceLine.objects.get(pk=response.json()["id"])
    assert (line.description, line.vat_rate, line.gross) == ("Disposal fee", vat_standard, Decimal("11.88"))
    draft.refresh_from_db()
    assert draft.gross == Decimal("562.23")


def test_adding_a_line_twice_with_one_key_adds_one(api, draft):
    headers = {"Idempotency-Key": "line-1"}
    api.post(f"/invoices/{draft.pk}/lines", line_body(), headers=headers)
    api.post(f"/invoices/{draft.pk}/lines", line_body(), headers=headers)
    assert draft.lines.filter(description="Disposal fee").count() == 1


def test_a_line_key_reused_for_another_body_is_409(api, draft):
    headers = {"Idempotency-Key": "line-1"}
    api.post(f"/invoices/{draft.pk}/lines", line_body(), headers=headers)
    response = api.post(f"/invoices/{draft.pk}/lines", line_body(quantity="3"), headers=headers)
    assert response.status_code == 409
    assert draft.lines.filter(description="Disposal fee").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"unit_price": "-1"}, "unit_price"),
        ({"description": ""}, "description"),
        ({"kind": "fee"}, "kind"),
        ({"quantity": "1.2345"}, "quantity"),
    ],
)
def test_a_bad_line_names_the_field_and_writes_nothing(api, draft, change, field):
    before = counts()
    response = api.post(f"/invoices/{draft.pk}/lines", line_body(**change))
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert counts() == before


def test_a_vat_rate_of_another_location_is_refused(api, draft, other_location_rate):
    before = counts()
    response = api.post(f"/invoices/{draft.pk}/lines", line_body(vat_rate_id=other_location_rate.pk))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["vat_rate_id"]
    assert counts() == before


def test_a_line_is_changed(api, draft, vat_reduced):
    line = draft.lines.get(description="Part 4711")
    response = api.patch(
        f"/invoices/{draft.pk}/lines/{line.pk}", {"unit_price": "300.00", "vat_rate_id": vat_reduced.pk}
    )
    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert (line.unit_price, line.vat_rate, line.gross) == (Decimal("300.00"), vat_reduced, Decimal("321.00"))


def test_a_null_in_a_line_change_is_a_field_error(api, draft):
    line = draft.lines.first()
    response = api.patch(f"/invoices/{draft.pk}/lines/{line.pk}", {"description": None})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "description"


def test_a_line_is_removed(api, draft):
    line = draft.lines.get(description="Part 4711")
    assert api.send("DELETE", f"/invoices/{draft.pk}/lines/{line.pk}").status_code == 204
    assert not InvoiceLine.objects.filter(pk=line.pk).exists()
    draft.refresh_from_db()
    assert draft.gross == Decimal("169.55")


def test_a_final_invoices_lines_cannot_be_changed(api, final_invoice):
    line = final_invoice.lines.first()
    before = counts()
    changed = api.patch(f"/invoices/{final_invoice.pk}/lines/{line.pk}", {"quantity": "9"})
    added = api.post(f"/invoices/{final_invoice.pk}/lines", line_body())
    removed = api.send("DELETE", f"/invoices/{final_invoice.pk}/lines/{line.pk}")
    for response in (changed, added, removed):
        assert response.status_code == 409
        assert "final" in response.json()["detail"]
    assert counts() == before
    line.refresh_from_db()
    assert line.quantity != Decimal("9")


# ------------------------------------------------------------------ steps


def test_finalising_gives_the_number(api, draft):
    response = api.post(f"/invoices/{draft.pk}/finalise")
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (response.json()["state"], response.json()["number"]) == ("final", draft.number)
    assert draft.number


def test_finalising_a_final_invoice_is_refused(api, final_invoice):
    before = counts()
    response = api.post(f"/invoices/{final_invoice.pk}/finalise")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This invoice is final and can no longer be changed: issue a credit note to correct it."
    )
    assert counts() == before


def test_finalising_for_a_customer_who_authorises_is_refused(api, draft, authorising_customer):
    response = api.post(f"/invoices/{draft.pk}/finalise")
    assert response.status_code == 409
    assert response.json()["detail"] == "This customer authorises their invoices: submit it to them instead."
    draft.refresh_from_db()
    assert (draft.state, draft.number) == ("draft", None)


def test_submitting_for_a_customer_who_does_not_authorise_is_refused(api, draft):
    before = counts()
    response = api.post(f"/invoices/{draft.pk}/submit")
    assert response.status_code == 409
    assert response.json()["detail"] == "This customer does not authorise invoices: finalise it instead."
    assert counts() == before


def test_submitting_asks_the_customer(api, draft, authorising_customer):
    response = api.post(f"/invoices/{draft.pk}/submit")
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["revision"]) == ("submitted", 1)
    assert response.json()["needs_authorisation"] is True


def test_a_draft_without_lines_is_refused(api, draft):
    draft.lines.all().delete()
    response = api.post(f"/invoices/{draft.pk}/finalise")
    assert response.status_code == 409
    assert response.json()["detail"] == "Add at least one line first."


def test_revising_takes_a_submitted_invoice_back_to_draft(api, submitted):
    response = api.post(f"/invoices/{submitted.pk}/revise")
    assert response.status_code == 200
    assert response.json()["state"] == "draft"


def test_revising_a_draft_is_refused(api, draft):
    response = api.post(f"/invoices/{draft.pk}/revise")
    assert response.status_code == 409
    assert response.json()["detail"]


def test_replying_in_a_dispute_is_the_shops_side(api, disputed):
    response = api.post(f"/invoices/{disputed.pk}/dispute-messages", {"note": "We cleaned it again."})
    assert response.status_code == 201, response.content
    assert (response.json()["side"], response.json()["author_name"]) == ("staff", "Dealer system")
    disputed.refresh_from_db()
    assert disputed.state == "disputed"


def test_replying_without_a_dispute_is_refused(api, submitted):
    response = api.post(f"/invoices/{submitted.pk}/dispute-messages", {"note": "Hello"})
    assert response.status_code == 409
    assert response.json()["detail"] == "This invoice is not in dispute."
    assert not DisputeMessage.objects.exists()


def test_an_empty_reply_is_a_field_error(api, disputed):
    before = counts()
    response = api.post(f"/invoices/{disputed.pk}/dispute-messages", {"note": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "note"
    assert counts() == before


def test_a_full_credit_note(api, final_invoice):
    response = api.post(f"/invoices/{final_invoice.pk}/credit-notes", {"reason": "Returned"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["state"], body["gross"], body["credits_id"]) == (
        "credit_note",
        "final",
        "-550.35",
        final_invoice.pk,
    )
    assert api.get(f"/invoices/{final_invoice.pk}").json()["credit_note_ids"] == [body["id"]]


def test_a_credit_note_of_chosen_lines(api, final_invoice):
    line = final_invoice.lines.get(description="Clean the fan")
    response = api.post(
        f"/invoices/{final_invoice.pk}/credit-notes", {"reason": "Not needed", "line_ids": [line.pk]}
    )
    assert response.status_code == 201
    assert response.json()["lines"][0]["credited_line_id"] == line.pk


def test_a_credit_note_of_an_amount(api, final_invoice, vat_standard):
    response = api.post(
        f"/invoices/{final_invoice.pk}/credit-notes",
        {"reason": "Goodwill", "amount": "10.00", "vat_rate_id": vat_standard.pk},
    )
    assert response.status_code == 201
    assert response.json()["gross"] == "-11.90"


def test_crediting_more_than_the_invoice_is_a_field_error(api, final_invoice):
    before = counts()
    response = api.post(
        f"/invoices/{final_invoice.pk}/credit-notes", {"reason": "Too much", "amount": "9999.00"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "amount"
    assert counts() == before


def test_a_credit_note_of_a_line_of_another_invoice_is_a_field_error(api, final_invoice):
    response = api.post(f"/invoices/{final_invoice.pk}/credit-notes", {"reason": "x", "line_ids": [999999]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "line_ids"


def test_crediting_a_draft_is_refused(api, draft):
    before = counts()
    response = api.post(f"/invoices/{draft.pk}/credit-notes", {"reason": "Returned"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Only a final invoice can be credited or sent."
    assert counts() == before


def test_crediting_a_credit_note_is_refused(api, final_invoice, staff_actor):
    note = services.credit_note(
        final_invoice, reason="Goodwill", by=staff_actor, lines=[final_invoice.lines.first()]
    )
    response = api.post(f"/invoices/{note.pk}/credit-notes", {"reason": "Again"})
    assert response.status_code == 409
    assert response.json()["detail"] == "A credit note cannot be credited."


def test_issuing_a_credit_note_twice_with_one_key_issues_one(api, final_invoice, vat_standard):
    body = {"reason": "Goodwill", "amount": "10.00", "vat_rate_id": vat_standard.pk}
    headers = {"Idempotency-Key": "credit-1"}
    api.post(f"/invoices/{final_invoice.pk}/credit-notes", body, headers=headers)
    api.post(f"/invoices/{final_invoice.pk}/credit-notes", body, headers=headers)
    assert Invoice.objects.filter(kind="credit_note").count() == 1


def test_sending_queues_the_email_with_the_pdf(api, final_invoice, customer):
    response = api.post(f"/invoices/{final_invoice.pk}/send")
    assert response.status_code == 200, response.content
    message = Message.objects.get(kind="invoice.sent")
    assert (message.channel, message.language) == ("email", customer.language)
    assert message.attachments.get().filename == f"invoice-{final_invoice.number}.pdf"


def test_sending_twice_with_one_key_sends_once(api, final_invoice):
    headers = {"Idempotency-Key": "send-1"}
    api.post(f"/invoices/{final_invoice.pk}/send", headers=headers)
    api.post(f"/invoices/{final_invoice.pk}/send", headers=headers)
    assert Message.objects.filter(kind="invoice.sent").count() == 1


def test_a_draft_cannot_be_sent(api, draft):
    response = api.post(f"/invoices/{draft.pk}/send")
    assert response.status_code == 409
    assert not Message.objects.filter(kind="invoice.sent").exists()


# ------------------------------------------------------------------ the same as the back office


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def ready_pair(shop, customer, location, unit, ready_status, vat_standard, staff_actor, customer_actor):
    """Two work orders of one customer, each with approved work and ready: one for each side."""
    pair = []
    for _side in range(2):
        work_order = repairs.open_work_order(
            customer=customer, location=location, unit=unit, problem_description="No sound.", by=staff_actor
        )
        estimate = estimates.start_estimate(work_order, by=staff_actor)
        add_job(estimate, staff_actor, vat_standard)
        estimates.submit(estimate, by=staff_actor)
        decide_all(estimate, customer_actor, Decision.APPROVED)
        pair.append(invoicing.make_ready(work_order, ready_status, staff_actor))
    return pair


OWN_IDS = ("invoice", "message", "credit_note", "number", "credits")  # each side's own documents


def effects(work_order, after_entry_id):
    entries = TimelineEntry.objects.filter(work_order=work_order, pk__gt=after_entry_id).order_by("pk")
    messages = Message.objects.filter(work_order=work_order).order_by("pk")
    return (
        [
            (
                entry.kind,
                entry.public,
                entry.text,
                {key: "<own>" if key in OWN_IDS and value else value for key, value in entry.data.items()},
            )
            for entry in entries
        ],
        [
            (
                message.kind,
                message.channel,
                message.recipient,
                message.state,
                own(work_order, message.subject),
            )
            for message in messages
        ],
    )


def own(work_order, text: str) -> str:
    """`text` without the work order's and its documents' numbers (each side has its own)."""
    numbers = Invoice.objects.filter(work_order=work_order).values_list("number", flat=True)
    for number in [work_order.number, *numbers]:
        if number:
            text = text.replace(number, "<own>")
    return text


def last_entry(work_order) -> int:
    return TimelineEntry.objects.filter(work_order=work_order).latest("pk").pk


def drafts_of(pair, staff_actor):
    return [services.create_draft(work_order, by=staff_actor) for work_order in pair]


def both(pair, staff_client, api, staff_path, api_path, staff_data=None, api_body=None):
    """The back office acts on the first work order, the API on the second: the same effects."""
    by_staff, by_api = pair
    marks = last_entry(by_staff), last_entry(by_api)
    staff_response = staff_client.post(staff_path, staff_data or {})
    assert staff_response.status_code == 302, staff_response.content
    api_response = api.post(api_path, api_body)
    assert api_response.status_code in (200, 201), api_response.content
    staff_effects, api_effects = effects(by_staff, marks[0]), effects(by_api, marks[1])
    assert staff_effects == api_effects
    assert staff_effects[0], "the action wrote no timeline entry"
    return staff_effects


def test_making_a_draft_is_the_same_as_in_the_back_office(ready_pair, staff_client, api):
    staff, ours = ready_pair
    both(
        ready_pair,
        staff_client,
        api,
        f"/staff/work-orders/{staff.number}/invoice/create/",
        "/invoices",
        api_body={"work_order_id": ours.pk},
    )


def test_finalising_and_sending_are_the_same_as_in_the_back_office(
    ready_pair, staff_client, api, staff_actor
):
    staff, ours = drafts_of(ready_pair, staff_actor)
    both(
        ready_pair,
        staff_client,
        api,
        f"/staff/invoices/{staff.pk}/finalise/",
        f"/invoices/{ours.pk}/finalise",
    )
    _entries, messages = both(
        ready_pair, staff_client, api, f"/staff/invoices/{staff.pk}/send/", f"/invoices/{ours.pk}/send"
    )
    assert "invoice.sent" in [kind for kind, *_ in messages]


def test_submitting_replying_and_revising_are_the_same_as_in_the_back_office(
    ready_pair, staff_client, api, staff_actor, customer_actor, authorising_customer
):
    staff, ours = drafts_of(ready_pair, staff_actor)
    _entries, messages = both(
        ready_pair, staff_client, api, f"/staff/invoices/{staff.pk}/submit/", f"/invoices/{ours.pk}/submit"
    )
    assert messages, "submitting asked nobody"
    for invoice in (staff, ours):
        invoice.refresh_from_db()
        services.dispute(invoice, revision=1, note="Too dear.", by=customer_actor)
    both(
        ready_pair,
        staff_client,
        api,
        f"/staff/invoices/{staff.pk}/reply/",
        f"/invoices/{ours.pk}/dispute-messages",
        {"note": "It is the list price."},
        {"note": "It is the list price."},
    )
    both(ready_pair, staff_client, api, f"/staff/invoices/{staff.pk}/revise/", f"/invoices/{ours.pk}/revise")


def test_a_credit_note_is_the_same_as_in_the_back_office(ready_pair, staff_client, api, staff_actor):
    staff, ours = drafts_of(ready_pair, staff_actor)
    for invoice in (staff, ours):
        services.finalise(invoice, by=staff_actor)
    both(
        ready_pair,
        staff_client,
        api,
        f"/staff/invoices/{staff.pk}/credit-note/",
        f"/invoices/{ours.pk}/credit-notes",
        {"reason": "Returned", "scope": "all"},
        {"reason": "Returned"},
    )


def test_the_entry_names_the_integration(api, draft):
    api.post(f"/invoices/{draft.pk}/finalise")
    entry = TimelineEntry.objects.filter(work_order=draft.work_order, data__event="invoice_finalised").get()
    assert (entry.actor, entry.actor_name, entry.user) == ("integration", "Dealer system", None)
