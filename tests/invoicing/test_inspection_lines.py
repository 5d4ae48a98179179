"""Authorised inspection items on the invoice: a labour line and a parts line per item with a thumbs
up (net prices, the item's VAT rate or the location's default), beside the approved estimate work;
a ready work order with only authorised items can be invoiced."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fixloop.inspections.models import Choice
from fixloop.inspections.services import authorising, items
from fixloop.invoicing import services
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.shop.models import VatRate
from tests.factories import LocationFactory, VatRateFactory
from tests.invoicing.conftest import make_ready
from tests.messaging.inspection_fixtures import answer, item


def lines(invoice):
    return [
        (line.kind, line.description, line.quantity, line.unit_price, line.vat_percent, line.net, line.gross)
        for line in invoice.lines.all()
    ]


@pytest.fixture
def ready_with_items(authorised_inspection, ready_status, staff_actor):
    """Only the brake pads are authorised (80.00 labour, 120.00 parts, 19 %); no estimate."""
    return make_ready(authorised_inspection.work_order, ready_status, staff_actor)


def test_a_ready_work_order_with_only_authorised_items_is_invoiced(ready_with_items, staff_actor):
    invoice = services.create_draft(ready_with_items, by=staff_actor)

    brake_pads = item(ready_with_items.inspection, "Front brake pads")
    assert lines(invoice) == [
        (
            "labour",
            "Front brake pads",
            Decimal("1.000"),
            Decimal("80.00"),
            Decimal("19.00"),
            Decimal("80.00"),
            Decimal("95.20"),
        ),
        (
            "part",
            "Parts: Front brake pads",
            Decimal("1.000"),
            Decimal("120.00"),
            Decimal("19.00"),
            Decimal("120.00"),
            Decimal("142.80"),
        ),
    ]
    assert {line.inspection_item for line in invoice.lines.all()} == {brake_pads}
    assert (invoice.net, invoice.vat, invoice.gross) == (
        Decimal("200.00"),
        Decimal("38.00"),
        Decimal("238.00"),
    )


def test_items_not_authorised_or_undecided_are_not_invoiced(ready_with_items, staff_actor):
    invoice = services.create_draft(ready_with_items, by=staff_actor)

    described = {line.description for line in invoice.lines.all()}
    assert not described & {"Wiper blades", "Parts: Wiper blades", "Oil and filter change"}


def test_authorised_items_come_after_the_approved_estimate_work(
    approved, authorised_inspection, ready_status, staff_actor
):
    work_order = make_ready(authorised_inspection.work_order, ready_status, staff_actor)

    invoice = services.create_draft(work_order, by=staff_actor)

    assert [line.description for line in invoice.lines.all()] == [
        "Replace the display",
        "Part 4711",
        "Clean the fan",
        "Front brake pads",
        "Parts: Front brake pads",
    ]
    assert invoice.gross == Decimal("550.35") + Decimal("238.00")


def test_the_items_vat_rate_is_used(ready_with_items, staff_actor, location):
    reduced = VatRate.objects.get(location=location, rate=Decimal("7.00"))
    brake_pads = item(ready_with_items.inspection, "Front brake pads")
    items.change_item(brake_pads, by=staff_actor, vat_rate=reduced)

    invoice = services.create_draft(ready_with_items, by=staff_actor)

    assert {line.vat_rate for line in invoice.lines.all()} == {reduced}
    assert invoice.gross == Decimal("214.00")


def test_an_item_with_a_rate_of_another_location_gets_the_locations_default(
    ready_with_items, staff_actor, location
):
    elsewhere = VatRateFactory(
        location=LocationFactory(name="Wien", code="VIE"), label="AT", rate=Decimal("20.00")
    )
    brake_pads = item(ready_with_items.inspection, "Front brake pads")
    type(brake_pads).objects.filter(pk=brake_pads.pk).update(vat_rate=elsewhere)

    invoice = services.create_draft(ready_with_items, by=staff_actor)

    assert {line.vat_rate for line in invoice.lines.all()} == {location.default_vat_rate()}


def test_an_item_with_labour_only_has_one_line(ready_with_items, staff_actor):
    brake_pads = item(ready_with_items.inspection, "Front brake pads")
    items.change_item(brake_pads, by=staff_actor, parts=Decimal("0"))

    invoice = services.create_draft(ready_with_items, by=staff_actor)

    assert [line.kind for line in invoice.lines.all()] == [InvoiceLine.Kind.LABOUR]


def test_a_ready_work_order_without_approved_work_or_authorised_items_is_refused(
    answered_inspection, ready_status, staff_actor
):
    work_order = make_ready(answered_inspection.work_order, ready_status, staff_actor)

    with pytest.raises(ValidationError) as refused:
        services.create_draft(work_order, by=staff_actor)

    assert refused.value.code == "no_work"
    assert not Invoice.objects.exists()


def test_chosen_items_are_the_only_ones_invoiced(approved, authorised_inspection, ready_status, staff_actor):
    work_order = make_ready(authorised_inspection.work_order, ready_status, staff_actor)
    brake_pads = item(authorised_inspection, "Front brake pads")

    invoice = services.create_draft(work_order, by=staff_actor, item_ids=[brake_pads.pk])

    assert [line.description for line in invoice.lines.all()] == [
        "Front brake pads",
        "Parts: Front brake pads",
    ]


def test_an_item_not_authorised_cannot_be_chosen(ready_with_items, staff_actor):
    wipers = item(ready_with_items.inspection, "Wiper blades")

    with pytest.raises(ValidationError) as refused:
        services.create_draft(ready_with_items, by=staff_actor, item_ids=[wipers.pk])

    assert refused.value.message_dict["items"]
    assert not Invoice.objects.exists()


def test_the_invoice_tab_offers_a_draft_for_authorised_items(advisor_client, ready_with_items):
    page = advisor_client.get(f"/staff/work-orders/{ready_with_items.number}/?tab=invoice").content.decode()

    assert '<button class="primary">Create invoice</button>' in page  # not disabled
    assert "There is no approved work to invoice yet." not in page


def test_an_item_authorised_after_answering_again_is_invoiced(
    sent_inspection, customer_actor, staff_actor, ready_status
):
    answer(sent_inspection, customer_actor, {"Wiper blades": Choice.REPAIR})
    authorising.authorise(item(sent_inspection, "Wiper blades"), by=staff_actor, authorised=True)
    work_order = make_ready(sent_inspection.work_order, ready_status, staff_actor)

    invoice = services.create_draft(work_order, by=staff_actor)

    assert [line.description for line in invoice.lines.all()] == ["Parts: Wiper blades"]
