"""A technician's job on a tablet: sign in, clock on, clock off, mark the unit ready."""

import re

import pytest
from playwright.sync_api import expect

from fixloop.messaging.models import Message
from fixloop.repairs.models import Phase, TimeEntry
from tests.browser.conftest import watch_policy_violations
from tests.messaging import notification_fixtures

PASSWORD = "correct horse battery staple"
region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region
notified_customer = notification_fixtures.notified_customer


@pytest.fixture
def tablet_page(browser):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_policy_violations(page)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.mark.django_db(transaction=True)
def test_a_technician_clocks_on_and_off_and_marks_the_unit_ready_on_a_tablet(
    live_server, tablet_page, technician, notified_customer, approved, ready_status
):
    technician.set_password(PASSWORD)
    technician.save()
    page = tablet_page
    number = approved.number

    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(technician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/staff/technician/"))
    job = page.locator(f"#job-{number}")
    expect(job).to_contain_text("Replace the display")

    job.get_by_role("button", name="Clock on").click()
    expect(job.get_by_role("button", name=re.compile("Clock off"))).to_contain_text("on since")
    assert TimeEntry.objects.get(technician=technician).ended_at is None

    job.get_by_role("button", name=re.compile("Clock off")).click()
    expect(job.get_by_role("button", name="Clock on")).to_be_visible()
    assert TimeEntry.objects.get(technician=technician).ended_at is not None

    before = Message.objects.filter(work_order=approved).count()
    job.get_by_role("button", name="Unit ready").click()
    expect(job.get_by_role("button", name="Unit is ready")).to_be_disabled()
    approved.refresh_from_db()
    assert approved.status.phase == Phase.READY
    assert Message.objects.filter(work_order=approved).count() == before + 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768
