"""The demo data is a shop's month: what staff and customers did is spread over weeks, in the shop's
working hours, and never after the moment of seeding; some accounts get the status report; the
example case the banner offers has a repair's whole history."""

import itertools
from datetime import timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fixloop.bookings.models import BookingStep
from fixloop.demo.configuration import STATUSES
from fixloop.demo.management.commands.rundemo import Command as RunDemo
from fixloop.demo.showcase import example_case
from fixloop.estimates.models import DisputeMessage, Estimate, EstimateVersion, JobDecision
from fixloop.messaging.models import Message
from fixloop.portal.links import tracking_link_path
from fixloop.repairs.models import Attachment, ServiceRequest, Status, TimelineEntry, WorkOrder
from fixloop.reports.models import ReportRun, ReportSubscription
from fixloop.reports.tasks import process_report_run
from fixloop.shop.models import ShopProfile

STAMPED = [
    (TimelineEntry, "created_at"),
    (WorkOrder, "opened_at"),
    (Message, "created_at"),
    (Estimate, "created_at"),
    (EstimateVersion, "submitted_at"),
    (JobDecision, "decided_at"),
    (DisputeMessage, "created_at"),
    (ServiceRequest, "created_at"),
    (BookingStep, "created_at"),
    (Attachment, "created_at"),
]

pytestmark = pytest.mark.once


def stamps(model, field) -> list:
    return list(model.objects.values_list(field, flat=True))


def test_what_happened_is_spread_over_weeks_in_working_hours_and_before_now(demo):
    zone = ZoneInfo(ShopProfile.get().time_zone)
    now = timezone.now()
    for model, field in STAMPED:
        moments = stamps(model, field)
        assert moments, model.__name__
        for moment in moments:
            local = moment.astimezone(zone)
            assert local.weekday() < 5, (model.__name__, local)
            assert 8 <= local.hour < 18, (model.__name__, local)
            assert moment <= now, (model.__name__, local)

    entries = [moment.astimezone(zone) for moment in stamps(TimelineEntry, "created_at")]
    assert max(entries) - min(entries) >= timedelta(weeks=3)
    assert len({moment.date() for moment in entries}) >= 15  # most working days of the month
    for model, field, at_least in ((Message, "created_at", 10), (EstimateVersion, "submitted_at", 3)):
        days = {moment.astimezone(zone).date() for moment in stamps(model, field)}
        assert len(days) >= at_least, (model.__name__, days)

    # Closed repairs are older than the ones still open, on average (a reopened one may be older).
    def mean_opened(work_orders) -> float:
        moments = [moment.timestamp() for moment in work_orders.values_list("opened_at", flat=True)]
        return sum(moments) / len(moments)

    assert mean_opened(WorkOrder.objects.exclude(closed_at=None)) < mean_opened(
        WorkOrder.objects.filter(closed_at=None)
    )
    # An estimate waiting for the customer's decision can still be decided.
    for estimate in Estimate.objects.filter(state=Estimate.State.AWAITING):
        assert estimate.valid_until >= timezone.localdate(timezone=zone)
    # Work-order numbers go up with the time they were opened (the stories start in that order).
    numbers = list(WorkOrder.objects.order_by("opened_at").values_list("number", flat=True))
    out_of_order = sum(1 for before, after in itertools.pairwise(numbers) if before > after)
    assert out_of_order <= 2  # a service request accepted days after it came in takes the number then


def test_some_accounts_get_the_status_report_and_run_now_sends_it(demo, client):
    subscribed = ReportSubscription.objects.filter(active=True)
    assert subscribed.count() >= 2
    client.login(username="admin", password="fixloop-admin")
    response = client.post("/staff/status-reports/run/")
    run = ReportRun.objects.get()
    assert response.status_code == 302
    messages_before = Message.objects.count()

    process_report_run.call(run.pk)

    sent = run.items.exclude(message=None)
    assert sent.count() >= 1
    assert Message.objects.count() > messages_before
    assert {item.customer_id for item in sent} <= set(subscribed.values_list("customer_id", flat=True))
    for item in sent:
        assert item.message.attachments.filter(filename__endswith=".pdf").exists()


def test_the_example_case_has_a_repairs_history_in_order(demo):
    work_order = example_case()
    assert work_order.customer.language == "en" and work_order.customer.postal_code
    assert work_order.closed_at is None
    entries = list(work_order.timeline.order_by("created_at", "id"))
    assert [entry.id for entry in entries] == sorted(entry.id for entry in entries)  # written in time order
    times = [entry.created_at for entry in entries]
    assert times[-1] - times[0] >= timedelta(days=5)
    assert entries[0].kind == TimelineEntry.Kind.OPENED

    statuses = [entry.data["to"] for entry in entries if entry.kind == TimelineEntry.Kind.STATUS]
    names = [Status.objects.get(pk=pk).name_en for pk in statuses]
    steps = iter(names)  # in this order (moves the shop configured to happen by themselves may come between)
    expected = [STATUSES[key][0] for key in ("diagnosis", "parts", "repair", "quality", "ready")]
    assert all(name in steps for name in expected), names
    assert work_order.status.name_en == STATUSES["ready"][0]

    def moved_to(key: str) -> int:
        """The position of the first move to the status."""
        pk = Status.objects.get(name_en=STATUSES[key][0]).pk
        return next(
            i for i, e in enumerate(entries) if e.kind == TimelineEntry.Kind.STATUS and e.data["to"] == pk
        )

    estimate_entries = [i for i, entry in enumerate(entries) if entry.kind == "estimate"]
    # Diagnosed, the estimate sent and approved, then the part ordered.
    assert moved_to("diagnosis") < estimate_entries[0] < estimate_entries[-1] < moved_to("parts")
    estimate = Estimate.objects.get(work_order=work_order)
    assert estimate.state == Estimate.State.APPROVED
    public = [entry for entry in entries if entry.kind == TimelineEntry.Kind.COMMENT and entry.public]
    assert len(public) >= 3  # the customer is told as it goes on
    assert work_order.attachments.filter(public=True).exists()


def test_the_banner_offers_the_example_case(demo):
    work_order = example_case()
    out = StringIO()
    lines = RunDemo(stdout=out)._example_customer("http://127.0.0.1:8000")
    text = "\n".join(lines)
    assert f"work order {work_order.number}, postal code {work_order.customer.postal_code}" in text
    link = work_order.tracking_links.get(revoked_at=None)
    assert f"http://127.0.0.1:8000{tracking_link_path(link)}" in text
