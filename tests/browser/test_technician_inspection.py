"""A technician inspects on a tablet (768 px): from the job card to the checklist, rates three points
(one with a measurement beside the last visit's), adds an item with a photo; nothing scrolls
sideways and axe-core finds no serious violation."""

import re
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect

from fixloop.inspections.models import Checklist, Inspection, InspectionItem, Measurement, Media
from fixloop.inspections.services import checklists, items
from fixloop.repairs import services
from tests.browser.conftest import assert_accessible, watch_policy_violations

PASSWORD = "correct horse battery staple"


@pytest.fixture
def tablet_page(browser):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_policy_violations(page)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def checklist(db):
    checklist = Checklist.objects.create(name="Annual service")
    checklist.points.create(position=1, label="Lights and indicators")
    checklist.points.create(
        position=2, label="Tyre front left", measurement="Tread depth FL", measurement_unit="mm"
    )
    checklist.points.create(position=3, label="Brake pads front")
    return checklist


@pytest.fixture
def earlier_visit(customer, unit, location, statuses, staff_actor, checklist, media_root):
    """The unit was inspected on 14 Mar 2026: 4 mm tread depth front left."""
    with time_machine.travel(datetime(2026, 3, 14, 9, 0, tzinfo=UTC), tick=False):
        earlier = services.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="Service", by=staff_actor
        )
        inspection = items.start(earlier, by=staff_actor, checklist=checklist)
        checklists.rate_point(
            inspection, checklist.points.get(position=2), "yellow", by=staff_actor, value=Decimal("4")
        )
        services.close(earlier, by=staff_actor)
    return earlier


def photo_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (90, 90, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def assert_no_sideways_scrolling(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.django_db(transaction=True)
def test_a_technician_inspects_on_a_tablet(
    live_server, tablet_page, technician, work_order, staff_actor, earlier_visit, checklist, media_root
):
    services.update_details(work_order, technician=technician, by=staff_actor)
    technician.set_password(PASSWORD)
    technician.save()
    page = tablet_page
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(technician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/staff/technician/$"))

    page.locator(f"#job-{work_order.number}").get_by_role("link", name="Inspection").click()
    page.get_by_label("Checklist").select_option(label="Annual service")
    page.get_by_role("button", name="Start the inspection").click()
    progress = page.locator("#progress")
    expect(progress).to_contain_text("0 of 3 points rated")
    assert_no_sideways_scrolling(page, 768)
    assert_accessible(page)

    lights, tyre, brakes = (
        page.locator(f"#point-{point.pk}") for point in checklist.points.order_by("position")
    )
    # a rating saves without leaving the page: the point and the progress change, the page stays
    page.evaluate("window.notReloaded = true")
    lights.get_by_role("button", name="OK").click()
    expect(lights.get_by_role("button", name="OK")).to_have_attribute("aria-pressed", "true")
    expect(progress).to_contain_text("1 of 3 points rated")

    expect(tyre).to_contain_text("last visit 14 Mar 2026: 4 mm")
    tyre.get_by_label("Tread depth FL (mm)").fill("3.5")
    tyre.get_by_role("button", name="Recommended").click()
    expect(tyre.get_by_role("button", name="Recommended")).to_have_attribute("aria-pressed", "true")
    expect(progress).to_contain_text("2 of 3 points rated")
    expect(tyre.get_by_label("Tread depth FL (mm)")).to_have_value(re.compile(r"^3\.50?$"))

    brakes.get_by_label("Note (optional)").fill("Pads at 2 mm, disc scored")
    brakes.get_by_role("button", name="Necessary").click()
    expect(progress).to_contain_text("3 of 3 points rated")
    assert page.evaluate("window.notReloaded") is True

    inspection = Inspection.objects.get(work_order=work_order)
    assert Measurement.objects.get(inspection=inspection).value == Decimal("3.5")
    rated = {item.description: (item.rating, item.category) for item in inspection.items.all()}
    assert rated == {
        "Lights and indicators": ("green", "ok"),
        "Tyre front left": ("yellow", "recommended"),
        "Brake pads front": ("red", "necessary"),
    }

    # an item beside the checklist, with a photo from the camera
    add = page.locator("#add-item")
    add.get_by_label("Category").select_option(label="Recommended")
    add.get_by_label("What was found").fill("Wiper blades smear")
    add.get_by_label("Note").fill("Both front blades")
    add.get_by_role("button", name="Add item").click()
    item = InspectionItem.objects.get(inspection=inspection, description="Wiper blades smear")
    card = page.locator(f"#item-{item.pk}")
    expect(card).to_contain_text("Both front blades")
    card.get_by_label("Photo or video").set_input_files(
        files=[{"name": "wipers.png", "mimeType": "image/png", "buffer": photo_bytes()}]
    )
    card.get_by_role("button", name="Upload").click()
    expect(card.locator("img")).to_be_visible()
    assert page.locator(f"#item-{item.pk} img").evaluate("image => image.naturalWidth") > 0
    assert Media.objects.get().item == item
    assert_no_sideways_scrolling(page, 768)
    assert_accessible(page)
