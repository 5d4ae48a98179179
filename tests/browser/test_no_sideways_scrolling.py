"""No page of the demo scrolls sideways on a 375 px phone: every staff page (signed in as the demo's
administrator, who sees every page, the configuration included) and every customer page (public,
with links issued as staff issue them, and the portal signed in as the demo's portal login)."""

import pytest

from tests.browser import demo_pages

pytestmark = pytest.mark.django_db(transaction=True)


def too_wide(page, base: str, paths: list[str]) -> list[str]:
    """The paths whose page is wider than the window, with the widest offending elements."""
    found = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, f"{path} answered {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.evaluate("window.innerWidth"):
            culprits = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                     .filter(element => element.getBoundingClientRect().right > window.innerWidth)
                     .slice(-3).map(element => element.outerHTML.slice(0, 120))"""
            )
            found.append(f"{path}: {width} px wide: {culprits}")
    return found


def test_no_staff_page_scrolls_sideways_on_a_phone(live_server, phone_page, demo):
    paths = demo_pages.staff_paths()
    demo_pages.sign_in_staff(phone_page, live_server.url, "admin")
    assert not too_wide(phone_page, live_server.url, paths)


def test_no_customer_page_scrolls_sideways_on_a_phone(live_server, phone_page, demo):
    public, portal = demo_pages.public_customer_paths(), demo_pages.portal_paths()
    base = live_server.url
    problems = too_wide(phone_page, base, public)
    demo_pages.sign_in_portal(phone_page, base)
    problems += too_wide(phone_page, base, portal)
    assert not problems
