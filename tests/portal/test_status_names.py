"""A status has a staff name and a name for customers: staff pages use the first, every customer
surface (tracking page, portal, messages, PDFs) the second, in the reader's language."""

import pytest

from fixloop.documents import pdf
from fixloop.messaging.context import work_order_context
from fixloop.repairs import services
from fixloop.repairs.models import Phase


@pytest.fixture
def waiting(work_order, statuses, staff_actor):
    status = statuses[Phase.WAITING_FOR_CUSTOMER]
    status.name_en, status.name_de = "Waiting for approval", "Wartet auf Freigabe"
    status.customer_name_en, status.customer_name_de = "Waiting for your approval", "Wartet auf Ihre Freigabe"
    status.save()
    services.change_status(work_order, status, by=staff_actor)
    return work_order


def test_the_tracking_page_shows_the_customers_name_in_their_language(client, shop, waiting, case_path):
    page = client.get(case_path).content.decode()
    assert page.count("Waiting for your approval") == 2  # the current status and the step
    assert "Waiting for approval<" not in page
    waiting.customer.language = "de"
    waiting.customer.save()
    assert "Wartet auf Ihre Freigabe" in client.get(case_path).content.decode()


def test_the_staff_page_shows_the_staff_name(client, advisor, waiting):
    client.force_login(advisor)
    page = client.get(f"/staff/work-orders/{waiting.number}/").content.decode()
    assert 'id="current-status">Waiting for approval<' in page
    assert "Waiting for your approval" not in page


def test_messages_and_the_pdf_use_the_customers_name(shop, waiting):
    assert work_order_context(waiting, "en")["status"] == "Waiting for your approval"
    assert work_order_context(waiting, "de")["status"] == "Wartet auf Ihre Freigabe"
    facts = dict(pdf.work_order_report_data(waiting, "de")["facts"])
    assert facts["Status"] == "Wartet auf Ihre Freigabe"


def test_without_a_name_for_customers_they_read_the_staff_name(statuses):
    status = statuses[Phase.READY]
    assert status.customer_name("en") == status.name_en
    assert status.customer_name("de") == status.name_de
