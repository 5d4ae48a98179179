"""The portal loop in real browsers: a customer on a phone, signed in to the portal, asks for an
appointment; the advisor suggests another time; the customer accepts it; the advisor confirms and
creates an estimate; the customer approves the estimate from the portal; the advisor's page shows
the approval without a reload. Every customer page on the way passes axe-core."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fixloop.estimates import services as estimates
from fixloop.estimates.models import Estimate, Job
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import Weekday
from tests.bookings.factories import open_on
from tests.browser.conftest import STAFF_PASSWORD, assert_accessible
from tests.portal.accounts_fixtures import PASSWORD


@pytest.fixture
def bookable(location, shop):
    location.booking_capacity = 2
    location.save()
    open_on(location, list(Weekday), ("08:00", "18:00"))  # every day, so the test runs on any day
    return location


@pytest.mark.django_db(transaction=True)
def test_book_negotiate_confirm_and_approve_from_the_portal(
    shop,
    bookable,
    portal_user,
    unit,
    statuses,
    vat_standard,
    staff_actor,
    advisor,
    live_server,
    desktop_page,
    phone_page,
):
    staff, customer = desktop_page, phone_page
    base = live_server.url
    advisor.set_password(STAFF_PASSWORD)
    advisor.save()
    staff.goto(f"{base}/staff/sign-in/")
    staff.get_by_label("Username").fill(advisor.username)
    staff.get_by_label("Password").fill(STAFF_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("heading", name="Work orders")).to_be_visible()

    # The customer signs in on their phone and asks for an appointment.
    customer.goto(f"{base}/portal/account/login/")
    customer.locator("input[name=login]").fill(portal_user.email)
    customer.locator("input[name=password]").fill(PASSWORD)
    customer.get_by_role("button", name="Sign in").click()
    expect(customer).to_have_url(f"{base}/portal/")
    customer.goto(f"{base}/portal/bookings/new/")
    assert_accessible(customer)
    customer.get_by_label("Device or vehicle").select_option(str(unit.pk))
    customer.get_by_label("What is the problem?").fill("The fan is loud and the battery drains overnight.")
    customer.locator(".slot-picker input[name=slots]").first.check()
    customer.locator(".booking-form button.primary").click()
    expect(customer).to_have_url(re.compile(r"/portal/bookings/\d+/$"))
    assert_accessible(customer)
    booking = ServiceRequest.objects.get()
    assert booking.state == ServiceRequest.State.PENDING and booking.customer == unit.customer

    # The advisor suggests another time.
    staff.goto(f"{base}/staff/service-requests/{booking.pk}/")
    suggest = staff.locator("#suggest")
    suggest.locator("input[name=slots]").nth(3).check()
    suggest.get_by_label("Message to the customer (optional)").fill(
        "Your time is taken; would this one suit you?"
    )
    suggest.get_by_role("button", name="Send the suggestion").click()
    expect(staff.locator("body")).to_contain_text("Waiting for the customer")

    # The customer's page shows the suggestion by itself; they accept it.
    accept = customer.locator(".accept-form")
    expect(accept).to_be_visible(timeout=25_000)
    expect(customer.locator("body")).to_contain_text("would this one suit you?")
    assert_accessible(customer)
    accept.locator("input[type=radio]").first.check()
    accept.get_by_role("button", name="Accept this time").click()
    expect(customer.locator(".accept-form")).to_have_count(0)

    # The advisor confirms and creates an estimate; the work order page opens.
    staff.reload()
    staff.locator("#confirm").get_by_role("button", name="Confirm and create an estimate").click()
    expect(staff).to_have_url(re.compile(r"/staff/work-orders/[^/]+/"))
    booking.refresh_from_db()
    assert booking.state == ServiceRequest.State.ACCEPTED and booking.work_order is not None
    estimate = Estimate.objects.get(work_order=booking.work_order)

    # The advisor prices the job (the estimate editor has its own browser test) and sends it.
    estimates.save_job(
        estimate,
        by=staff_actor,
        description="Replace the fan and the battery",
        pricing=Job.Pricing.HOURLY,
        hours=Decimal("1.50"),
        hourly_rate=Decimal("80.00"),
        vat_rate=vat_standard,
    )
    estimates.submit(estimate, by=staff_actor, notify=False)
    staff.goto(f"{base}/staff/work-orders/{booking.work_order.number}/?tab=estimate")
    area = staff.locator("#estimate-area")
    expect(area).to_contain_text("awaiting", ignore_case=True)

    # The customer approves it from the portal.
    customer.goto(f"{base}/portal/estimates/")
    assert_accessible(customer)
    customer.locator(f"#estimate-{estimate.pk}").get_by_role("link", name="See and decide").click()
    expect(customer.locator("body")).to_contain_text("Replace the fan and the battery")
    assert_accessible(customer)
    customer.locator('input[value="approved"]').first.check()
    customer.get_by_label("Your full name").fill("Anna Becker")
    customer.locator('input[name="authorised"]').check()
    customer.get_by_role("button", name="Send my decision").click()
    expect(customer.locator("#estimate-state")).to_have_text(re.compile("approved", re.I))

    # The advisor's page shows the approval without a reload.
    expect(area).to_contain_text("approved", ignore_case=True, timeout=25_000)
    expect(staff.locator("#work-required")).to_contain_text("Replace the fan and the battery", timeout=25_000)
