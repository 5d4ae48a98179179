"""A customer on a phone: looks the repair up, downloads a file, corrects the e-mail address; then
the service advisor sees the correction on the work order."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from fixloop.repairs import services

PASSWORD = "correct horse battery staple"
PHOTO = b"\x89PNG\r\n\x1a\n" + b"diagnosis photo" + b"\x00" * 64


@pytest.fixture
def signed_in_advisor(advisor):
    advisor.set_password(PASSWORD)
    advisor.save()
    return advisor


@pytest.mark.django_db(transaction=True)
def test_a_customer_tracks_the_repair_on_a_phone_and_staff_see_the_new_address(
    live_server, phone_page, desktop_page, media_root, signed_in_advisor, work_order, staff_actor
):
    services.add_comment(work_order, "The new screen is ordered.", public=True, by=staff_actor)
    services.add_comment(work_order, "Check the warranty seal.", public=False, by=staff_actor)
    services.attach_file(
        work_order, SimpleUploadedFile("diagnosis.png", PHOTO, "image/png"), public=True, by=staff_actor
    )
    page = phone_page

    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Work order number").fill(work_order.number)
    page.get_by_label("Postal code").fill("10 115")
    page.get_by_role("button", name="Show my repair").click()

    expect(page.get_by_role("heading", name=f"Repair {work_order.number}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/track/t/[A-Za-z0-9_-]{43}/$"))
    expect(page.locator("#current-status")).to_have_text("Open")
    expect(page.locator("#history")).to_contain_text("The new screen is ordered.")
    expect(page.locator("body")).not_to_contain_text("warranty seal")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    with page.expect_download() as download_info:
        page.locator("#files").get_by_role("link", name="diagnosis.png").click()
    download = download_info.value
    assert download.suggested_filename == "diagnosis.png"
    assert Path(download.path()).read_bytes() == PHOTO

    page.get_by_text("Correct your e-mail address, mobile number or address").click()
    page.get_by_label("E-mail").fill("anna.becker@example.net")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_role("status")).to_contain_text("your contact details are updated")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    staff = desktop_page
    staff.goto(f"{live_server.url}/staff/sign-in/")
    staff.get_by_label("Username").fill(signed_in_advisor.username)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.locator("#unread-customer-notes")).to_have_text("1")
    staff.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/?tab=timeline")
    expect(staff.locator("#timeline")).to_contain_text("anna@example.com → anna.becker@example.net")
    staff.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/?tab=tracking")
    expect(staff.locator("#tracking")).to_contain_text("anna@example.com → anna.becker@example.net")
    work_order.customer.refresh_from_db()
    assert work_order.customer.email == "anna.becker@example.net"
