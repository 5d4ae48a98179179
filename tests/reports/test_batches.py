"""Runs go through the accounts in batches: what a batch needs is loaded and written together, and a
batch that cannot be written whole falls back to one account at a time without sending twice. The
workers send the first reports while the rest of the run's chunks wait."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from fixloop.messaging.models import Message
from fixloop.messaging.tasks import deliver_messages
from fixloop.portal.links import tracking_link_url
from fixloop.repairs import services as repairs
from fixloop.repairs import signals
from fixloop.repairs.models import Phase, TimelineEntry, TrackingLink
from fixloop.reports import services
from fixloop.reports.tasks import process_report_chunk, process_report_run
from fixloop.shop.models import ShopProfile
from tests.factories import CustomerAccountFactory, WorkOrderFactory

TODAY = date(2026, 11, 23)


def accounts_with_repairs(subscribe, location, statuses, count: int, repairs: int = 2) -> list:
    accounts = []
    for _ in range(count):
        account = CustomerAccountFactory()
        for _ in range(repairs):
            WorkOrderFactory(customer=account, location=location, status=statuses[Phase.IN_PROGRESS])
        subscribe(account)
        accounts.append(account)
    return accounts


def queries_of_a_run(report_date: date) -> int:
    ContentType.objects.clear_cache()  # each run looks its content types up, whatever ran before it
    with CaptureQueriesContext(connection) as queries:
        services.run_reports(report_date)
    return len(queries)


def test_a_batch_costs_the_same_queries_for_one_account_as_for_many(shop, subscribe, location, statuses):
    accounts = accounts_with_repairs(subscribe, location, statuses, 6)
    ShopProfile.get()  # cached from here on
    for account in accounts[1:]:
        account.report_subscription.delete()
    for_one = queries_of_a_run(TODAY)  # issuing the account's first tracking links included
    for account in accounts[1:]:
        subscribe(account)
    accounts[0].report_subscription.delete()
    DBTaskResult.objects.all().delete()  # so that this run, too, wakes a worker
    for_five = queries_of_a_run(date(2026, 11, 24))
    assert for_five == for_one
    assert Message.objects.filter(kind="status_report").count() == 6


def test_the_first_run_issues_each_open_repair_one_link_and_the_next_run_reuses_it(
    shop, subscribe, location, statuses, capture_signal
):
    accounts = accounts_with_repairs(subscribe, location, statuses, 3)
    issued = capture_signal(signals.tracking_link_issued)
    services.run_reports(TODAY)
    links = list(TrackingLink.objects.all())
    assert len(links) == 6 == len({link.work_order_id for link in links})
    assert len(issued) == 6
    entries = TimelineEntry.objects.filter(kind=TimelineEntry.Kind.TRACKING)
    assert sorted(entry.data["link"] for entry in entries) == sorted(link.pk for link in links)
    assert all(entry.data["event"] == "issued" and not entry.public for entry in entries)
    for link in links:
        message = Message.objects.get(customer=link.work_order.customer, kind="status_report")
        assert tracking_link_url(link) in message.body_text

    services.run_reports(TODAY, force=True)
    assert TrackingLink.objects.count() == 6 and len(issued) == 6
    assert Message.objects.filter(kind="status_report").count() == 2 * len(accounts)


def test_a_batch_wakes_one_worker(shop, subscribe, location, statuses):
    accounts_with_repairs(subscribe, location, statuses, 4)
    services.run_reports(TODAY)
    assert DBTaskResult.objects.filter(task_path=deliver_messages.module_path).count() == 1


def test_an_account_recorded_by_another_process_during_the_batch_is_not_sent_twice(
    shop, subscribe, location, statuses, monkeypatch
):
    first, second, third = accounts_with_repairs(subscribe, location, statuses, 3)
    run = services.start_run(TODAY)
    real_prepare = services._prepare

    def prepare_while_another_process_sends_one(run, subscriptions):
        reports = real_prepare(run, subscriptions)
        if len(subscriptions) > 1:  # the batch: meanwhile another process records the second account
            services._send_one(run, second.report_subscription)
        return reports

    monkeypatch.setattr(services, "_prepare", prepare_while_another_process_sends_one)
    finished = services.process_run(run)
    assert (finished.sent, finished.skipped, finished.failed) == (3, 0, 0)
    messages = Message.objects.filter(kind="status_report")
    assert sorted(messages.values_list("customer_id", flat=True)) == sorted([first.pk, second.pk, third.pk])
    second_item = run.items.get(customer=second)
    assert second_item.message == messages.get(customer=second)


def test_a_failure_in_what_the_batch_shares_fails_only_the_account_it_concerns(
    shop, subscribe, location, statuses, monkeypatch
):
    first, broken, third = accounts_with_repairs(subscribe, location, statuses, 3)
    real_tokens = repairs.customer_tokens

    def tokens(work_orders, *, by):
        if any(work_order.customer_id == broken.pk for work_order in work_orders):
            raise RuntimeError("The link service is down.")
        return real_tokens(work_orders, by=by)

    monkeypatch.setattr(repairs, "customer_tokens", tokens)
    run = services.run_reports(TODAY)
    assert (run.sent, run.skipped, run.failed) == (2, 0, 1)
    assert run.items.get(customer=broken).reason == "The link service is down."
    sent_to = Message.objects.filter(kind="status_report").values_list("customer_id", flat=True)
    assert sorted(sent_to) == sorted([first.pk, third.pk])


def test_a_run_longer_than_a_batch_reports_progress_per_batch(
    shop, subscribe, location, statuses, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    accounts_with_repairs(subscribe, location, statuses, 5, repairs=1)
    seen = []
    run = services.run_reports(TODAY, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert run.sent == 5 == Message.objects.filter(kind="status_report").count()


def test_the_first_reports_are_sent_before_the_chunks_still_waiting(shop, subscribe, location, statuses):
    accounts = accounts_with_repairs(subscribe, location, statuses, 3, repairs=1)
    run = services.start_run(TODAY)
    process_report_run.call(run.pk, chunk_size=1)  # three chunk tasks wait
    process_report_chunk.call(run.pk, [accounts[0].pk])  # a worker sends the first chunk
    waiting = DBTaskResult.objects.ready()
    assert waiting.count() == 4
    assert waiting.first().task_path == deliver_messages.module_path  # what a worker takes next
