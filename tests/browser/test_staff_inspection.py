"""The advisor's side of the diagnostic overview in a real browser: start the inspection, add and
price items, send it to the customer's address, see the customer open and answer it without a
reload, authorise with a thumbs up; the section passes axe-core."""

import pytest
from playwright.sync_api import expect

from fixloop.inspections.models import Inspection
from fixloop.inspections.services import answers
from tests.browser.conftest import assert_accessible
from tests.factories import customer_actor_for


@pytest.mark.django_db(transaction=True)
def test_start_price_send_see_the_answers_and_authorise(live_server, signed_in_staff_page, work_order):
    staff = signed_in_staff_page
    staff.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/?tab=inspection")
    area = staff.locator("#inspection-area")
    area.get_by_role("button", name="Start inspection").click()
    expect(area.locator("#inspection-necessary")).to_be_visible()

    for category, description, labour, parts in (
        ("Necessary repairs", "Front brake pads worn", "60.00", "40.00"),
        ("Recommended", "Wiper blades streak", "5.00", "20.00"),
    ):
        area.locator("#inspection-add summary").click()
        form = area.locator("#inspection-add-form")
        form.get_by_label("Category").select_option(label=category)
        form.get_by_label("Description").fill(description)
        form.get_by_label("Labour (net)").fill(labour)
        form.get_by_label("Parts (net)").fill(parts)
        form.get_by_role("button", name="Add item").click()
        expect(area).to_contain_text(description)
    inspection = Inspection.objects.get(work_order=work_order)
    pads, wipers = inspection.items.order_by("position")
    expect(area.locator(f"#inspection-item-{pads.pk}-prices")).to_contain_text("119.00 gross")
    expect(area.locator(f"#inspection-item-{wipers.pk}-answer")).to_contain_text("No answer yet")

    # Sent to the customer's e-mail address, ticked because it is their preferred channel.
    send = area.locator("#inspection-send-form")
    expect(send.get_by_label("anna@example.com")).to_be_checked()
    send.get_by_role("button", name="Send overview").click()
    expect(area.locator("#inspection-sent")).to_contain_text("Overview sent (version 1)")
    expect(area.locator("#inspection-log")).to_contain_text("anna@example.com")
    assert_accessible(staff)

    # The customer opens and answers; the section follows without a reload.
    staff.evaluate("window.notReloaded = true")
    customer = customer_actor_for("Anna Becker")
    answers.record_open(inspection, by=customer)
    expect(area.locator("#inspection-opened")).to_contain_text("Opened by the customer", timeout=15_000)
    expect(area.locator("#inspection-state")).to_have_text("Opened")
    answers.submit(
        inspection,
        version_number=1,
        answers={pads.pk: ("repair", "Please today"), wipers.pk: ("decline", "")},
        by=customer,
        name="Anna Becker",
    )
    expect(area.locator(f"#inspection-item-{pads.pk}-answer")).to_contain_text("Repair", timeout=15_000)
    expect(area.locator(f"#inspection-item-{wipers.pk}-answer")).to_contain_text("Don't repair")
    expect(area.locator(f"#inspection-item-{pads.pk}-comment")).to_contain_text("Please today")
    expect(area.locator("#inspection-log")).to_contain_text("198.51.100.7")
    assert staff.evaluate("window.notReloaded") is True

    # Thumbs up for the pads.
    area.get_by_role("button", name="Authorise “Front brake pads worn”", exact=True).click()
    expect(area.locator(f"#inspection-item-{pads.pk}-authorised")).to_contain_text("Authorised")
    expect(area.locator(f"#inspection-item-{pads.pk}-authorised")).to_contain_text("Anton Advisor")
    pads.refresh_from_db()
    assert pads.authorised is True
    assert_accessible(staff)
