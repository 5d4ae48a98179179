"""Every page a customer sees, on a phone (375 px) and in German and English, passes axe-core with no
serious or critical violation, and does not scroll sideways. The shop has a logo, which every page
with a header shows (loaded); in the German runs its brand colour is one too light for white text
(the pages put dark text on it and darken its links, shop/colours.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.customers.models import CustomerAccount
from fixloop.customers.services import portal_access
from fixloop.estimates.services import links as estimate_links
from fixloop.portal import approval_links
from fixloop.portal.links import tracking_link_path
from fixloop.repairs import services
from tests.browser.conftest import assert_accessible
from tests.portal.accounts_fixtures import PASSWORD
from tests.shop.logo_files import give_the_shop_a_logo, image_bytes

PHOTO = b"\x89PNG\r\n\x1a\n" + b"photo" + b"\x00" * 64


LIGHT_BRAND_COLOUR = "#ffd400"


@pytest.fixture(autouse=True)
def _branded_shop(request, transactional_db, media_root):
    """A wide logo with a dark background (it sits on a white tile in the header) and, for German, a
    light brand colour."""
    colour = LIGHT_BRAND_COLOUR if request.node.callspec.params.get("locale") == "de-DE" else "#0b6e4f"
    give_the_shop_a_logo(image_bytes("PNG", (600, 120), "#1d2327"), brand_colour=colour)


def check(page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], url
    if "/embed/" not in url:  # embedded pages have no header
        assert page.evaluate(
            "[...document.querySelectorAll('header .brand-logo')].map(img => img.complete && img.naturalWidth)"
        ) == [600], url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_customer_pages_pass_axe_on_a_phone(
    live_server, browser, locale, media_root, work_order, sent_estimate, staff_actor, customer
):
    services.add_comment(work_order, "The new screen is ordered.", public=True, by=staff_actor)
    services.attach_file(
        work_order, SimpleUploadedFile("diagnosis.png", PHOTO, "image/png"), public=True, by=staff_actor
    )
    link = services.issue_link(work_order, by=staff_actor)
    estimate_url = approval_links.url_of(estimate_links.link_for_estimate(sent_estimate, by=staff_actor))
    approvals_url = approval_links.url_of(estimate_links.link_for_account(customer, by=staff_actor))
    invitation = portal_access.invite(customer, "anna.becker@example.com", by=staff_actor)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    try:
        for path in [
            "/track/",
            "/embed/track/",
            tracking_link_path(link),
            estimate_url.split("://", 1)[1].split("/", 1)[1],
            approvals_url.split("://", 1)[1].split("/", 1)[1],
            f"/portal/invitation/{invitation}/",
            "/portal/account/login/",
            "/portal/account/login/code/",
            "/portal/account/password/reset/",
        ]:
            check(page, f"{base}/{path.lstrip('/')}")
        # The embedded tracking page, unknown links, and the forms sent empty (their field messages).
        for path in [
            tracking_link_path(link, embed=True),
            "/track/t/no-such-link/",
            "/estimate/no-such-link/",
        ]:
            check(page, f"{base}{path}")
        for path, button in [
            ("/track/", "form.lookup-form button"),
            (estimate_url.split("://", 1)[1].split("/", 1)[1], "#decision-form button[type=submit]"),
            (approvals_url.split("://", 1)[1].split("/", 1)[1], "main form button.primary"),
        ]:
            page.goto(f"{base}/{path.lstrip('/')}")
            page.evaluate("document.querySelectorAll('form').forEach(form => { form.noValidate = true; })")
            page.locator(button).last.click()
            page.wait_for_load_state()
            assert page.locator(".error, .errors").count(), path
            assert_accessible(page)
        portal_access.accept_invitation(invitation, password=PASSWORD, name="Anna Becker")
        page.goto(f"{base}/portal/account/login/")
        page.locator("input[name=login]").fill("anna.becker@example.com")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{base}/portal/")
        for path in ["/portal/", "/portal/account/sessions/", "/portal/account/password/change/"]:
            check(page, f"{base}{path}")
        # Repairs, estimates, units and details, in the account's language (the locale's here).
        CustomerAccount.objects.filter(pk=customer.pk).update(language=locale[:2])
        for path in [
            "/portal/repairs/",
            f"/portal/repairs/{work_order.number}/",
            "/portal/estimates/",
            f"/portal/estimates/{sent_estimate.pk}/",
            f"/portal/estimates/approve/{customer.pk}/",
            "/portal/units/",
            "/portal/units/add/",
            "/portal/details/",
        ]:
            check(page, f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == locale[:2]
    finally:
        context.close()


# Booking requests: the public form and its confirmation link, and the signed-in booking pages.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_booking_pages_pass_axe_on_a_phone(
    live_server, browser, locale, media_root, customer, unit, location, statuses, staff_actor
):
    from datetime import time

    from django.utils import timezone

    from fixloop.bookings import services as bookings
    from fixloop.bookings.slots import free_slots
    from fixloop.core.actor import Actor, ActorKind
    from fixloop.messaging.models import Message
    from fixloop.shop.models import OpeningHours
    from tests.portal.accounts_fixtures import link_in

    location.booking_capacity = 2
    location.save()
    for weekday in range(7):
        OpeningHours.objects.create(location=location, weekday=weekday, opens=time(8), closes=time(18))
    free = free_slots(location, timezone.localdate(), 14)
    invitation = portal_access.invite(customer, "anna.becker@example.com", by=staff_actor)
    person = portal_access.accept_invitation(invitation, password=PASSWORD, name="Anna Becker")
    asked = bookings.submit(
        customer=customer,
        unit=unit,
        location=location,
        problem_description="The screen flickers.",
        slots=[free[0].starts_at],
        by=Actor(ActorKind.CUSTOMER, user=person, name="Anna Becker"),
    )
    bookings.suggest(
        asked, version=asked.version, slots=[free[2].starts_at, free[3].starts_at], by=staff_actor
    )
    bookings.submit_public(
        name="Clara Neumann",
        email="clara@example.net",
        location=location,
        unit_description="Dell XPS 13",
        problem_description="The battery is swollen.",
        slots=[free[5].starts_at],
        by=Actor.system("test"),
    )
    confirm_path = link_in(Message.objects.get(kind="booking.confirm_email"), "/book/confirm/")
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    try:
        for path in ["/book/", "/embed/book/", "/book/?sent=1", confirm_path]:
            check(page, f"{base}{path}")
        page.goto(f"{base}/portal/account/login/")
        page.locator("input[name=login]").fill("anna.becker@example.com")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{base}/portal/")
        for path in ["/portal/bookings/", "/portal/bookings/new/", f"/portal/bookings/{asked.pk}/"]:
            check(page, f"{base}{path}")
        page.locator("#counter summary").click()  # the counter-proposal's slot picker, opened
        page.locator("#counter .slot-chip").first.click()
        assert_accessible(page)
        page.goto(f"{base}/portal/bookings/new/")
        page.locator("select[name=unit]").select_option("new")  # the new unit's fields, shown
        page.locator("form.booking-form button.primary").click()  # sent empty: the field messages
        page.wait_for_load_state()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


# The account pages around signing in, and the pages of links that arrive by e-mail.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_account_and_e_mailed_link_pages_pass_axe_on_a_phone(
    live_server, browser, locale, work_order, customer, staff_actor
):
    import re

    from fixloop.messaging.models import Message
    from tests.factories import customer_actor_for

    link = services.issue_link(work_order, by=staff_actor)
    services.correct_contact_details(link, {"email": "new.address@example.net"}, by=customer_actor_for())
    notice = Message.objects.get(kind="customer.contact_changed", channel="email")
    report_path = re.search(r"/portal/contact-change/[A-Za-z0-9_-]+/", notice.body_text).group(0)
    portal_access.accept_invitation(
        portal_access.invite(customer, "anna.becker@example.com", by=staff_actor),
        password=PASSWORD,
        name="Anna Becker",
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    try:
        for path in [
            report_path,  # "this wasn't me", from the old address
            "/portal/contact-change/no-such-link/",
            "/portal/invitation/no-such-invitation/",
            "/portal/account/signup/",
            "/portal/account/inactive/",
            "/portal/account/password/reset/done/",
            "/portal/account/password/reset/key/1-no-such-key/",
        ]:
            check(page, f"{base}{path}")
        page.goto(f"{base}/portal/account/login/code/")
        page.locator("input[name=email]").fill("anna.becker@example.com")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r".*/portal/account/login/code/confirm/"))
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


# Invoices waiting for the customer's authorisation: the page behind the link (waiting, refused
# empty forms, disputed with the thread, final), and the signed-in list and page.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_invoice_pages_pass_axe_on_a_phone(
    live_server, browser, locale, submitted_invoice, invoice_link_path, staff_actor, customer, customer_actor
):
    from fixloop.invoicing import services as invoicing

    CustomerAccount.objects.filter(pk=customer.pk).update(language=locale[:2])
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    try:
        check(page, f"{base}{invoice_link_path}")
        check(page, f"{base}/invoice/no-such-link/")
        for form in ("#authorise-form", "#dispute-form"):
            page.goto(f"{base}{invoice_link_path}")
            page.locator(f"{form} button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".error, .errors").count(), form
            assert_accessible(page)
        invoicing.dispute(submitted_invoice, revision=1, note="The fan was not cleaned.", by=customer_actor)
        invoicing.reply(submitted_invoice, note="We will take it off.", by=staff_actor)
        check(page, f"{base}{invoice_link_path}")
        invoicing.revise(submitted_invoice, by=staff_actor)
        check(page, f"{base}{invoice_link_path}")
        invoicing.submit(submitted_invoice, by=staff_actor)
        invoicing.authorise(submitted_invoice, revision=2, signed_name="Anna", ticked=True, by=customer_actor)
        check(page, f"{base}{invoice_link_path}?done=authorised")
        invitation = portal_access.invite(customer, "anna.becker@example.com", by=staff_actor)
        portal_access.accept_invitation(invitation, password=PASSWORD, name="Anna Becker")
        page.goto(f"{base}/portal/account/login/")
        page.locator("input[name=login]").fill("anna.becker@example.com")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{base}/portal/")
        for path in ["/portal/invoices/", f"/portal/invoices/{submitted_invoice.pk}/"]:
            check(page, f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == locale[:2]
    finally:
        context.close()


# The inspection (diagnostic overview): the page behind its link (welcome screen, the items after
# "Start", sent empty with its field messages, answered), an unknown link, and the signed-in pages.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["en-GB", "de-DE"])
def test_inspection_pages_pass_axe_on_a_phone(
    live_server, browser, locale, inspection_items, inspection_path, staff_actor, customer
):
    from fixloop.inspections.services import answers
    from fixloop.portal.inspection_links import portal_inspection_path
    from tests.factories import customer_actor_for

    CustomerAccount.objects.filter(pk=customer.pk).update(language=locale[:2])
    inspection = inspection_items["inspection"]
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    try:
        check(page, f"{base}{inspection_path}")
        page.locator("#start").click()
        assert_accessible(page)
        page.locator("#send button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".error, .errors").count()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        check(page, f"{base}/inspection/no-such-link/")
        invitation = portal_access.invite(customer, "anna.becker@example.com", by=staff_actor)
        portal_access.accept_invitation(invitation, password=PASSWORD, name="Anna Becker")
        page.goto(f"{base}/portal/account/login/")
        page.locator("input[name=login]").fill("anna.becker@example.com")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{base}/portal/")
        check(page, f"{base}/portal/")
        check(page, f"{base}/portal/inspections/")
        check(page, f"{base}{portal_inspection_path(inspection.pk)}")
        page.locator("#start").click()
        assert_accessible(page)
        answers.submit(
            inspection,
            version_number=1,
            answers={inspection_items["scheduled"].pk: ("repair", "Also check the <b>lights</b>.")},
            by=customer_actor_for(),
            name="Anna Becker",
        )
        check(page, f"{base}{portal_inspection_path(inspection.pk)}")
        check(page, f"{base}{inspection_path}?done=answered")
        assert page.locator("#thanks").count() == 1
        assert page.locator("html").get_attribute("lang") == locale[:2]
    finally:
        context.close()
