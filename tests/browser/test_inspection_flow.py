"""The diagnostic overview from end to end, in real browsers: the advisor sends it by text message;
the customer opens the link from the text on a phone (375 px) and answers four items across the
categories, with a comment and a photo; the advisor's work-order page shows "opened" and then
"answered" without a reload; the advisor authorises two items with a thumbs up; the technician's
view shows exactly those two."""

import re

import pytest
from playwright.sync_api import expect

from fixloop.inspections.models import Answer, Event
from fixloop.inspections.services import sending
from fixloop.messaging.models import Message
from tests.browser.conftest import STAFF_PASSWORD, assert_accessible
from tests.portal.inspection_fixtures import jpeg_bytes, make_inspection

MOBILE = "+49 151 23456789"


def sign_in(page, base: str, user) -> None:
    user.set_password(STAFF_PASSWORD)
    user.save()
    page.goto(f"{base}/staff/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.django_db(transaction=True)
def test_text_message_link_answers_authorised_items_reach_the_technician(
    live_server, browser, media_root, shop, work_order, staff_actor, advisor, technician
):
    base = live_server.url
    made = make_inspection(work_order, staff_actor)
    sending.send(made["inspection"], by=staff_actor, phones=[MOBILE])
    text = Message.objects.get(channel="sms", work_order=work_order)
    link = re.search(r"https?://\S+/inspection/[A-Za-z0-9_-]{43}/", text.body_text).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    contexts = []

    def new_page(width, height):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    try:
        # The advisor watches the work order's inspection tab.
        staff = new_page(1280, 900)
        sign_in(staff, base, advisor)
        staff.goto(f"{base}/staff/work-orders/{work_order.number}/?tab=inspection")
        area = staff.locator("#inspection-area")
        expect(area.locator("#inspection-state")).to_have_text("Sent")
        staff.evaluate("window.notReloaded = true")

        # The customer opens the link from the text message on a phone.
        phone = new_page(375, 740)
        phone.goto(f"{base}{path}")
        expect(area.locator("#inspection-state")).to_have_text("Opened")
        phone.get_by_role("button", name="Start").click()

        def choose(item, label):
            phone.locator(f"#item-{item.pk}").get_by_text(label, exact=True).click()

        choose(made["scheduled"], "Repair")
        choose(made["necessary"], "Repair")
        choose(made["recommended"], "Do not agree")
        choose(made["wipers"], "Contact me")
        necessary = phone.locator(f"#item-{made['necessary'].pk}")
        necessary.get_by_text("Add a comment or photos").click()
        necessary.get_by_label("Your comment").fill("Please use original parts.")
        necessary.get_by_label("Your photos").set_input_files(
            [{"name": "my-brakes.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
        )
        phone.get_by_label("Your name").fill("Anna Becker")
        assert_accessible(phone)
        phone.get_by_role("button", name="Send my answers").click()
        expect(phone.locator("#thanks")).to_contain_text("Thank you for your answers")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375

        # The advisor sees the answers arrive without reloading, and authorises two items.
        expect(area.locator("#inspection-state")).to_have_text("Answered")
        expect(area.locator(f"#inspection-item-{made['necessary'].pk}-answer")).to_contain_text("Repair")
        expect(area.locator(f"#inspection-item-{made['necessary'].pk}-comment")).to_contain_text(
            "Please use original parts."
        )
        expect(area.locator(f"#inspection-item-{made['recommended'].pk}-answer")).to_contain_text(
            "Do not agree"
        )
        expect(area.locator("#inspection-log")).to_contain_text("127.0.0.1")
        assert staff.evaluate("window.notReloaded") is True
        for item in (made["scheduled"], made["necessary"]):
            area.get_by_role("button", name=f"Authorise “{item.description}”", exact=True).click()
            expect(area.locator(f"#inspection-item-{item.pk}-authorised")).to_contain_text("Authorised")

        # The technician's view shows exactly the two authorised items.
        bench = new_page(768, 1024)
        sign_in(bench, base, technician)
        expect(bench).to_have_url(re.compile(r"/staff/technician/"))
        shown = bench.locator(".tech-inspection-item")
        expect(shown).to_have_count(2)
        expect(bench.locator(f"#authorised-item-{made['scheduled'].pk}")).to_contain_text("Annual service")
        expect(bench.locator(f"#authorised-item-{made['necessary'].pk}")).to_contain_text("Front brake pads")
    finally:
        for context in contexts:
            context.close()

    answers = {
        answer.item_id: answer.choice for answer in Answer.objects.filter(item__inspection=made["inspection"])
    }
    assert answers == {
        made["scheduled"].pk: "repair",
        made["necessary"].pk: "repair",
        made["recommended"].pk: "disagree",
        made["wipers"].pk: "contact",
    }
    assert Event.objects.filter(inspection=made["inspection"], kind="answered", name="Anna Becker").exists()
