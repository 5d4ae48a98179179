"""The invoice list (filters, live results) and the period report with its CSV."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fixloop.backoffice.views.invoices import report_rows
from fixloop.invoicing import services
from fixloop.invoicing.models import Invoice
from tests.factories import LocationFactory, VatRateFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
JUNE = datetime(2026, 6, 15, 12, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def june_invoice(draft, staff_actor):
    with time_machine.travel(JUNE):
        return services.finalise(draft, by=staff_actor)


@pytest.fixture
def june_credit_note(june_invoice, staff_actor, vat_standard):
    with time_machine.travel(JUNE):
        return services.credit_note(
            june_invoice, reason="Goodwill", amount=Decimal("100.00"), vat_rate=vat_standard, by=staff_actor
        )


@pytest.fixture
def hamburg_invoice(customer, statuses, staff_actor):
    hamburg = LocationFactory(name="Hamburg Süd", code="HAM")
    rate = VatRateFactory(location=hamburg, label="Standard", rate=Decimal("19.00"), is_default=True)
    work_order = WorkOrderFactory(customer=customer, location=hamburg, status=statuses["ready"])
    invoice = Invoice.objects.create(
        work_order=work_order, customer=customer, location=hamburg, language="en", currency="EUR"
    )
    services.save_line(
        invoice,
        by=staff_actor,
        kind="other",
        description="Diagnosis",
        quantity=Decimal("1"),
        unit_price=Decimal("1234.56"),
        vat_rate=rate,
    )
    with time_machine.travel(JUNE):
        return services.finalise(invoice, by=staff_actor)


# ------------------------------------------------------------------ the list


def test_the_list_shows_every_invoice(advisor_client, june_invoice, june_credit_note):
    page = advisor_client.get("/staff/invoices/").content.decode()
    assert june_invoice.number in page
    assert june_credit_note.number in page


def test_the_list_filters_by_state(advisor_client, june_invoice):
    final = advisor_client.get("/staff/invoices/?state=final", headers=HTMX).content.decode()
    drafts = advisor_client.get("/staff/invoices/?state=draft", headers=HTMX).content.decode()
    assert f'id="invoice-row-{june_invoice.pk}"' in final
    assert f'id="invoice-row-{june_invoice.pk}"' not in drafts


def test_the_list_filters_by_kind(advisor_client, june_invoice, june_credit_note):
    page = advisor_client.get("/staff/invoices/?kind=credit_note", headers=HTMX).content.decode()
    assert f'id="invoice-row-{june_credit_note.pk}"' in page
    assert f'id="invoice-row-{june_invoice.pk}"' not in page


def test_the_list_filters_by_location(advisor_client, june_invoice, hamburg_invoice):
    page = advisor_client.get(f"/staff/invoices/?location={hamburg_invoice.location_id}", headers=HTMX)
    assert hamburg_invoice.number in page.content.decode()
    assert june_invoice.number not in page.content.decode()


def test_the_list_filters_by_period(advisor_client, june_invoice):
    inside = advisor_client.get("/staff/invoices/?date_from=2026-06-01&date_to=2026-06-30", headers=HTMX)
    outside = advisor_client.get("/staff/invoices/?date_from=2026-07-01&date_to=2026-07-31", headers=HTMX)
    assert june_invoice.number in inside.content.decode()
    assert june_invoice.number not in outside.content.decode()


def test_the_list_finds_an_invoice_by_number(advisor_client, june_invoice, hamburg_invoice):
    page = advisor_client.get(f"/staff/invoices/?q={june_invoice.number}", headers=HTMX).content.decode()
    assert june_invoice.number in page
    assert hamburg_invoice.number not in page


@pytest.mark.parametrize(
    "query",
    ["state=nonsense", "location=999999", "date_from=2026-13-01", "date_from=2026-07-01&date_to=2026-06-01"],
)
def test_bad_filters_are_explained_not_failed(advisor_client, june_invoice, query):
    response = advisor_client.get(f"/staff/invoices/?{query}", headers=HTMX)
    assert response.status_code == 200
    assert "Check the filters" in response.content.decode()
    assert june_invoice.number not in response.content.decode()


def test_the_list_refreshes_itself(advisor_client, june_invoice):
    assert 'id="results-live"' in advisor_client.get("/staff/invoices/").content.decode()


# ------------------------------------------------------------------ the report


def test_the_report_sums_per_location_and_credit_notes_subtract(june_credit_note, hamburg_invoice):
    rows, total = report_rows(date(2026, 6, 1), date(2026, 6, 30))
    berlin, hamburg = rows
    assert (berlin["invoices"], berlin["credit_notes"]) == (1, 1)
    assert (berlin["net"], berlin["vat"], berlin["gross"]) == (
        Decimal("365.00"),
        Decimal("66.35"),
        Decimal("431.35"),
    )
    assert hamburg["gross"] == Decimal("1469.13")
    assert total["gross"] == Decimal("1900.48")


def test_the_report_page_shows_the_period(advisor_client, june_credit_note):
    page = advisor_client.get(
        "/staff/invoices/report/?date_from=2026-06-01&date_to=2026-06-30"
    ).content.decode()
    assert "Berlin Mitte" in page
    assert "431.35" in page


def test_the_report_leaves_out_drafts_and_other_periods(advisor_client, june_invoice, ready_work_order):
    page = advisor_client.get(
        "/staff/invoices/report/?date_from=2026-07-01&date_to=2026-07-31"
    ).content.decode()
    assert "Nothing was invoiced in this period." in page


def test_the_report_opens_on_this_month(advisor_client):
    assert advisor_client.get("/staff/invoices/report/").status_code == 200


def test_the_csv_has_a_header_decimal_text_and_utf8(advisor_client, june_credit_note, hamburg_invoice):
    response = advisor_client.get(
        "/staff/invoices/report/?date_from=2026-06-01&date_to=2026-06-30&format=csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="invoices-2026-06-01-2026-06-30.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Location", "Code", "Invoices", "Credit notes", "Net", "VAT", "Gross"]
    assert rows[1] == ["Berlin Mitte", "BER", "1", "1", "365.00", "66.35", "431.35"]
    assert rows[2] == ["Hamburg Süd", "HAM", "1", "0", "1234.56", "234.57", "1469.13"]
    assert rows[3] == ["All locations", "", "2", "1", "1599.56", "300.92", "1900.48"]


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2026-06-01",
        "date_from=nonsense&date_to=2026-06-30",
        "date_from=2026-06-30&date_to=2026-06-01",
        "date_from=2020-01-01&date_to=2026-06-01",
        "date_from=0001-01-01&date_to=2026-06-01",
    ],
)
def test_a_bad_period_is_refused_with_400(advisor_client, query):
    response = advisor_client.get(f"/staff/invoices/report/?{query}&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
