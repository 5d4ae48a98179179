"""The work-order report (Typst): what it shows, that customer text stays text, and the download."""

import io

import pypdf
import pytest

from fixloop.documents import pdf
from fixloop.repairs import services
from fixloop.repairs.models import Phase


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def worked_on(work_order, statuses, staff_actor, shop):
    services.add_comment(
        work_order, "The display cable was loose; we replaced it.", public=True, by=staff_actor
    )
    services.add_comment(work_order, "Customer was rude on the phone.", public=False, by=staff_actor)
    services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.change_status(work_order, statuses["internal"], by=staff_actor)
    services.close(work_order, by=staff_actor, note="Tested for two hours without flicker.")
    return work_order


def test_the_report_shows_the_shop_customer_unit_problem_and_dates(worked_on):
    text = text_of(pdf.work_order_report(worked_on, "en"))
    assert "Werkstatt Müller" in text
    assert "Work-order report" in text
    assert f"Work order {worked_on.number}" in text
    assert "Anna Becker" in text
    assert "Lenovo ThinkPad T14 · PF-11111" in text
    assert "The screen flickers after ten minutes." in text
    assert "Opened" in text
    assert "Closed" in text
    assert "Berlin Mitte" in text


def test_the_report_lists_the_public_work_and_nothing_internal(worked_on):
    text = text_of(pdf.work_order_report(worked_on, "en"))
    assert "The display cable was loose; we replaced it." in text
    assert "Status changed: In progress" in text
    assert "Tested for two hours without flicker." in text
    assert "Customer was rude on the phone." not in text
    assert "Quality check" not in text


@pytest.mark.parametrize(
    "written", ['#panic("x")', "*bold* _italic_ $x^2$ <label> @ref", "#{1 + 1} = 2 \\ `raw`"]
)
def test_customer_text_is_printed_as_written_never_read_as_markup(work_order, staff_actor, shop, written):
    services.add_comment(work_order, f"Customer wrote: {written}", public=True, by=staff_actor)
    services.update_details(work_order, problem_description=f"Problem: {written}", by=staff_actor)
    text = text_of(pdf.work_order_report(work_order, "en"))
    assert f"Customer wrote: {written}" in text
    assert f"Problem: {written}" in text


def test_the_report_is_in_the_customers_language_by_default(work_order, shop):
    work_order.customer.language = "de"
    work_order.customer.save()
    text = text_of(pdf.work_order_report(work_order))
    assert "Kunde" in text
    assert "Fehlerbeschreibung" in text


def test_the_report_carries_the_shops_colour_and_falls_back_on_a_broken_one(work_order, shop):
    shop.brand_colour = "#aa0000"
    shop.save()
    assert pdf.work_order_report_data(work_order, "en")["shop"]["colour"] == "#aa0000"
    shop.brand_colour = '"), #x('  # not #RRGGBB (an imported value, say)
    shop.save()
    data = pdf.work_order_report_data(work_order, "en")
    assert data["shop"]["colour"] == pdf.DEFAULT_COLOUR
    assert pdf.compile_pdf("work_order_report.typ", data).startswith(b"%PDF")


def test_one_compiler_is_reused(work_order, shop):
    pdf.work_order_report(work_order, "en")
    compiler = pdf._compilers["work_order_report.typ"]
    pdf.work_order_report(work_order, "de")
    assert pdf._compilers["work_order_report.typ"] is compiler


def test_a_typst_failure_is_a_document_error(work_order, shop):
    data = pdf.work_order_report_data(work_order, "en")
    del data["work"]
    with pytest.raises(pdf.DocumentError):
        pdf.compile_pdf("work_order_report.typ", data)


# ----------------------------------------------------------------------------- the download


def test_staff_download_the_report_from_the_work_order(client, technician, worked_on):
    client.force_login(technician)
    response = client.get(f"/staff/work-orders/{worked_on.number}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="work-order-{worked_on.number}.pdf"'
    assert worked_on.number in text_of(response.content)


def test_the_work_order_page_links_the_report(client, advisor, work_order):
    client.force_login(advisor)
    page = client.get(f"/staff/work-orders/{work_order.number}/?tab=notifications").content.decode()
    assert f'href="/staff/work-orders/{work_order.number}/report.pdf"' in page


def test_the_report_can_be_downloaded_in_the_other_language(client, advisor, work_order, shop):
    client.force_login(advisor)
    response = client.get(f"/staff/work-orders/{work_order.number}/report.pdf", {"language": "de"})
    assert "Fehlerbeschreibung" in text_of(response.content)


def test_the_report_of_an_unknown_work_order_is_not_found(client, advisor, db):
    client.force_login(advisor)
    assert client.get("/staff/work-orders/NOPE-1/report.pdf").status_code == 404


def test_visitors_who_are_not_signed_in_get_no_report(client, work_order):
    response = client.get(f"/staff/work-orders/{work_order.number}/report.pdf")
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]
