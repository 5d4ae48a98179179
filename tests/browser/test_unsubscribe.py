"""The unsubscribe page of recurring mail in a browser, on a phone, in the customer's language:
accessible (axe-core), and its button opts the customer out."""

from urllib.parse import urlsplit

import pytest

from fixloop.messaging.models import KindOptOut
from fixloop.portal.links import unsubscribe_url
from tests.browser.conftest import assert_accessible


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "button", "done"),
    [("en", "Unsubscribe", "You are unsubscribed"), ("de", "Abmelden", "Sie sind abgemeldet")],
)
def test_the_unsubscribe_page_is_accessible_and_its_button_opts_out(
    live_server, phone_page, customer, language, button, done
):
    customer.language = language
    customer.save()
    page = phone_page
    page.goto(live_server.url + urlsplit(unsubscribe_url(customer.pk, "status_report")).path)
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    assert not KindOptOut.objects.exists()
    page.get_by_role("button", name=button).click()
    page.get_by_role("heading", name=done).wait_for()
    assert_accessible(page)
    assert KindOptOut.objects.get(customer=customer).kind == "status_report"
