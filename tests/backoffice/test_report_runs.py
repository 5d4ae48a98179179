"""The status report runs in the back office: the list with counts and one run's accounts."""

from datetime import UTC, date, datetime, time

import time_machine
from django_tasks_db.models import DBTaskResult

from fixloop.reports import services
from fixloop.reports.models import ReportRun, ReportSchedule, ReportSubscription
from fixloop.reports.tasks import process_report_run
from tests.factories import CustomerAccountFactory, UserFactory


def test_the_runs_are_listed_with_their_counts(advisor_client, customer):
    ReportSubscription.objects.create(customer=customer, active=True)
    ReportSubscription.objects.create(customer=CustomerAccountFactory(email="nobody@"), active=True)
    run = services.run_reports(date(2026, 11, 23))
    response = advisor_client.get("/staff/status-reports/")
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [run]
    content = response.content.decode()
    assert f"/staff/status-reports/{run.pk}/" in content
    assert "The reports are not sent on a schedule" in content

    response = advisor_client.get(f"/staff/status-reports/{run.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sent: 1 · Skipped: 1 · Failed: 0" in content
    assert "nobody@" in content  # the reason
    assert f"/staff/messages/{run.items.get(customer=customer).message_id}/" in content


def test_an_unknown_run_is_404(advisor_client, shop):
    assert advisor_client.get("/staff/status-reports/999/").status_code == 404


def test_only_staff_see_the_runs(client, shop):
    assert client.get("/staff/status-reports/").status_code == 302
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/staff/status-reports/").status_code == 403


def test_the_customer_page_shows_the_report_setting(advisor_client, customer):
    content = advisor_client.get(f"/staff/customers/{customer.number}/").content.decode()
    assert f"/staff/customers/{customer.number}/status-report/" in content
    assert "Status report: off" in content


def test_staff_switch_an_account_s_report_on(advisor_client, customer):
    url = f"/staff/customers/{customer.number}/status-report/"
    assert advisor_client.get(url).status_code == 200
    response = advisor_client.post(
        url,
        {
            "active": "on",
            "methods": "both",
            "prioritise": "on",
            "custom_message": "  <script>alert(1)</script> Pick-ups until 6 pm.  ",
            "include_closed_days": "14",
        },
    )
    assert response.status_code == 302
    subscription = ReportSubscription.objects.get(customer=customer)
    assert (subscription.active, subscription.methods, subscription.prioritise) == (True, "both", True)
    assert subscription.custom_message == "<script>alert(1)</script> Pick-ups until 6 pm."
    assert subscription.include_closed_days == 14
    content = advisor_client.get(f"/staff/customers/{customer.number}/").content.decode()
    assert "Status report: E-mail and fax" in content


def test_more_than_365_days_is_refused(advisor_client, customer):
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/status-report/",
        {"active": "on", "methods": "email", "include_closed_days": "366"},
    )
    assert response.status_code == 422
    assert "include_closed_days" in response.context["form"].errors
    assert not ReportSubscription.objects.exists()


def test_a_technician_cannot_change_report_settings(technician_client, customer):
    assert technician_client.get(f"/staff/customers/{customer.number}/status-report/").status_code == 403


def test_the_administrator_sets_the_schedule(client, owner, shop):
    client.force_login(owner)
    response = client.post(
        "/staff/status-reports/schedule/",
        {"active": "on", "time_of_day": "06:30", "weekdays": "on"},
    )
    assert response.status_code == 302
    schedule = ReportSchedule.get()
    assert (schedule.active, schedule.time_of_day, schedule.weekdays, schedule.weekends) == (
        True,
        time(6, 30),
        True,
        False,
    )
    assert "Next scheduled run" in client.get("/staff/status-reports/").content.decode()


def test_an_advisor_cannot_change_the_schedule(advisor_client, shop):
    assert advisor_client.get("/staff/status-reports/schedule/").status_code == 403


def test_run_now_sends_in_the_background_with_live_progress(admin_client, customer):
    ReportSubscription.objects.create(customer=customer, active=True)
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC), tick=False):
        response = admin_client.post("/staff/status-reports/run/")
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/status-reports/{run.pk}/"
    assert (run.report_date, run.state) == (date(2026, 11, 23), ReportRun.State.RUNNING)
    assert DBTaskResult.objects.filter(task_path=process_report_run.module_path).count() == 1

    partial = admin_client.get(f"/staff/status-reports/{run.pk}/", headers={"HX-Request": "true"})
    content = partial.content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert '<progress max="1" value="0">' in content

    assert "HX-Refresh" not in partial.headers

    process_report_run.call(run.pk)
    finished = admin_client.get(f"/staff/status-reports/{run.pk}/", headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"  # the page reloads to list the outcomes
    content = finished.content.decode()
    assert "hx-trigger" not in content
    assert "Sent: 1 · Skipped: 0 · Failed: 0" in content

    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), tick=False):
        again = admin_client.post("/staff/status-reports/run/", follow=True)
        assert "were sent already" in again.content.decode()
        forced = admin_client.post("/staff/status-reports/run/", {"force": "1"})
    assert ReportRun.objects.count() == 2
    assert forced["Location"] == f"/staff/status-reports/{ReportRun.objects.get(forced=True).pk}/"


def test_a_technician_cannot_run_the_reports(technician_client, shop):
    assert technician_client.post("/staff/status-reports/run/").status_code == 403
    assert not ReportRun.objects.exists()


def test_an_advisor_cannot_run_the_reports_by_hand(advisor_client, shop):
    assert "Run now" not in advisor_client.get("/staff/status-reports/").content.decode()
    assert advisor_client.post("/staff/status-reports/run/").status_code == 403
    assert not ReportRun.objects.exists()


def test_an_administrator_may_run_the_reports_by_hand(admin_client, shop):
    assert "Run now" in admin_client.get("/staff/status-reports/").content.decode()
    assert admin_client.post("/staff/status-reports/run/").status_code == 302
    assert ReportRun.objects.count() == 1
