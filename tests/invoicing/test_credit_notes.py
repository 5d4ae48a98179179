"""Credit notes: the only correction of a final invoice."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fixloop.invoicing import services, signals
from fixloop.invoicing.models import Invoice

pytestmark = pytest.mark.django_db


def test_a_full_credit_note_negates_every_line(final_invoice, staff_actor):
    note = services.credit_note(final_invoice, reason="Billed to the wrong customer", by=staff_actor)
    assert (note.net, note.vat, note.gross) == (Decimal("-465.00"), Decimal("-85.35"), Decimal("-550.35"))
    assert [line.gross for line in note.lines.all()] == [-line.gross for line in final_invoice.lines.all()]


def test_a_credit_note_is_final_numbered_in_its_own_series_and_references_the_invoice(
    final_invoice, staff_actor
):
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    assert note.kind == Invoice.Kind.CREDIT_NOTE
    assert note.state == Invoice.State.FINAL
    assert note.credits == final_invoice
    assert note.number == f"BER-CN-{note.issue_date.year}-000001"


def test_credit_note_is_announced_and_recorded(final_invoice, staff_actor, capture_signal):
    calls = capture_signal(signals.credit_note_issued)
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    assert calls[0]["credit_note"] == note
    assert calls[0]["invoice"] == final_invoice
    entry = final_invoice.work_order.timeline.filter(data__event="credit_note_issued").get()
    assert entry.data["credits"] == final_invoice.number


def test_chosen_lines_are_credited_in_full(final_invoice, staff_actor):
    part = final_invoice.lines.get(description="Part 4711")
    note = services.credit_note(final_invoice, reason="Part returned", lines=[part], by=staff_actor)
    assert note.gross == Decimal("-380.80")
    assert services.credited_line_ids(final_invoice) == {part.pk}


def test_a_line_cannot_be_credited_twice(final_invoice, staff_actor):
    part = final_invoice.lines.get(description="Part 4711")
    services.credit_note(final_invoice, reason="Part returned", lines=[part], by=staff_actor)
    with pytest.raises(ValidationError) as refused:
        services.credit_note(final_invoice, reason="Again", lines=[part], by=staff_actor)
    assert "lines" in refused.value.message_dict
    assert final_invoice.credit_notes.count() == 1


def test_a_full_credit_after_a_partial_one_credits_the_rest(final_invoice, staff_actor):
    part = final_invoice.lines.get(description="Part 4711")
    services.credit_note(final_invoice, reason="Part returned", lines=[part], by=staff_actor)
    rest = services.credit_note(final_invoice, reason="Cancelled", by=staff_actor)
    assert rest.gross == Decimal("-169.55")
    assert services.remaining(final_invoice) == Decimal("0.00")


def test_an_amount_is_credited_at_the_chosen_rate(final_invoice, staff_actor, vat_standard):
    note = services.credit_note(
        final_invoice, reason="Goodwill", amount=Decimal("10.00"), vat_rate=vat_standard, by=staff_actor
    )
    assert (note.net, note.vat, note.gross) == (Decimal("-10.00"), Decimal("-1.90"), Decimal("-11.90"))


def test_more_than_what_is_left_cannot_be_credited(final_invoice, staff_actor, vat_standard):
    with pytest.raises(ValidationError) as refused:
        services.credit_note(
            final_invoice, reason="Too much", amount=Decimal("500.00"), vat_rate=vat_standard, by=staff_actor
        )
    assert "amount" in refused.value.message_dict
    assert not final_invoice.credit_notes.exists()


def test_lines_of_another_invoice_cannot_be_credited(final_invoice, staff_actor):
    with pytest.raises(ValidationError) as refused:
        services.credit_note(final_invoice, reason="x", lines=[999999], by=staff_actor)
    assert "lines" in refused.value.message_dict


def test_a_credit_note_needs_a_reason(final_invoice, staff_actor):
    with pytest.raises(ValidationError) as refused:
        services.credit_note(final_invoice, reason=" ", by=staff_actor)
    assert "reason" in refused.value.message_dict
    assert not final_invoice.credit_notes.exists()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("1.001")])
def test_a_bad_amount_is_refused(final_invoice, staff_actor, vat_standard, amount):
    with pytest.raises(ValidationError) as refused:
        services.credit_note(final_invoice, reason="x", amount=amount, vat_rate=vat_standard, by=staff_actor)
    assert "amount" in refused.value.message_dict


def test_a_draft_cannot_be_credited(draft, staff_actor):
    with pytest.raises(ValidationError, match="Only a final"):
        services.credit_note(draft, reason="x", by=staff_actor)
    assert not Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).exists()


def test_a_credit_note_cannot_be_credited(final_invoice, staff_actor):
    note = services.credit_note(final_invoice, reason="Goodwill", by=staff_actor)
    with pytest.raises(ValidationError) as refused:
        services.credit_note(note, reason="x", by=staff_actor)
    assert refused.value.code == "credit_of_credit"


def test_a_fully_credited_invoice_has_nothing_left(final_invoice, staff_actor):
    services.credit_note(final_invoice, reason="Cancelled", by=staff_actor)
    with pytest.raises(ValidationError, match="credited already"):
        services.credit_note(final_invoice, reason="Again", by=staff_actor)
