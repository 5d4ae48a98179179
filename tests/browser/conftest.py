"""Playwright driving Debian's Chromium against Django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; run: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch_policy_violations(page) -> list[str]:
    """The Content-Security-Policy violations Chromium reports on the page's console (a blocked
    script or style would break htmx or the page's look)."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_policy_violations(page)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_policy_violations(page)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


STAFF_PASSWORD = "correct horse battery staple"


@pytest.fixture
def demo(media_root):
    """The demo data set, as `fixloop seed` loads it (the test needs django_db(transaction=True))."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed", stdout=StringIO())


@pytest.fixture
def signed_in_staff_page(live_server, desktop_page, advisor):
    """A desktop page with the service advisor signed in to the back office."""
    from playwright.sync_api import expect

    advisor.set_password(STAFF_PASSWORD)
    advisor.save()
    page = desktop_page
    page.goto(f"{live_server.url}/staff/sign-in/")
    page.get_by_label("Username").fill(advisor.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Work orders")).to_be_visible()
    return page


# axe files these under "needs review" when it cannot rule out that the page adds the missing or
# duplicated element later; our pages are complete when axe runs, so here they are failures.
REVIEWED_AS_FAILURES = {"aria-valid-attr-value", "duplicate-id-aria", "form-field-multiple-labels"}


def assert_accessible(page) -> None:
    """axe-core (bundled with axe-playwright-python) on the page as shown: no serious or critical
    violation, and none of REVIEWED_AS_FAILURES. The message lists each rule with the first
    offending element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    serious += [v for v in results["incomplete"] if v["id"] in REVIEWED_AS_FAILURES]
    assert not serious, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes'][0]['target']}" for v in serious
    )
