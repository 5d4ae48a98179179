"""A list refreshes by itself: a work order opened elsewhere appears in the filtered list without a
reload, while the filters, the text typed in the search field and the scroll position stay."""

import re

import pytest
from playwright.sync_api import expect

from fixloop.backoffice import context_processors
from fixloop.repairs import services
from tests.browser.conftest import STAFF_PASSWORD, watch_policy_violations


@pytest.fixture
def quick_refresh(monkeypatch):
    monkeypatch.setattr(context_processors, "LIVE_SECONDS", 1)


@pytest.mark.django_db(transaction=True)
def test_a_new_work_order_appears_in_the_filtered_list_and_the_filters_and_typed_text_stay(
    live_server, browser, advisor, quick_refresh, work_order, customer, unit, location, staff_actor
):
    advisor.set_password(STAFF_PASSWORD)
    advisor.save()
    context = browser.new_context(viewport={"width": 1280, "height": 300}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_policy_violations(page)
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(advisor.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/staff/?state=open&location={location.pk}")
    search = page.get_by_label("Search")
    search.fill(customer.name)
    expect(page).to_have_url(re.compile(r"q="))
    results = page.locator("#results")
    expect(results.get_by_role("link", name=work_order.number)).to_be_visible()
    page.evaluate("window.scrollTo(0, 120)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0

    opened = services.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Brakes squeal.", by=staff_actor
    )
    expect(results.get_by_role("link", name=opened.number)).to_be_attached(timeout=15_000)

    assert search.input_value() == customer.name
    expect(page.get_by_label("Location")).to_have_value(str(location.pk))
    expect(page.get_by_label("Open or closed")).to_have_value("open")
    assert page.evaluate("window.scrollY") == scrolled
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
