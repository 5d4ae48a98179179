"""Run now, in a real browser: the run page shows its progress while a worker sends the reports,
then every account's outcome, without the advisor reloading it."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from fixloop.customers.models import CustomerAccount
from fixloop.reports.models import ReportRun, ReportSubscription
from fixloop.reports.tasks import process_report_run


@pytest.mark.django_db(transaction=True)
def test_run_now_shows_the_progress_then_each_accounts_outcome(
    live_server, signed_in_staff_page, advisor, customer, other_customer
):
    # Administrators may by default; this advisor was given the permission by hand.
    advisor.user_permissions.add(Permission.objects.get(codename="start_report_run"))
    ReportSubscription.objects.create(customer=customer, active=True)
    CustomerAccount.objects.filter(pk=other_customer.pk).update(email="bernd@")  # imported, no domain
    ReportSubscription.objects.create(customer=other_customer, active=True)
    page = signed_in_staff_page

    page.goto(f"{live_server.url}/staff/status-reports/")
    expect(page.get_by_text("No status reports have been sent yet.")).to_be_visible()
    page.get_by_role("button", name="Run now").click()

    expect(page.get_by_role("heading", name=re.compile("Status reports of"))).to_be_visible()
    progress = page.locator("#run-progress")
    expect(progress).to_contain_text("Running · Sent: 0 · Skipped: 0 · Failed: 0")
    expect(progress.locator("progress")).to_have_attribute("max", "2")
    expect(page.get_by_text("No accounts in this run yet.")).to_be_visible()

    process_report_run.call(ReportRun.objects.get().pk)  # what a worker does with the run's task

    expect(progress).to_contain_text("Finished · Sent: 1 · Skipped: 1 · Failed: 0")
    expect(progress.locator("progress")).to_have_count(0)
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Anna Becker")).to_contain_text("Sent")
    expect(rows.filter(has_text="Anna Becker").locator("td[data-label='Sent by']")).to_have_text("E-mail")
    skipped = rows.filter(has_text="Bernd Schulz")
    expect(skipped).to_contain_text("Skipped")
    expect(skipped).to_contain_text("The e-mail address bernd@ is not valid")
