"""The customer answers an inspection on a phone (375 px): opens the link, starts, answers four
items across the categories (one recommended item "do not agree"), adds a comment and a photo to
one, watches the summary follow, sends with their name, and sees the thank-you state; the answers
and the event with the address are recorded."""

import pytest
from playwright.sync_api import expect

from fixloop.inspections.models import Answer, Event, InspectionVersion, Media
from tests.browser.conftest import assert_accessible
from tests.portal.inspection_fixtures import jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_customer_answers_the_inspection_on_a_phone(
    live_server, phone_page, inspection_items, inspection_path
):
    made = inspection_items
    page = phone_page
    page.goto(f"{live_server.url}{inspection_path}")
    # The welcome screen first: the items wait for "Start".
    expect(page.locator("#welcome h1")).to_have_text("Lenovo ThinkPad T14")
    expect(page.locator("#checked")).to_have_text("We checked 5 points:")
    expect(page.locator("#items")).to_be_hidden()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#items")).to_be_visible()
    expect(page.locator("#heading-scheduled")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    def choose(item, label):
        page.locator(f"#item-{item.pk}").get_by_text(label, exact=True).click()

    total = page.locator("#total-gross")
    expect(total).to_have_text("0.00 EUR")
    choose(made["scheduled"], "Repair")
    expect(total).to_have_text("178.50 EUR")
    expect(page.locator("#bar-total")).to_have_text("178.50 EUR")
    choose(made["necessary"], "Repair")
    expect(total).to_have_text("416.50 EUR")
    expect(page.locator("#total-vat")).to_have_text("66.50 EUR")
    expect(page.locator('[data-part="additional"]')).to_contain_text("Front brake pads")
    choose(made["recommended"], "Do not agree")
    choose(made["wipers"], "Contact me")
    expect(page.locator('[data-part="contact"]')).to_contain_text("Wiper blades")
    expect(total).to_have_text("416.50 EUR")  # what we talk about first is not counted
    choose(made["necessary"], "Don't repair")
    expect(total).to_have_text("178.50 EUR")
    expect(page.locator('[data-part="additional"]')).to_have_text("Nothing")
    choose(made["necessary"], "Repair")
    expect(total).to_have_text("416.50 EUR")

    necessary = page.locator(f"#item-{made['necessary'].pk}")
    necessary.get_by_text("Add a comment or photos").click()
    necessary.get_by_label("Your comment").fill("Please use original parts.")
    necessary.get_by_label("Your photos").set_input_files(
        [{"name": "my-brakes.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_label("Your name").fill("Anna Becker")
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()

    expect(page.locator("#thanks")).to_contain_text("Thank you for your answers")
    expect(page.locator("#thanks")).to_contain_text("Sent by Anna Becker")
    expect(page.locator("#answers")).to_have_count(0)
    expect(page.locator("#total-gross")).to_have_text("416.50 EUR")
    expect(page.locator(f"#item-{made['recommended'].pk} .insp-answer")).to_have_text(
        "Your answer: Do not agree"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    answers = {
        answer.item_id: answer for answer in Answer.objects.filter(item__inspection=made["inspection"])
    }
    assert {key: answer.choice for key, answer in answers.items()} == {
        made["scheduled"].pk: "repair",
        made["necessary"].pk: "repair",
        made["recommended"].pk: "disagree",
        made["wipers"].pk: "contact",
    }
    assert answers[made["necessary"].pk].comment == "Please use original parts."
    assert Media.objects.get(answer=answers[made["necessary"].pk]).content_type == "image/jpeg"
    event = Event.objects.get(inspection=made["inspection"], kind=Event.Kind.ANSWERED)
    assert event.ip == "127.0.0.1" and event.name == "Anna Becker" and "Chrome" in event.user_agent
    assert InspectionVersion.objects.get(inspection=made["inspection"]).answered_ip == "127.0.0.1"
    assert Event.objects.filter(inspection=made["inspection"], kind=Event.Kind.OPENED).count() == 2
