"""An administrator in a real browser: sets up a region's client notification for a status, changes a
work order to that status and sees on the work order the message that went out."""

import re

import pytest
from playwright.sync_api import expect

from fixloop.messaging.models import Message
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs.models import Phase
from tests.factories import RegionFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def signed_in_owner(owner):
    owner.set_password(PASSWORD)
    owner.save()
    return owner


@pytest.mark.django_db(transaction=True)
def test_an_administrator_sets_up_a_regions_status_rule_and_sees_the_message_on_the_work_order(
    live_server, desktop_page, signed_in_owner, work_order, statuses
):
    region = RegionFactory(name="Berlin", code="berlin")
    customer = work_order.customer
    customer.region = region
    customer.save()
    ready = statuses[Phase.READY]
    page = desktop_page

    page.goto(f"{live_server.url}/staff/messages/")
    page.get_by_label("Username").fill(signed_in_owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Client notifications").click()
    page.get_by_role("link", name="Berlin").click()
    expect(page.get_by_role("heading", name="Client notifications · Berlin")).to_be_visible()

    page.get_by_label("Send client notifications").check()
    page.get_by_label("Reply-To address").fill("not an address")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".has-error")).to_contain_text("Enter a valid e-mail address")
    page.get_by_label("Reply-To address").fill("berlin@werkstatt.example")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_contain_text("The client notifications of Berlin are saved.")
    expect(page.locator("#region-state")).to_have_text("on")

    page.get_by_role("link", name="Edit Work order status changed").click()
    page.get_by_label("Active").check()
    page.get_by_label(ready.name_en, exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/staff/notifications/berlin/$"))
    row = page.locator("#event-workorderstatus_changed")
    expect(row).to_contain_text("on")
    expect(row).to_contain_text(f"Statuses: {ready.name_en}")

    page.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/?tab=notifications")
    page.get_by_label("New status").select_option(label=ready.name_en)
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#current-status")).to_have_text(ready.name_en)
    notifications = page.locator("#notifications")
    expect(notifications).to_contain_text("Work order status changed")
    expect(notifications).to_contain_text(f"{work_order.number}: {ready.name_en}")
    expect(notifications).to_contain_text("Queued")

    assert deliver_due() == {"sent": 1}
    page.reload()
    expect(page.locator("#notifications")).to_contain_text("Sent")
    message = Message.objects.get(work_order=work_order, kind="workorder.status_changed")
    assert message.state == Message.State.SENT
    assert message.reply_to == "berlin@werkstatt.example"
    page.locator("#notifications").get_by_role(
        "link", name=f"E-mail: {work_order.number}: {ready.name_en}"
    ).click()
    expect(page).to_have_url(re.compile(rf"/staff/messages/{message.pk}/$"))
