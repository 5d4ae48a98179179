"""Work-order numbers never break across lines (2026-00013 would at its hyphen) on a phone: in the
staff list, on the staff work-order page and on the customer's tracking page."""

import pytest

from fixloop.portal.links import tracking_link_path
from fixloop.repairs import services
from tests.browser.conftest import STAFF_PASSWORD


def white_space_of(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "elements => elements.map(e => getComputedStyle(e).whiteSpace)"
    )


@pytest.mark.django_db(transaction=True)
def test_work_order_numbers_do_not_wrap(live_server, phone_page, advisor, work_order, staff_actor):
    page = phone_page
    link = services.issue_link(work_order, by=staff_actor)
    page.goto(f"{live_server.url}{tracking_link_path(link)}")
    assert white_space_of(page, "h1 .wo-number") == ["nowrap"]
    assert page.locator("h1 .wo-number").inner_text() == work_order.number

    advisor.set_password(STAFF_PASSWORD)
    advisor.save()
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(advisor.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Work orders").wait_for()
    assert white_space_of(page, f'#results a[href="/staff/work-orders/{work_order.number}/"]') == ["nowrap"]
    page.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/")
    assert white_space_of(page, "h1 .wo-number") == ["nowrap"]
