"""A draft from a ready work order's approved work, its lines, and the refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fixloop.estimates.models import RequiredWork
from fixloop.invoicing import services, signals
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.repairs.models import TimeEntry, TimelineEntry
from tests.invoicing.conftest import make_ready

pytestmark = pytest.mark.django_db


def lines(invoice):
    return [
        (line.kind, line.description, line.quantity, line.unit_price, line.vat_percent, line.gross)
        for line in invoice.lines.all()
    ]


def test_a_draft_has_the_approved_labour_and_parts_at_the_approved_prices(draft):
    assert lines(draft) == [
        (
            "labour",
            "Replace the display",
            Decimal("1.500"),
            Decimal("80.00"),
            Decimal("19.00"),
            Decimal("142.80"),
        ),
        ("part", "Part 4711", Decimal("1.000"), Decimal("320.00"), Decimal("19.00"), Decimal("380.80")),
        ("labour", "Clean the fan", Decimal("1.000"), Decimal("25.00"), Decimal("7.00"), Decimal("26.75")),
    ]


def test_a_draft_totals_are_the_sums_of_its_rounded_lines(draft):
    assert (draft.net, draft.vat, draft.gross) == (Decimal("465.00"), Decimal("85.35"), Decimal("550.35"))


def test_a_draft_has_no_number_and_the_customers_language(draft, customer):
    assert draft.number is None
    assert draft.state == Invoice.State.DRAFT
    assert draft.language == customer.language


def test_vat_is_summed_per_rate(draft):
    assert services.vat_by_rate(draft.lines.all()) == [
        {"rate": Decimal("7.00"), "net": Decimal("25.00"), "vat": Decimal("1.75"), "gross": Decimal("26.75")},
        {
            "rate": Decimal("19.00"),
            "net": Decimal("440.00"),
            "vat": Decimal("83.60"),
            "gross": Decimal("523.60"),
        },
    ]


def test_a_draft_is_recorded_on_the_timeline_and_announced(ready_work_order, staff_actor, capture_signal):
    calls = capture_signal(signals.invoice_created)
    invoice = services.create_draft(ready_work_order, by=staff_actor)
    entry = ready_work_order.timeline.get(kind=TimelineEntry.Kind.INVOICE)
    assert entry.data == {"event": "invoice_created", "invoice": invoice.pk}
    assert calls[0]["invoice"] == invoice


def test_labour_billed_by_time_charges_the_clocked_hours(ready_work_order, staff_actor, two_hours_clocked):
    location = ready_work_order.location
    location.labour_billed_by_time = True
    location.save()
    invoice = services.create_draft(ready_work_order, by=staff_actor)
    assert lines(invoice)[0] == (
        "labour",
        "Labour (clocked time)",
        Decimal("2.000"),
        Decimal("80.00"),
        Decimal("19.00"),
        Decimal("190.40"),
    )


def test_labour_billed_by_time_keeps_fixed_price_jobs(ready_work_order, staff_actor, two_hours_clocked):
    ready_work_order.location.labour_billed_by_time = True
    ready_work_order.location.save()
    invoice = services.create_draft(ready_work_order, by=staff_actor)
    assert [line[1] for line in lines(invoice)] == ["Labour (clocked time)", "Part 4711", "Clean the fan"]


def test_labour_by_estimate_ignores_the_clocked_hours(ready_work_order, staff_actor, two_hours_clocked):
    invoice = services.create_draft(ready_work_order, by=staff_actor)
    assert lines(invoice)[0][2] == Decimal("1.500")


def test_clocked_hours_add_up_finished_entries_only(ready_work_order, technician, two_hours_clocked):
    TimeEntry.objects.create(work_order=ready_work_order, technician=technician, started_at=timezone.now())
    assert services.clocked_hours(ready_work_order) == Decimal("2.00")


def test_an_open_time_entry_refuses_a_draft_billed_by_time(ready_work_order, staff_actor, technician):
    ready_work_order.location.labour_billed_by_time = True
    ready_work_order.location.save()
    TimeEntry.objects.create(
        work_order=ready_work_order, technician=technician, started_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="still clocked on"):
        services.create_draft(ready_work_order, by=staff_actor)
    assert not Invoice.objects.exists()


def test_a_work_order_that_is_not_ready_is_refused(approved, work_order, ready_status, staff_actor):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(work_order, by=staff_actor)
    assert refused.value.code == "not_ready"
    assert not Invoice.objects.exists()


def test_without_a_ready_status_nothing_can_be_invoiced(approved, work_order, statuses, staff_actor):
    make_ready(work_order, statuses["ready"], staff_actor)
    with pytest.raises(ValidationError):
        services.create_draft(work_order, by=staff_actor)


def test_a_ready_work_order_without_approved_work_is_refused(work_order, ready_status, staff_actor):
    make_ready(work_order, ready_status, staff_actor)
    with pytest.raises(ValidationError) as refused:
        services.create_draft(work_order, by=staff_actor)
    assert refused.value.code == "no_work"


def test_work_that_is_not_approved_on_this_work_order_is_refused(ready_work_order, staff_actor):
    cancelled = RequiredWork.objects.filter(work_order=ready_work_order).first()
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    with pytest.raises(ValidationError) as refused:
        services.create_draft(ready_work_order, by=staff_actor, work_ids=[cancelled.pk])
    assert refused.value.message_dict["work"]
    assert not Invoice.objects.exists()


def test_chosen_approved_work_is_the_only_work_invoiced(ready_work_order, staff_actor):
    fan = RequiredWork.objects.get(work_order=ready_work_order, description="Clean the fan")
    invoice = services.create_draft(ready_work_order, by=staff_actor, work_ids=[fan.pk])
    assert [line[1] for line in lines(invoice)] == ["Clean the fan"]


def test_a_second_draft_for_the_same_work_order_is_refused(draft, ready_work_order, staff_actor):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(ready_work_order, by=staff_actor)
    assert refused.value.code == "open_invoice"


def test_a_work_order_invoiced_in_full_is_refused_a_new_draft(final_invoice, ready_work_order, staff_actor):
    with pytest.raises(ValidationError) as refused:
        services.create_draft(ready_work_order, by=staff_actor)
    assert refused.value.code == "invoiced"


def test_a_work_order_credited_in_full_can_be_invoiced_again(final_invoice, ready_work_order, staff_actor):
    services.credit_note(final_invoice, reason="Wrong customer", by=staff_actor)
    assert services.create_draft(ready_work_order, by=staff_actor).state == Invoice.State.DRAFT


def test_a_cancelled_draft_frees_the_work_order(draft, ready_work_order, staff_actor):
    services.cancel(draft, by=staff_actor)
    assert services.create_draft(ready_work_order, by=staff_actor).pk != draft.pk


# ------------------------------------------------------------------ lines


def test_a_line_added_to_a_draft_updates_the_totals(draft, staff_actor, vat_reduced):
    services.save_line(
        draft,
        by=staff_actor,
        kind=InvoiceLine.Kind.OTHER,
        description="Disposal fee",
        quantity=Decimal("2"),
        unit_price=Decimal("4.99"),
        vat_rate=vat_reduced,
    )
    draft.refresh_from_db()
    assert draft.gross == Decimal("550.35") + Decimal("10.68")


def test_a_changed_line_is_priced_again(draft, staff_actor, vat_standard):
    line = draft.lines.get(description="Part 4711")
    services.save_line(
        draft,
        by=staff_actor,
        line=line,
        kind="part",
        description="Part 4711",
        quantity=Decimal("2"),
        unit_price=Decimal("320.00"),
        vat_rate=vat_standard,
    )
    line.refresh_from_db()
    assert (line.net, line.vat, line.gross) == (Decimal("640.00"), Decimal("121.60"), Decimal("761.60"))


def test_a_removed_line_leaves_the_totals(draft, staff_actor):
    services.remove_line(draft, draft.lines.get(description="Part 4711"), by=staff_actor)
    draft.refresh_from_db()
    assert draft.gross == Decimal("169.55")


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("description", {"description": "   "}),
        ("quantity", {"quantity": Decimal("0")}),
        ("quantity", {"quantity": Decimal("-1")}),
        ("quantity", {"quantity": Decimal("1.0001")}),
        ("quantity", {"quantity": None}),
        ("quantity", {"quantity": Decimal("NaN")}),
        ("unit_price", {"unit_price": Decimal("-0.01")}),
        ("unit_price", {"unit_price": Decimal("1.001")}),
        ("unit_price", {"unit_price": Decimal("10000000")}),
        ("kind", {"kind": "gift"}),
        ("vat_rate", {"vat_rate": None}),
    ],
)
def test_a_bad_line_is_refused_field_by_field_and_nothing_changes(
    draft, staff_actor, vat_standard, field, values
):
    line = {
        "kind": "other",
        "description": "Fee",
        "quantity": Decimal("1"),
        "unit_price": Decimal("1.00"),
        "vat_rate": vat_standard,
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        services.save_line(draft, by=staff_actor, **line)
    assert field in refused.value.message_dict
    assert draft.lines.count() == 3


def test_a_vat_rate_of_another_location_is_refused(draft, staff_actor):
    from tests.factories import LocationFactory, VatRateFactory

    elsewhere = VatRateFactory(location=LocationFactory(code="HAM", name="Hamburg"), label="Standard")
    with pytest.raises(ValidationError) as refused:
        services.save_line(
            draft,
            by=staff_actor,
            kind="other",
            description="Fee",
            quantity=Decimal("1"),
            unit_price=Decimal("1"),
            vat_rate=elsewhere,
        )
    assert "vat_rate" in refused.value.message_dict


def test_a_line_of_another_invoice_is_refused(draft, staff_actor, vat_standard):
    other = Invoice.objects.create(
        work_order=draft.work_order,
        customer=draft.customer,
        location=draft.location,
        language="en",
        currency="EUR",
        state=Invoice.State.CANCELLED,
    )
    with pytest.raises(ValidationError):
        services.remove_line(other, draft.lines.first(), by=staff_actor)
    assert draft.lines.count() == 3


def test_a_final_invoice_cannot_be_edited(final_invoice, staff_actor, vat_standard):
    with pytest.raises(ValidationError, match="credit note"):
        services.save_line(
            final_invoice,
            by=staff_actor,
            kind="other",
            description="Fee",
            quantity=Decimal("1"),
            unit_price=Decimal("1"),
            vat_rate=vat_standard,
        )
    assert final_invoice.lines.count() == 3


def test_a_line_of_a_final_invoice_cannot_be_removed(final_invoice, staff_actor):
    with pytest.raises(ValidationError):
        services.remove_line(final_invoice, final_invoice.lines.first(), by=staff_actor)
    assert final_invoice.lines.count() == 3


def test_a_submitted_invoice_cannot_be_edited(submitted, staff_actor, vat_standard):
    with pytest.raises(ValidationError, match="Only a draft"):
        services.save_line(
            submitted,
            by=staff_actor,
            kind="other",
            description="Fee",
            quantity=Decimal("1"),
            unit_price=Decimal("1"),
            vat_rate=vat_standard,
        )


def test_a_final_invoice_cannot_be_cancelled(final_invoice, staff_actor):
    with pytest.raises(ValidationError):
        services.cancel(final_invoice, by=staff_actor)
    final_invoice.refresh_from_db()
    assert final_invoice.state == Invoice.State.FINAL
