"""Authorisation before invoicing in real browsers: staff submit an invoice to a customer account
that authorises its invoices; the customer opens the link from the message actually queued, on a
phone, and disputes a line; staff see it without reloading, answer, revise and submit again; the
customer authorises revision 2; the final PDF downloads on both sides and, read back, has the
number, the lines and the totals."""

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from playwright.sync_api import expect

from fixloop.estimates.models import Decision
from fixloop.invoicing.models import Invoice
from fixloop.messaging.models import Message
from fixloop.repairs import services as repairs
from fixloop.repairs.models import WorkshopSettings
from tests.estimates.fixtures import decide_all


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def link_in_latest_request() -> str:
    message = Message.objects.filter(kind="invoice.authorisation_requested").order_by("-pk").first()
    return re.search(r"https?://\S+/invoice/[A-Za-z0-9_-]{43}/", message.body_text).group(0)


@pytest.fixture
def ready_for_invoicing(sent_estimate, customer, statuses, staff_actor, customer_actor):
    """Approved work on a ready work order (through the services), for a customer who authorises invoices."""
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    workshop = WorkshopSettings.current()
    workshop.ready_status = statuses["ready"]
    workshop.save()
    repairs.change_status(sent_estimate.work_order, statuses["ready"], by=staff_actor)
    customer.invoices_need_authorisation = True
    customer.save(update_fields=["invoices_need_authorisation"])
    return sent_estimate.work_order


@pytest.mark.django_db(transaction=True)
def test_dispute_a_line_revise_and_authorise(
    live_server, signed_in_staff_page, phone_page, ready_for_invoicing
):
    staff, customer = signed_in_staff_page, phone_page
    staff.on("dialog", lambda dialog: dialog.accept())
    work_order = ready_for_invoicing

    # Staff make the draft and submit it to the customer.
    staff.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/?tab=invoice")
    area = staff.locator("#invoice-area")
    area.get_by_role("button", name="Create invoice").click()
    area.get_by_role("button", name="Submit to the customer for authorisation").click()
    expect(area).to_contain_text("Waiting for the customer to authorise or dispute this invoice.")
    invoice = Invoice.objects.get(work_order=work_order)
    expect(area.locator(f"#invoice-{invoice.pk}-link-url")).to_be_visible()

    # The customer opens the link of the queued message on their phone and disputes the fan cleaning.
    link = link_in_latest_request()
    assert link.startswith(settings.SITE_URL)
    link = live_server.url + link.removeprefix(settings.SITE_URL)  # the message's path, on this test's server
    customer.goto(link)
    expect(customer.locator("#total-gross")).to_contain_text("550.35 EUR")
    assert customer.evaluate("document.documentElement.scrollWidth") <= 375
    customer.get_by_label("What do you dispute?").select_option(label="Clean the fan")
    customer.get_by_label("Your note").fill("The fan was not cleaned.")
    customer.get_by_role("button", name="Send dispute").click()
    expect(customer.locator("#answer-recorded")).to_contain_text("we have received your dispute")

    # Staff see the dispute without reloading, answer it, drop the line and submit revision 2.
    expect(area.locator(f"#invoice-{invoice.pk}-state")).to_have_text(
        "Disputed by the customer", timeout=15_000
    )
    expect(area).to_contain_text("The fan was not cleaned.")
    area.get_by_label("Your answer to the customer").fill("Sorry, it was not done: we take it off.")
    area.get_by_role("button", name="Send answer").click()
    expect(area).to_contain_text("Sorry, it was not done: we take it off.")
    area.get_by_role("button", name="Take back to draft to revise").click()
    area.get_by_text("Change or remove “Clean the fan”").click()
    area.get_by_role("button", name="Remove line").last.click()
    expect(area).not_to_contain_text("Change or remove “Clean the fan”")
    area.get_by_role("button", name="Submit to the customer for authorisation").click()
    expect(area).to_contain_text("Revision 2")
    assert link_in_latest_request().endswith(
        link.removeprefix(live_server.url)
    )  # the same link, still running

    # The customer sees the answer and revision 2, and authorises it.
    customer.goto(link)
    expect(customer.locator("#dispute-thread")).to_contain_text("Sorry, it was not done: we take it off.")
    expect(customer.locator("#invoice-revision")).to_have_text("2")
    expect(customer.locator("#total-gross")).to_contain_text("523.60 EUR")
    customer.get_by_label("Your full name").fill("Anna Becker")
    customer.locator('input[name="authorised"]').check()
    customer.get_by_role("button", name="Authorise invoice").click()
    expect(customer.locator("#answer-recorded")).to_contain_text("you have authorised the invoice")
    invoice.refresh_from_db()
    assert invoice.state == Invoice.State.FINAL and invoice.number

    with customer.expect_download() as download:
        customer.locator("#pdf-link").click()
    customers_copy = pdf_text(Path(download.value.path()).read_bytes())

    # Staff see it final, with its number, without reloading, and download the same document.
    expect(area.locator(f"#invoice-{invoice.pk}-state")).to_have_text("Final", timeout=15_000)
    expect(area).to_contain_text(invoice.number)
    expect(area.locator(f"#invoice-{invoice.pk}-authorisation")).to_contain_text("Anna Becker")
    response = staff.request.get(f"{live_server.url}/staff/invoices/{invoice.pk}/document.pdf")
    assert response.status == 200
    staffs_copy = pdf_text(response.body())

    for text in (customers_copy, staffs_copy):
        assert invoice.number in text
        assert "Replace the display" in text and "4711" in text
        assert "Clean the fan" not in text
        assert "440.00" in text and "83.60" in text and "523.60" in text
        assert "Draft" not in text
