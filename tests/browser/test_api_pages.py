"""The API's interactive docs and the back office's API tokens page in a real browser: no
Content-Security-Policy violation (the page fixtures fail on one), nothing from a CDN."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_content_security_policy(live_server, desktop_page):
    outside = []
    desktop_page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    desktop_page.goto(f"{live_server.url}/api/v1/docs")
    expect(desktop_page.get_by_role("heading", name="Fixloop API")).to_be_visible()
    expect(desktop_page.get_by_text("/api/v1/customers").first).to_be_visible()
    assert outside == []


def test_an_administrator_creates_a_token_in_the_back_office(live_server, desktop_page, owner, shop):
    owner.set_password("correct horse battery staple")
    owner.save()
    page = desktop_page
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/staff/integrations/tokens/")
    page.get_by_label("Integration").fill("Dealer system")
    page.get_by_label("Work orders: read").check()
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#token-value")).to_have_value(re.compile(r"^fxl_"))
    expect(page.locator("#tokens")).to_contain_text("Dealer system")


def test_the_tokens_page_fits_a_phone(live_server, phone_page, owner, shop):
    from fixloop.api.services import tokens

    tokens.create_token(name="Dealer system with a long name", scopes=["work_orders:read"], by=owner)
    owner.set_password("correct horse battery staple")
    owner.save()
    page = phone_page
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/staff/integrations/tokens/")
    expect(page.locator("#tokens")).to_contain_text("Dealer system")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
