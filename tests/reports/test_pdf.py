"""The status report PDF: the right repairs, the customer-visible status, customer text as text."""

import io
from datetime import date, timedelta

import pypdf
import pytest
from django.utils import timezone

from fixloop.documents.status_report import (
    render_status_report,
    status_report_data,
    status_report_filename,
    status_report_pdf,
)
from fixloop.repairs import services
from fixloop.repairs.models import Phase, WorkOrder
from fixloop.reports.services import work_orders_for
from tests.factories import UnitFactory

REPORT_DATE = date(2026, 11, 23)


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def open_order(customer, location, staff_actor, serial, **kwargs) -> WorkOrder:
    unit = UnitFactory(customer=customer, make="Dell", model="XPS 13", serial_number=serial)
    return services.open_work_order(
        customer=customer,
        unit=unit,
        location=location,
        problem_description="Broken.",
        by=staff_actor,
        **kwargs,
    )


def closed_days_ago(work_order, days, staff_actor) -> WorkOrder:
    services.close(work_order, by=staff_actor)
    WorkOrder.objects.filter(pk=work_order.pk).update(closed_at=timezone.now() - timedelta(days=days))
    work_order.refresh_from_db()
    return work_order


@pytest.fixture
def repairs(shop, customer, other_customer, work_order, location, statuses, staff_actor):
    hidden = open_order(customer, location, staff_actor, "HID-1", promised_date=date(2026, 12, 1))
    services.change_status(hidden, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.change_status(hidden, statuses["internal"], by=staff_actor)
    recent = closed_days_ago(open_order(customer, location, staff_actor, "REC-1"), 10, staff_actor)
    old = closed_days_ago(open_order(customer, location, staff_actor, "OLD-1"), 40, staff_actor)
    foreign = open_order(other_customer, location, staff_actor, "OTH-1")
    return {"open": work_order, "hidden": hidden, "recent": recent, "old": old, "foreign": foreign}


def test_open_repairs_only_by_default(repairs, customer, subscribe):
    listed = work_orders_for(subscribe(customer))
    assert listed == [repairs["open"], repairs["hidden"]]


def test_closed_repairs_within_the_chosen_days(repairs, customer, subscribe):
    listed = work_orders_for(subscribe(customer, include_closed_days=30))
    assert listed == [repairs["open"], repairs["hidden"], repairs["recent"]]


def test_the_pdf_lists_the_right_repairs_with_their_visible_status(repairs, customer, subscribe):
    subscription = subscribe(customer, include_closed_days=30)
    text = text_of(status_report_pdf(customer, work_orders_for(subscription), REPORT_DATE, "en"))
    assert "Werkstatt Müller" in text
    assert "Repair status report" in text
    assert f"{customer.name} · {customer.number}" in text
    for key in ("open", "hidden", "recent"):
        assert repairs[key].number in text
    assert repairs["old"].number not in text
    assert repairs["foreign"].number not in text
    assert "PF-11111" in text and "HID-1" in text and "REC-1" in text
    assert "In progress" in text  # the hidden "Quality check" shows as the last status the customer saw
    assert "Quality check" not in text
    assert f"{repairs['hidden'].number} Dell XPS 13 HID-1" in text
    assert "In progress 01 Dec 2026" in text  # the promised date
    assert f"{repairs['recent'].number} Dell XPS 13 REC-1" in text and "Closed" in text


def test_the_pdf_says_so_when_there_are_no_open_repairs(shop, customer):
    text = text_of(status_report_pdf(customer, [], REPORT_DATE, "en"))
    assert "You have no open repairs with us." in text


def test_the_pdf_in_german(shop, customer):
    text = text_of(status_report_pdf(customer, [], REPORT_DATE, "de"))
    assert "23.11.2026" in text


def test_customer_text_is_printed_as_written(shop, customer):
    customer.name = 'Müller #panic("x") *bold*'
    message = '<b>Hello</b> #panic("no") $x^2$ _under_'
    text = text_of(status_report_pdf(customer, [], REPORT_DATE, "en", message))
    assert '#panic("x") *bold*' in text
    assert '<b>Hello</b> #panic("no") $x^2$ _under_' in text


def listing(customer, count: int, unit: str = "Dell XPS 13", message: str = "") -> dict:
    data = status_report_data(customer, [], REPORT_DATE, "en", message)
    data["repairs"] = [
        {
            "number": f"2026-{n:05d}",
            "unit": unit,
            "serial": f"SN-{n}",
            "received": "11/02/2026",
            "status": "Waiting for parts",
            "promised": "",
            "estimate": "",
            "closed": False,
        }
        for n in range(1, count + 1)
    ]
    return data


def pages_of(data: dict) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_status_report(data))).pages]


def test_five_repairs_fit_on_one_page_below_the_longest_custom_message(shop, customer):
    # Up to 5 repairs the PDF has no page numbers (tested here: they are not needed).
    unit = "Samsung Galaxy S23 Ultra 512 GB Phantom Black Edition"
    pages = pages_of(
        listing(customer, 5, unit=unit, message=("Opening hours over the holidays. " * 61)[:2000])
    )
    assert len(pages) == 1 and "1 / 1" not in pages[0]
    assert "1 / 1" in pages_of(listing(customer, 6))[0]


def test_a_long_listing_repeats_its_column_labels_on_every_page(shop, customer):
    pages = pages_of(listing(customer, 120))
    assert len(pages) == 3
    for page in pages:
        assert "Order Unit Serial number Received Status Promised" in page
    listed = " ".join(pages)
    assert all(f"2026-{n:05d} Dell XPS 13 SN-{n} " in listed for n in range(1, 121))
    assert "2 / 3" in pages[1]


def test_the_filename(customer):
    assert status_report_filename(customer, REPORT_DATE) == f"status-report-{customer.number}-2026-11-23.pdf"
