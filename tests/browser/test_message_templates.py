"""The template editor's preview shows the whole e-mail in its frame, as typed, under the
Content-Security-Policy (the e-mail's inline styles allowed, nothing else)."""

import pytest
from playwright.sync_api import expect

from fixloop.shop.models import ShopProfile

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_preview_frame_shows_the_whole_email_and_follows_the_typing(live_server, signed_in_staff_page):
    ShopProfile.objects.update_or_create(pk=1, defaults={"name": "Repair Café", "brand_colour": "#7c3aed"})
    page = signed_in_staff_page
    page.goto(f"{live_server.url}/staff/templates/workorder.closed/email/en/")
    mail = page.frame_locator("iframe.mail-preview")
    expect(mail.locator("body")).to_contain_text("Thank you for your trust.")
    expect(mail.locator("body")).to_contain_text("Kind regards")
    header = mail.get_by_text("Repair Café", exact=True)
    expect(header).to_have_css("background-color", "rgb(124, 58, 237)")  # the shop's colour
    page.locator("textarea[name=body]").fill(
        'Hello "{{ customer_name }}",\n\nThe last line <b>stays</b> text.'
    )
    expect(mail.locator("body")).to_contain_text("The last line <b>stays</b> text.")
    expect(mail.locator("body")).to_contain_text('Hello "Anna Becker",')
