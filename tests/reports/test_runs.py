"""Runs: delivery through a real SMTP server, the fax gateway, one run per date, resume, the CLI,
the scheduler."""

import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from fixloop.messaging.models import Message
from fixloop.messaging.tasks import deliver_due
from fixloop.reports import scheduler, services
from fixloop.reports.models import ReportRun, ReportRunItem, ReportSchedule, ReportSubscription
from fixloop.reports.tasks import process_report_chunk, process_report_run
from tests.factories import CustomerAccountFactory

STALLED = timedelta(minutes=11)

TODAY = date(2026, 11, 23)


def reports() -> list[Message]:
    return list(Message.objects.filter(kind="status_report").order_by("id"))


def test_the_report_is_delivered_with_the_pdf_links_and_custom_message(
    smtp_server, customer, work_order, subscribe
):
    subscribe(customer, custom_message="Please collect <b>finished</b> devices by Friday.")
    run = services.run_reports(TODAY)
    assert (run.state, run.sent, run.skipped, run.failed) == (ReportRun.State.FINISHED, 1, 0, 0)
    assert deliver_due() == {"sent": 1}

    [received] = smtp_server.received
    email = received.email
    assert received.rcpt_tos == ["anna@example.com"]
    assert email["Subject"] == "Repair status report 23 Nov 2026"
    text = email.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "attached is the status of your repairs as of 23 Nov 2026: 1 open repair.\nOpen: 1\n" in text
    assert "Please collect <b>finished</b> devices by Friday." in text
    assert f"{work_order.number}: http://127.0.0.1:8000/track/" in text
    html = email.get_body(("html",)).get_content()
    assert "Please collect &lt;b&gt;finished&lt;/b&gt; devices by Friday." in html
    [attachment] = list(email.iter_attachments())
    assert attachment.get_filename() == f"status-report-{customer.number}-2026-11-23.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    [item] = run.items.all()
    assert (item.outcome, item.method, item.message.state) == ("sent", "email", Message.State.SENT)


def test_the_fax_goes_to_the_gateway_with_the_pdf(smtp_server, settings, customer, subscribe):
    settings.FAX_GATEWAY = "{number}@fax.example.net"
    customer.fax = "+49301234567"
    customer.save()
    subscribe(customer, methods=ReportSubscription.Methods.FAX)
    run = services.run_reports(TODAY)
    assert run.sent == 1
    assert deliver_due() == {"sent": 1}
    [received] = smtp_server.received
    assert received.rcpt_tos == ["49301234567@fax.example.net"]
    [attachment] = list(received.email.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().endswith(".pdf")
    assert run.items.get().method == "fax"


def test_both_methods_send_two_messages(smtp_server, settings, customer, subscribe):
    settings.FAX_GATEWAY = "{number}@fax.example.net"
    customer.fax = "+49301234567"
    customer.save()
    subscribe(customer, methods=ReportSubscription.Methods.BOTH)
    run = services.run_reports(TODAY)
    assert run.items.get().method == "email+fax"
    assert deliver_due() == {"sent": 2}
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == [
        "49301234567@fax.example.net",
        "anna@example.com",
    ]


def test_an_account_without_open_repairs_still_gets_a_report(shop, customer, subscribe):
    subscribe(customer)
    run = services.run_reports(TODAY)
    assert run.sent == 1
    [message] = reports()
    assert "as of 23 Nov 2026: 0 open repairs." in message.body_text


def test_invalid_accounts_are_skipped_with_the_reason_and_the_run_goes_on(shop, customer, subscribe):
    subscribe(customer)
    subscribe(CustomerAccountFactory(email="nobody@"))
    subscribe(CustomerAccountFactory(email="x@example.com"), active=False)
    run = services.run_reports(TODAY)
    assert (run.sent, run.skipped, run.failed) == (1, 1, 0)
    skipped = run.items.get(outcome=ReportRunItem.Outcome.SKIPPED)
    assert "nobody@" in skipped.reason
    assert skipped.message is None
    assert len(reports()) == 1


def test_a_failure_is_recorded_and_the_run_goes_on(shop, customer, other_customer, subscribe, monkeypatch):
    subscribe(customer)
    subscribe(other_customer)
    real = services.render_status_report

    def failing(data):
        if customer.number in data["account"]:
            raise RuntimeError("The printer is on fire.")
        return real(data)

    monkeypatch.setattr(services, "render_status_report", failing)
    run = services.run_reports(TODAY)
    assert (run.sent, run.skipped, run.failed) == (1, 0, 1)
    assert run.items.get(customer=customer).reason == "The printer is on fire."
    assert [m.customer_id for m in reports()] == [other_customer.pk]


def test_a_second_run_the_same_day_needs_force(shop, customer, subscribe):
    subscribe(customer)
    first = services.run_reports(TODAY)
    with pytest.raises(services.RunExists):
        services.run_reports(TODAY)
    assert len(reports()) == 1
    forced = services.run_reports(TODAY, force=True)
    assert forced.pk != first.pk and forced.forced
    assert forced.sent == 1
    assert len(reports()) == 2
    assert services.run_reports(date(2026, 11, 24)).sent == 1


def test_a_crashed_run_resumes_without_sending_twice(shop, subscribe):
    accounts = [CustomerAccountFactory() for _ in range(4)]
    for account in accounts:
        subscribe(account)
    run = services.start_run(TODAY)
    for subscription in list(services.subscriptions())[:2]:  # the crash came after two accounts
        services._send_one(run, subscription)
    assert len(reports()) == 2

    seen = []
    resumed = services.run_reports(TODAY, progress=lambda done, total: seen.append((done, total)))
    assert resumed.pk == run.pk
    assert (resumed.sent, resumed.skipped, resumed.failed) == (4, 0, 0)
    messages = reports()
    assert len(messages) == 4
    assert sorted(m.customer_id for m in messages) == sorted(a.pk for a in accounts)
    assert seen[0] == (2, 4) and seen[-1] == (4, 4)


def test_queueing_an_account_twice_gives_the_same_message(shop, customer, subscribe):
    subscription = subscribe(customer)
    run = services.start_run(TODAY)
    item = services._send_one(run, subscription)
    ReportRunItem.objects.filter(pk=item.pk).delete()  # as if the item had been lost
    again = services._send_one(run, subscription)
    assert again.message_id == item.message_id
    assert len(reports()) == 1


def test_a_dry_run_writes_nothing(shop, customer, subscribe):
    subscribe(customer)
    subscribe(CustomerAccountFactory(email="bad@"))
    result = services.run_reports(TODAY, dry_run=True)
    assert (result.sent, result.skipped, result.failed) == (1, 1, 0)
    assert not ReportRun.objects.exists()
    assert not reports()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def command(*args, out=None) -> str:
    out = out or io.StringIO()
    call_command("send-status-reports", *args, stdout=out)
    return out.getvalue()


def test_the_command(shop, customer, subscribe):
    subscribe(customer)
    subscribe(CustomerAccountFactory(fax="+49301234567", email=""), methods=ReportSubscription.Methods.EMAIL)
    assert command("--dry-run", "--date", "2026-11-23") == (
        "Dry run: would send 1, skipped 1, failed 0 (status reports for 2026-11-23).\n"
    )
    assert command("--date", "2026-11-23") == "Sent 1, skipped 1, failed 0 (status reports for 2026-11-23).\n"
    with pytest.raises(CommandError, match="were sent already"):
        command("--date", "2026-11-23")
    assert command("--date", "2026-11-23", "--force").startswith("Sent 1, skipped 1")
    with pytest.raises(CommandError, match="not a date"):
        command("--date", "23.11.2026")


def test_the_command_uses_the_shops_local_date(shop, customer, subscribe):
    subscribe(customer)
    with time_machine.travel(datetime(2026, 11, 23, 23, 30, tzinfo=UTC), tick=False):  # Tuesday in Berlin
        assert "2026-11-24" in command()


def test_the_scheduler_starts_one_run_per_date(shop, customer, subscribe):
    subscribe(customer)
    schedule = ReportSchedule.get()
    schedule.active, schedule.time_of_day = True, time(7, 0)
    schedule.save()
    assert scheduler.tick(datetime(2026, 11, 23, 5, 59, tzinfo=UTC)) is None
    run = scheduler.tick(datetime(2026, 11, 23, 6, 0, tzinfo=UTC))
    assert run is not None and run.report_date == TODAY and run.trigger == "schedule"
    assert scheduler.tick(datetime(2026, 11, 23, 6, 0, 30, tzinfo=UTC)) is None  # a second scheduler
    assert DBTaskResult.objects.filter(task_path=process_report_run.module_path).count() == 1
    assert process_report_run.call(run.pk) == {"sent": 1, "skipped": 0, "failed": 0}
    assert process_report_run.call(run.pk) == {"sent": 1, "skipped": 0, "failed": 0}  # done once
    assert len(reports()) == 1


def test_the_command_shows_progress_on_a_terminal(shop, customer, other_customer, subscribe):
    subscribe(customer)
    subscribe(other_customer)
    output = command("--date", "2026-11-23", out=Terminal())
    assert "\r[..............................] 0/2" in output
    assert "\r[##############################] 2/2\n" in output
    assert output.endswith("Sent 2, skipped 0, failed 0 (status reports for 2026-11-23).\n")


def test_the_report_goes_out_in_the_customers_language(shop, customer, work_order, subscribe):
    customer.language = "de"
    customer.save()
    subscribe(customer)
    services.run_reports(TODAY)
    [message] = reports()
    assert message.subject == "Reparaturstatus 23.11.2026"
    assert "anbei der Stand Ihrer Reparaturen vom 23.11.2026: 1 offene Reparatur." in message.body_text
    assert "Jede Reparatur verfolgen Sie hier:" in message.body_text


def test_an_account_done_by_another_process_meanwhile_is_not_sent_twice(
    shop, customer, other_customer, subscribe
):
    subscribe(customer)
    other = subscribe(other_customer)
    run = services.start_run(TODAY)

    def other_process(done, total):
        if done == 0:  # the run has listed its pending accounts; another process takes one of them
            services._send_one(run, other)

    finished = services.process_run(run, progress=other_process)
    assert (finished.sent, finished.skipped, finished.failed) == (2, 0, 0)
    assert sorted(m.customer_id for m in reports()) == sorted([customer.pk, other_customer.pk])


def test_the_scheduler_command_once(shop, customer, subscribe):
    subscribe(customer)
    ReportSchedule.objects.update_or_create(pk=1, defaults={"active": True, "time_of_day": time(7, 0)})
    out = io.StringIO()
    with time_machine.travel(datetime(2026, 11, 23, 6, 30, tzinfo=UTC), tick=False):
        call_command("scheduler", "--once", stdout=out)
        call_command("scheduler", "--once", stdout=out)
    run = ReportRun.objects.get()
    assert out.getvalue() == f"Status report run {run.pk} for 2026-11-23 queued.\n"


def test_a_large_run_is_shared_among_workers_in_chunks(shop, subscribe):
    accounts = [CustomerAccountFactory() for _ in range(3)]
    for account in accounts:
        subscribe(account)
    run = services.start_run(TODAY)
    assert process_report_run.call(run.pk, chunk_size=1) == {"chunks": 3}
    assert DBTaskResult.objects.filter(task_path=process_report_chunk.module_path).count() == 3
    ids = sorted(account.pk for account in accounts)
    assert process_report_chunk.call(run.pk, ids[:1]) == {"state": "running", "accounts": 1}
    assert process_report_chunk.call(run.pk, ids[1:2]) == {"state": "running", "accounts": 1}
    assert process_report_chunk.call(run.pk, ids[1:2]) == {"state": "running", "accounts": 1}  # twice: no-op
    assert process_report_chunk.call(run.pk, ids[2:]) == {"state": "finished", "accounts": 1}
    run.refresh_from_db()
    assert (run.state, run.sent) == (ReportRun.State.FINISHED, 3)
    assert len(reports()) == 3


def test_the_scheduler_takes_up_a_run_stalled_for_ten_minutes_once(shop, subscribe):
    for _ in range(3):
        subscribe(CustomerAccountFactory())
    run = services.start_run(TODAY)
    services._send_one(run, services.subscriptions().first())  # then the worker was stopped
    resumed_tasks = DBTaskResult.objects.filter(task_path=process_report_run.module_path)

    assert scheduler.resume_stalled() == []  # still fresh
    with time_machine.travel(datetime.now(UTC) + STALLED, tick=False):
        assert scheduler.resume_stalled() == [run]
        assert scheduler.resume_stalled() == []  # its task is waiting: not queued twice
    assert resumed_tasks.count() == 1

    process_report_run.call(run.pk)
    run.refresh_from_db()
    assert run.state == ReportRun.State.FINISHED
    assert len(reports()) == 3


@pytest.mark.parametrize(
    ("language", "count", "text"),
    [("en", 1, "1 open repair"), ("en", 2, "2 open repairs"), ("de", 1, "1 offene Reparatur"),
     ("de", 2, "2 offene Reparaturen"), ("de", 0, "0 offene Reparaturen")],
)  # fmt: skip
def test_the_number_of_open_repairs_has_the_noun_of_its_number(language, count, text):
    assert services.open_repairs_text(count, language) == text
