"""From the workshop to the final invoice, in real browsers: the customer approved the estimate (through
the services); the technician clocks on and off the job on a tablet and marks the unit ready; the
service board shows it ready; an advisor creates the invoice draft and submits it to the customer
account, which authorises its invoices; the board shows it waiting for the customer; the customer,
signed in to the portal, authorises it; staff see it final without a reload; the final PDF downloads
on both sides and, read back, has the number, the lines and the totals."""

import io
import re
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from fixloop.invoicing.models import Invoice
from fixloop.repairs.models import Phase, TimeEntry
from tests.browser.conftest import STAFF_PASSWORD, assert_accessible, watch_policy_violations
from tests.portal.accounts_fixtures import PASSWORD as PORTAL_PASSWORD


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def new_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page, watch_policy_violations(page)


def sign_in_staff(page, base: str, user) -> None:
    user.set_password(STAFF_PASSWORD)
    user.save()
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def authorising_customer(customer):
    customer.invoices_need_authorisation = True
    customer.save(update_fields=["invoices_need_authorisation"])
    return customer


@pytest.mark.django_db(transaction=True)
def test_approved_job_to_a_final_invoice_the_customer_authorised_in_the_portal(
    live_server,
    browser,
    media_root,
    shop,
    technician,
    advisor,
    approved,
    ready_status,
    authorising_customer,
    portal_user,
):
    base = live_server.url
    work_order = approved
    number = work_order.number
    pages = []
    try:
        # The technician, on a tablet, clocks on and off the job and marks the unit ready.
        context, tablet, violations = new_page(browser, 768, 1024)
        pages.append((context, violations))
        sign_in_staff(tablet, base, technician)
        expect(tablet).to_have_url(re.compile(r"/staff/technician/"))
        job = tablet.locator(f"#job-{number}")
        expect(job).to_contain_text("Replace the display")
        job.get_by_role("button", name="Clock on").click()
        expect(job.get_by_role("button", name=re.compile("Clock off"))).to_contain_text("on since")
        job.get_by_role("button", name=re.compile("Clock off")).click()
        expect(job.get_by_role("button", name="Clock on")).to_be_visible()
        entry = TimeEntry.objects.get(technician=technician, work_order=work_order)
        assert entry.ended_at is not None and entry.ended_at >= entry.started_at
        job.get_by_role("button", name="Unit ready").click()
        expect(job.get_by_role("button", name="Unit is ready")).to_be_disabled()
        assert tablet.evaluate("document.documentElement.scrollWidth") <= 768
        work_order.refresh_from_db()
        assert work_order.status_id == ready_status.pk and work_order.status.phase == Phase.READY

        # The advisor sees it ready on the service board.
        context, staff, violations = new_page(browser, 1280, 900)
        pages.append((context, violations))
        staff.on("dialog", lambda dialog: dialog.accept())
        sign_in_staff(staff, base, advisor)
        expect(staff.get_by_role("heading", name="Work orders")).to_be_visible()
        staff.goto(f"{base}/staff/board/")
        expect(staff.locator("#column-ready")).to_contain_text(number)
        expect(staff.locator("#count-ready")).to_have_text("1")

        # The advisor creates the draft from the work order and submits it to the customer.
        staff.goto(f"{base}/staff/work-orders/{number}/?tab=invoice")
        area = staff.locator("#invoice-area")
        area.get_by_role("button", name="Create invoice").click()
        area.get_by_role("button", name="Submit to the customer for authorisation").click()
        expect(area).to_contain_text("Waiting for the customer to authorise or dispute this invoice.")
        invoice = Invoice.objects.get(work_order=work_order)
        assert invoice.state == Invoice.State.SUBMITTED

        # The board lists it under the invoices waiting for the customer.
        board = context.new_page()
        board.set_default_timeout(15_000)
        board.goto(f"{base}/staff/board/")
        expect(board.locator("#column-invoices")).to_contain_text(number)
        expect(board.locator("#count-invoices")).to_have_text("1")
        board.close()

        # The customer signs in to the portal, finds the invoice and authorises it.
        context, customer, violations = new_page(browser, 375, 740)
        pages.append((context, violations))
        customer.goto(f"{base}/portal/account/login/")
        customer.locator("input[name=login]").fill(portal_user.email)
        customer.locator("input[name=password]").fill(PORTAL_PASSWORD)
        customer.locator("form button[type=submit]").first.click()
        customer.wait_for_url(f"{base}/portal/")
        customer.goto(f"{base}/portal/invoices/")
        waiting = customer.locator(f"#waiting #invoice-{invoice.pk}")
        expect(waiting).to_contain_text("550.35")
        assert_accessible(customer)
        waiting.get_by_role("link", name="Check and authorise").click()
        expect(customer).to_have_url(f"{base}/portal/invoices/{invoice.pk}/")
        expect(customer.locator("#total-net")).to_have_text("465.00 EUR")
        expect(customer.locator("#total-vat")).to_have_text("85.35 EUR")
        expect(customer.locator("#total-gross")).to_contain_text("550.35 EUR")
        shown = {
            key: customer.locator(f"#total-{key}").inner_text().split()[0] for key in ("net", "vat", "gross")
        }
        assert_accessible(customer)
        assert customer.evaluate("document.documentElement.scrollWidth") <= 375
        customer.get_by_label("Your full name").fill("Anna Becker")
        customer.locator('input[name="authorised"]').check()
        customer.get_by_role("button", name="Authorise invoice").click()
        expect(customer.locator("#answer-recorded")).to_contain_text("you have authorised the invoice")
        assert_accessible(customer)
        invoice.refresh_from_db()
        assert invoice.state == Invoice.State.FINAL and invoice.number
        expect(customer.locator("#invoice-number")).to_have_text(invoice.number)
        with customer.expect_download() as download:
            customer.locator("#pdf-link").click()
        customers_copy = pdf_text(Path(download.value.path()).read_bytes())

        # Staff see it final, with its number and the authorisation, without reloading.
        expect(area.locator(f"#invoice-{invoice.pk}-state")).to_have_text("Final", timeout=20_000)
        expect(area).to_contain_text(invoice.number)
        expect(area.locator(f"#invoice-{invoice.pk}-authorisation")).to_contain_text("Anna Becker")
        response = staff.request.get(f"{base}/staff/invoices/{invoice.pk}/document.pdf")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        staffs_copy = pdf_text(response.body())

        for text in (customers_copy, staffs_copy):
            assert invoice.number in text
            assert "Replace the display" in text and "4711" in text and "Clean the fan" in text
            for amount in shown.values():
                assert amount in text
            assert "Draft" not in text

        # And the board no longer lists it as waiting.
        staff.goto(f"{base}/staff/board/")
        expect(staff.locator("#column-invoices")).not_to_contain_text(number)
    finally:
        for context, _violations in pages:
            context.close()
    for _context, violations in pages:
        assert not violations, f"Content-Security-Policy violations: {violations}"
