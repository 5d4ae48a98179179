"""The estimate loop in real browsers: the customer disputes a part price on their phone, the advisor
sees it without reloading, revises and resends; the customer sees the change and approves; the
approved jobs become work required, and the timeline has every step with time and IP address."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fixloop.estimates.models import Estimate
from fixloop.estimates.services import links
from fixloop.repairs.models import TimelineEntry


def _decide(page, job_key, decision):
    page.locator(f'input[name="job_{job_key}"][value="{decision}"]').check()


def _sign_and_send(page):
    page.get_by_label("Your full name").fill("Anna Becker")
    page.locator('input[name="authorised"]').check()
    page.get_by_role("button", name="Send my decision").click()


@pytest.mark.django_db(transaction=True)
def test_dispute_revise_and_approve(
    live_server, signed_in_staff_page, phone_page, sent_estimate, staff_actor
):
    staff, customer = signed_in_staff_page, phone_page
    work_order = sent_estimate.work_order
    display, fan = (job["key"] for job in sent_estimate.current_version.jobs)
    part = sent_estimate.jobs.get(pk=display).parts.get()
    token = links.token_of(links.link_for_estimate(sent_estimate, by=staff_actor))
    estimate_url = live_server.url + reverse("portal:estimate", kwargs={"token": token})

    # The advisor has the work order open before the customer decides.
    staff.goto(f"{live_server.url}/staff/work-orders/{work_order.number}/?tab=estimate")
    area = staff.locator("#estimate-area")
    expect(area).to_contain_text("awaiting", ignore_case=True)

    # The customer disputes the display's part price and approves the fan cleaning.
    customer.goto(estimate_url)
    expect(customer.get_by_role("heading", name=f"Estimate for repair {work_order.number}")).to_be_visible()
    expect(customer.locator("body")).to_contain_text("380.80")
    _decide(customer, display, "disputed")
    customer.locator(f'input[name="job_{display}_subject"][value="parts"]').check()
    customer.locator(f'textarea[name="job_{display}_note"]').fill("Part 4711 costs 32 euros everywhere else.")
    _decide(customer, fan, "approved")
    _sign_and_send(customer)
    expect(customer.locator("#estimate-state")).to_have_text(re.compile("dispute", re.I))

    # The advisor's page shows the dispute by itself (no reload).
    expect(area).to_contain_text("Part 4711 costs 32 euros everywhere else.", timeout=15_000)
    expect(area).to_contain_text("dispute", ignore_case=True)

    # Acknowledge, correct the part price and send version 2.
    area.get_by_role("button", name="Acknowledge the dispute").click()
    expect(area.get_by_role("button", name="Acknowledge the dispute")).to_have_count(0)
    area.get_by_text("Change or remove part 4711").click()
    part_form = area.locator(f'form[action$="/parts/{part.pk}/"]')
    part_form.get_by_label("Unit price").fill("32.00")
    part_form.get_by_role("button", name="Save part").click()
    expect(area).to_contain_text("unsent changes", ignore_case=True)
    area.get_by_role("button", name="Send version 2 to the customer").click()
    expect(area.locator("#version-2")).to_be_visible()

    # The customer sees what changed and approves the revised job; the fan keeps its approval.
    customer.goto(estimate_url)
    changes = customer.locator("body")
    expect(changes).to_contain_text("What changed since version 1")
    expect(changes).to_contain_text("380.80")
    expect(changes).to_contain_text("38.08")
    expect(customer.locator(f'input[name="job_{fan}"]')).to_have_count(0)
    _decide(customer, display, "approved")
    _sign_and_send(customer)
    expect(customer.locator("#estimate-state")).to_have_text(re.compile("approved", re.I))

    # Staff see the approval and the work required without reloading.
    expect(area).to_contain_text("approved", ignore_case=True, timeout=15_000)
    work_required = staff.locator("#work-required")
    expect(work_required).to_contain_text("Replace the display", timeout=15_000)
    expect(work_required).to_contain_text("Clean the fan")

    # The timeline has every step, with its time and IP address.
    staff.get_by_role("navigation", name="Sections of the work order").get_by_role(
        "link", name="Timeline"
    ).click()
    timeline = staff.locator("#timeline")
    for text in (
        "Estimate version 1 sent",
        "Estimate version 1 in dispute",
        "acknowledged the dispute",
        "Estimate version 2 sent",
        "Estimate version 2 approved",
    ):
        expect(timeline).to_contain_text(text)
    entries = TimelineEntry.objects.filter(work_order=work_order, kind=TimelineEntry.Kind.ESTIMATE).order_by(
        "id"
    )
    events = [(entry.data["event"], entry.actor, entry.ip) for entry in entries]
    assert events == [
        ("submitted", "staff", "192.0.2.10"),  # the fixture's advisor request
        ("decided", "customer", "127.0.0.1"),
        ("dispute_acknowledged", "staff", "127.0.0.1"),
        ("submitted", "staff", "127.0.0.1"),
        ("decided", "customer", "127.0.0.1"),
    ]
    assert all(entry.created_at for entry in entries)
    assert Estimate.objects.get(pk=sent_estimate.pk).state == Estimate.State.APPROVED
