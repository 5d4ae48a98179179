"""A service advisor's day in a real browser: sign in, find a repair by serial number, move it on."""

import re

import pytest
from playwright.sync_api import expect

from fixloop.repairs.models import Phase, TimelineEntry
from tests.browser.conftest import assert_accessible, watch_policy_violations

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
    page.get_by_role("navigation", name="Sections of the work order").get_by_role(
        "link", name="Timeline"
    ).click()
    expect(page).to_have_url(re.compile(r"\?tab=timeline$"))
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width,height", [(768, 1024), (1280, 800)])
def test_the_common_actions_are_in_the_first_view_and_sections_switch_without_losing_typed_text(
    live_server, browser, signed_in_advisor, work_order, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_policy_violations(page)
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(signed_in_advisor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/")

    for control in (
        page.get_by_label("New status"),
        page.get_by_role("button", name="Change status"),
        page.get_by_label("Comment"),
        page.get_by_role("button", name="Add comment"),
        page.get_by_label("Message to the customer"),
        page.get_by_role("button", name="Send", exact=True),
    ):
        box = control.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, control
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    page.get_by_label("Comment").fill("Half a sentence")
    sections = page.get_by_role("navigation", name="Sections of the work order")
    sections.get_by_role("link", name="Messages").click()
    expect(page).to_have_url(re.compile(r"\?tab=messages$"))
    expect(page.locator("#messages")).to_contain_text("No messages about this work order yet.")
    expect(sections.get_by_role("link", name="Messages")).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("Comment")).to_have_value("Half a sentence")
    assert_accessible(page)

    page.get_by_label("Message to the customer").fill("Your bike is ready.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#messages").get_by_role("listitem")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?tab=messages$"))

    page.go_back()
    expect(page.locator("#details")).to_be_visible()

    # An older link to a section by its anchor (…/#estimate) opens that section.
    page.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/#estimate")
    expect(page).to_have_url(re.compile(r"\?tab=estimate$"))
    expect(page.locator("#estimate-area")).to_be_visible()
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
