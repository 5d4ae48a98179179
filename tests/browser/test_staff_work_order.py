"""A service advisor's day in a real browser: sign in, find a repair by serial number, move it on."""

import re

import pytest
from playwright.sync_api import expect

from fixloop.repairs.models import Phase, TimelineEntry

PASSWORD = "correct horse battery staple"


@pytest.fixture
def signed_in_advisor(advisor):
    advisor.set_password(PASSWORD)
    advisor.save()
    return advisor


@pytest.mark.django_db(transaction=True)
def test_staff_finds_a_work_order_by_serial_number_changes_its_status_and_comments(
    live_server, desktop_page, signed_in_advisor, work_order, statuses
):
    page = desktop_page
    serial = work_order.unit.serial_number
    in_progress = statuses[Phase.IN_PROGRESS]

    page.goto(f"{live_server.url}/staff/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/"))
    page.get_by_label("Username").fill(signed_in_advisor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Work orders")).to_be_visible()

    page.get_by_label("Search").fill(serial)
    results = page.locator("#results")
    expect(results.get_by_role("link", name=work_order.number)).to_be_visible()
    results.get_by_role("link", name=work_order.number).click()
    expect(page.get_by_role("heading", name=f"Work order {work_order.number}")).to_be_visible()

    page.get_by_label("New status").select_option(label=in_progress.name_en)
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#current-status")).to_have_text(in_progress.name_en)
    expect(page.locator("#timeline")).to_contain_text(f"to {in_progress.name_en}")

    comment_form = page.locator("form", has=page.get_by_role("button", name="Add comment"))
    comment_form.get_by_label("Comment").fill("The new screen is ordered and arrives on Friday.")
    comment_form.get_by_label("Visible to the customer").check()
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#timeline")).to_contain_text("The new screen is ordered and arrives on Friday.")

    comment = TimelineEntry.objects.get(work_order=work_order, kind=TimelineEntry.Kind.COMMENT)
    assert comment.public is True
    assert comment.user == signed_in_advisor
    work_order.refresh_from_db()
    assert work_order.status == in_progress
