"""Client notifications end to end: the domain's signals, the region's rules, the message through a
real SMTP server on loopback, and on the work order the reason when nothing was sent."""

import html
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pypdf
import pytest
import time_machine
from django.utils import timezone

from fixloop.customers.models import CustomerAccount
from fixloop.documents.pdf import DocumentError
from fixloop.messaging import rules
from fixloop.messaging.models import Event, Message, NotificationDecision, NotificationRule, OptOut
from fixloop.messaging.notifications import days_later, daytime
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services, signals
from fixloop.repairs.models import Phase, WorkOrder
from tests.conftest import ListenerFailed
from tests.factories import CustomerAccountFactory, RegionFactory, ServiceRequestFactory
from tests.messaging import notification_fixtures
from tests.messaging.notification_fixtures import FOLLOW_UP_DAYS, MOBILE, REPLY_TO

region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region
notified_customer = notification_fixtures.notified_customer
open_for = notification_fixtures.open_for
notified_work_order = notification_fixtures.notified_work_order

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


def work_order_page(client, work_order) -> str:
    response = client.get(f"/staff/work-orders/{work_order.number}/?tab=notifications")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def decision(work_order, event) -> NotificationDecision:
    return NotificationDecision.objects.filter(work_order=work_order, event=event).latest("created_at", "id")


def at(moment: datetime):
    """Travel to a moment given in any time zone (as UTC, so the process's time zone stays)."""
    return time_machine.travel(moment.astimezone(UTC), tick=False)


def texting(customer) -> CustomerAccount:
    customer.preferred_channel = "sms"
    customer.mobile = MOBILE
    customer.sms_consent_at = timezone.now()
    customer.save()
    return customer


def rule(region, event) -> NotificationRule:
    return NotificationRule.objects.get(region_notifications__region=region, event=event)


def subject(email) -> str:
    """The Subject header as a reader sees it (a folded, encoded header can start with a space)."""
    return " ".join(str(email["Subject"]).split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# ----------------------------------------------------------------------------- the six events, end to end


def test_an_accepted_service_request_is_confirmed_instead_of_the_new_work_order_notice(
    smtp_server, notified_customer, unit, location, staff_actor, staff_client
):
    service_request = ServiceRequestFactory(customer=notified_customer, unit=unit)
    work_order = services.accept_service_request(service_request, location=location, by=staff_actor)

    assert deliver_due() == {"sent": 1}
    [received] = smtp_server.received
    email = received.email
    assert received.rcpt_tos == ["anna@example.com"]
    assert subject(email) == f"We have accepted your service request – {work_order.number}"
    assert email["Reply-To"] == REPLY_TO
    assert f"opened work order {work_order.number}" in email.get_body(("plain",)).get_content()

    accepted = decision(work_order, Event.SERVICE_REQUEST_ACCEPTED)
    assert accepted.service_request == service_request
    assert accepted.message.state == Message.State.SENT
    opened = decision(work_order, Event.WORK_ORDER_OPENED)
    assert opened.message.state == Message.State.CANCELLED
    page = work_order_page(staff_client, work_order)
    assert "Service request accepted" in page
    assert "the customer gets the message that their service request was accepted instead" in page


def test_a_rejected_service_request_tells_the_customer_why(smtp_server, notified_customer, staff_actor):
    service_request = ServiceRequestFactory(customer=notified_customer)
    services.reject_service_request(service_request, reason="We do not repair televisions.", by=staff_actor)

    assert deliver_due() == {"sent": 1}
    email = smtp_server.received[0].email
    assert email["Subject"] == "Your service request"
    assert email["Reply-To"] == REPLY_TO
    assert "We do not repair televisions." in email.get_body(("plain",)).get_content()
    recorded = NotificationDecision.objects.get(service_request=service_request)
    assert recorded.event == Event.SERVICE_REQUEST_REJECTED
    assert recorded.work_order is None
    assert recorded.message.state == Message.State.SENT


def test_a_new_work_order_is_notified(smtp_server, notified_work_order, staff_client):
    assert deliver_due() == {"sent": 1}
    [received] = smtp_server.received
    assert received.rcpt_tos == ["anna@example.com"]
    assert received.email["Subject"] == f"Work order {notified_work_order.number} opened"
    assert received.email["Reply-To"] == REPLY_TO
    page = work_order_page(staff_client, notified_work_order)
    assert "New work order" in page
    assert f"Work order {notified_work_order.number} opened" in page
    assert "Sent" in page


def test_a_chosen_status_is_notified(smtp_server, notified_work_order, statuses, staff_actor, staff_client):
    deliver_due()
    services.change_status(notified_work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)

    assert deliver_due() == {"sent": 1}
    email = smtp_server.received[-1].email
    assert email["Subject"] == f"{notified_work_order.number}: In progress"
    assert "is now: In progress." in email.get_body(("plain",)).get_content()
    recorded = decision(notified_work_order, Event.STATUS_CHANGED)
    assert recorded.status == statuses[Phase.IN_PROGRESS]
    assert recorded.message.state == Message.State.SENT
    assert "Work order status changed" in work_order_page(staff_client, notified_work_order)


def test_closing_sends_the_work_order_report_as_a_pdf(smtp_server, notified_work_order, staff_actor):
    deliver_due()
    services.add_comment(notified_work_order, "We replaced the display cable.", public=True, by=staff_actor)
    services.close(notified_work_order, by=staff_actor)

    assert deliver_due() == {"sent": 1}
    email = smtp_server.received[-1].email
    assert email["Subject"] == f"Work order {notified_work_order.number} is complete"
    [attachment] = list(email.iter_attachments())
    assert attachment.get_filename() == f"work-order-{notified_work_order.number}.pdf"
    assert attachment.get_content_type() == "application/pdf"
    text = pdf_text(attachment.get_content())
    assert notified_work_order.number in text
    assert "We replaced the display cable." in text


def test_closing_still_notifies_when_the_report_cannot_be_made(notified_work_order, staff_actor, monkeypatch):
    def broken(*args, **kwargs):
        raise DocumentError("error: unknown font")

    monkeypatch.setattr("fixloop.messaging.notifications.work_order_report", broken)
    services.close(notified_work_order, by=staff_actor)
    closing = decision(notified_work_order, Event.WORK_ORDER_CLOSED)
    assert closing.message.state == Message.State.QUEUED
    assert not closing.message.attachments.exists()
    assert (
        closing.reason == "Sent without the work-order report, which could not be made: error: unknown font"
    )


def tomorrow_at(hour: int) -> datetime:
    """A moment after the fixtures' work order was opened (at the real time), so its messages are due."""
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=BERLIN)


def test_the_follow_up_goes_out_the_set_number_of_days_after_closing(
    smtp_server, notified_work_order, staff_actor, staff_client
):
    closing = tomorrow_at(10)
    with at(closing) as traveller:
        deliver_due()
        services.close(notified_work_order, by=staff_actor)
        assert deliver_due() == {"sent": 1}  # the closing message
        follow_up = decision(notified_work_order, Event.FOLLOW_UP).message
        assert follow_up.send_after == closing + timedelta(days=FOLLOW_UP_DAYS)
        assert "goes out" in work_order_page(staff_client, notified_work_order)

        traveller.move_to((closing + timedelta(days=FOLLOW_UP_DAYS, minutes=-1)).astimezone(UTC))
        assert deliver_due() == {}
        traveller.move_to((closing + timedelta(days=FOLLOW_UP_DAYS, seconds=1)).astimezone(UTC))
        assert deliver_due() == {"sent": 1}

    email = smtp_server.received[-1].email
    assert subject(email) == "How is your Lenovo ThinkPad T14 · PF-11111 doing?"
    assert f"{FOLLOW_UP_DAYS} days ago we completed work order" in email.get_body(("plain",)).get_content()
    assert email["Reply-To"] == REPLY_TO


# ----------------------------------------------------------------------------- who receives it: one condition unmet


def assert_nothing_sent(smtp_server, client, work_order, reason: str) -> None:
    deliver_due()
    assert smtp_server.received == []
    assert reason in work_order_page(client, work_order)


def test_nothing_is_sent_while_the_regions_notifications_are_off(
    smtp_server, notified_customer, notifying_region, open_for, owner, staff_client
):
    rules.save_settings(
        notifying_region, active=False, reply_to=REPLY_TO, portal_url="", flip_flop_hours=12, by=owner
    )
    work_order = open_for(notified_customer)
    assert decision(work_order, Event.WORK_ORDER_OPENED).message is None
    assert_nothing_sent(
        smtp_server, staff_client, work_order, "Client notifications are switched off for the region Berlin."
    )


def test_nothing_is_sent_for_an_event_that_is_off(
    smtp_server, notified_customer, notifying_region, open_for, owner, staff_client
):
    rules.save_rule(notifying_region, Event.WORK_ORDER_OPENED, active=False, by=owner)
    work_order = open_for(notified_customer)
    assert_nothing_sent(
        smtp_server,
        staff_client,
        work_order,
        "The event “New work order” is switched off for the region Berlin.",
    )


def test_nothing_is_sent_to_a_customer_of_another_region(
    smtp_server, customer, notifying_region, open_for, staff_client
):
    customer.region = RegionFactory(name="Hamburg", code="hamburg")
    customer.save()
    work_order = open_for(customer)
    assert_nothing_sent(
        smtp_server,
        staff_client,
        work_order,
        "Client notifications are not set up for the customer's region Hamburg.",
    )


def test_nothing_is_sent_to_a_customer_without_a_region(
    smtp_server, customer, notifying_region, open_for, staff_client
):
    work_order = open_for(customer)
    assert_nothing_sent(
        smtp_server,
        staff_client,
        work_order,
        "The customer Anna Becker has no region, so no client notifications apply.",
    )


def test_nothing_is_sent_to_a_head_office(smtp_server, notified_customer, open_for, staff_client):
    CustomerAccountFactory(name="Anna Becker Filiale Nord", head_office=notified_customer)
    work_order = open_for(notified_customer)
    assert_nothing_sent(
        smtp_server,
        staff_client,
        work_order,
        "Anna Becker is a head office; client notifications go to the accounts it groups, not to it.",
    )


def test_nothing_is_sent_to_a_customer_who_switched_notifications_off(
    smtp_server, notified_customer, open_for, staff_client
):
    notified_customer.notifications_enabled = False
    notified_customer.save()
    work_order = open_for(notified_customer)
    assert_nothing_sent(
        smtp_server, staff_client, work_order, "Notifications are switched off for the customer Anna Becker."
    )


def test_nothing_is_sent_without_an_email_address(smtp_server, notified_customer, open_for, staff_client):
    CustomerAccount.objects.filter(pk=notified_customer.pk).update(email="")
    notified_customer.refresh_from_db()
    work_order = open_for(notified_customer)
    message = decision(work_order, Event.WORK_ORDER_OPENED).message
    assert message.state == Message.State.SUPPRESSED
    assert_nothing_sent(smtp_server, staff_client, work_order, "No e-mail address is on record.")


def test_nothing_is_sent_to_an_invalid_email_address(smtp_server, notified_customer, open_for, staff_client):
    CustomerAccount.objects.filter(pk=notified_customer.pk).update(email="anna@@example.com")
    notified_customer.refresh_from_db()
    work_order = open_for(notified_customer)
    assert_nothing_sent(
        smtp_server, staff_client, work_order, "The e-mail address anna@@example.com is not valid"
    )


def test_nothing_is_texted_without_recorded_consent(smtp_server, notified_customer, open_for, staff_client):
    texting(notified_customer)
    notified_customer.sms_consent_at = None
    notified_customer.save()
    work_order = open_for(notified_customer)
    assert not Message.objects.filter(work_order=work_order).exists()
    assert_nothing_sent(
        smtp_server,
        staff_client,
        work_order,
        "Anna Becker prefers text messages, but no consent to receive them is recorded.",
    )


def test_nothing_is_sent_to_an_address_that_opted_out(smtp_server, notified_customer, open_for, staff_client):
    OptOut.objects.create(channel="email", address="anna@example.com", keyword="unsubscribe")
    work_order = open_for(notified_customer)
    assert decision(work_order, Event.WORK_ORDER_OPENED).message.state == Message.State.SUPPRESSED
    assert_nothing_sent(smtp_server, staff_client, work_order, "anna@example.com opted out (unsubscribe)")


def test_a_status_the_region_did_not_choose_is_not_notified(
    smtp_server, notified_work_order, statuses, staff_actor, staff_client
):
    deliver_due()
    smtp_server.received.clear()
    services.change_status(notified_work_order, statuses[Phase.WAITING_FOR_PARTS], by=staff_actor)
    assert decision(notified_work_order, Event.STATUS_CHANGED).message is None
    assert_nothing_sent(
        smtp_server,
        staff_client,
        notified_work_order,
        "The status Waiting for parts is not one the region Berlin notifies.",
    )


# ----------------------------------------------------------------------------- no spam


def status_messages(work_order) -> int:
    return Message.objects.filter(work_order=work_order, kind=Event.STATUS_CHANGED).count()


def test_a_status_that_comes_back_within_the_window_is_not_notified_again(
    notified_work_order, statuses, staff_actor, staff_client
):
    in_progress, ready = statuses[Phase.IN_PROGRESS], statuses[Phase.READY]
    start = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    with at(start) as traveller:
        services.change_status(notified_work_order, in_progress, by=staff_actor)
        traveller.shift(timedelta(minutes=10))
        services.change_status(notified_work_order, ready, by=staff_actor)
        traveller.shift(timedelta(hours=11))
        services.change_status(notified_work_order, in_progress, by=staff_actor)
        assert status_messages(notified_work_order) == 2
        assert decision(notified_work_order, Event.STATUS_CHANGED).message is None
        assert (
            "The customer was told about the status In progress at 23 Nov 2026 09:00; a status that comes "
            "back within 12 hours is not notified again."
        ) in work_order_page(staff_client, notified_work_order)


def test_a_status_that_comes_back_after_the_window_is_notified_again(
    notified_work_order, statuses, staff_actor
):
    in_progress, ready = statuses[Phase.IN_PROGRESS], statuses[Phase.READY]
    with at(datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)) as traveller:
        services.change_status(notified_work_order, in_progress, by=staff_actor)
        services.change_status(notified_work_order, ready, by=staff_actor)
        traveller.shift(timedelta(hours=12, seconds=1))
        services.change_status(notified_work_order, in_progress, by=staff_actor)
    assert status_messages(notified_work_order) == 3


def test_a_window_of_zero_hours_notifies_every_change(
    notified_work_order, notifying_region, statuses, staff_actor, owner
):
    rules.save_settings(
        notifying_region, active=True, reply_to="", portal_url="", flip_flop_hours=0, by=owner
    )
    for status in (Phase.IN_PROGRESS, Phase.READY, Phase.IN_PROGRESS):
        services.change_status(notified_work_order, statuses[status], by=staff_actor)
    assert status_messages(notified_work_order) == 3


def test_a_status_hidden_from_customers_never_notifies_even_when_chosen(
    notified_work_order, notifying_region, statuses, staff_actor, staff_client
):
    internal = statuses["internal"]
    rule(notifying_region, Event.STATUS_CHANGED).statuses.add(internal)  # chosen before it was hidden
    services.change_status(notified_work_order, internal, by=staff_actor)
    assert status_messages(notified_work_order) == 0
    assert "The status Quality check is not shown to customers; it never notifies." in work_order_page(
        staff_client, notified_work_order
    )


def test_a_status_no_longer_in_use_never_notifies_even_when_chosen(
    notified_work_order, notifying_region, statuses, staff_actor
):
    inactive = statuses["inactive"]
    rule(notifying_region, Event.STATUS_CHANGED).statuses.add(inactive)
    entry = services.add_comment(notified_work_order, "Put on hold.", public=False, by=staff_actor)
    notified_work_order.status = inactive
    signals.status_changed.send(
        sender=WorkOrder, work_order=notified_work_order, previous=statuses[Phase.OPEN], entry=entry
    )
    assert status_messages(notified_work_order) == 0
    assert decision(notified_work_order, Event.STATUS_CHANGED).reason == (
        "The status Old: on hold is no longer in use; it never notifies."
    )


def test_each_event_notifies_once(notified_work_order):
    entry = notified_work_order.timeline.get(kind="opened")
    signals.work_order_opened.send(sender=WorkOrder, work_order=notified_work_order, entry=entry)
    assert Message.objects.filter(work_order=notified_work_order).count() == 1
    assert NotificationDecision.objects.filter(work_order=notified_work_order).count() == 1


def test_a_change_that_is_rolled_back_notifies_nobody(
    notified_work_order, statuses, staff_actor, fail_signal
):
    fail_signal(signals.status_changed)
    with pytest.raises(ListenerFailed):
        services.change_status(notified_work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    assert status_messages(notified_work_order) == 0
    assert not NotificationDecision.objects.filter(event=Event.STATUS_CHANGED).exists()


def test_the_follow_up_is_cancelled_when_the_work_order_is_reopened(
    smtp_server, notified_work_order, staff_actor, staff_client
):
    deliver_due()  # the opening message goes out at once (it would be cancelled once the work order is closed)
    closing = tomorrow_at(10)
    with at(closing) as traveller:
        services.close(notified_work_order, by=staff_actor)
        deliver_due()
        traveller.shift(timedelta(days=2))
        services.reopen(notified_work_order, reason="The screen flickers again.", by=staff_actor)
        traveller.shift(timedelta(days=FOLLOW_UP_DAYS))
        deliver_due()

    subjects = [subject(received.email) for received in smtp_server.received]
    assert subjects == [
        f"Work order {notified_work_order.number} opened",
        f"Work order {notified_work_order.number} is complete",
    ]
    follow_up = decision(notified_work_order, Event.FOLLOW_UP)
    assert follow_up.message.state == Message.State.CANCELLED
    assert "Cancelled: the work order was reopened by Anton Advisor" in work_order_page(
        staff_client, notified_work_order
    )


def test_a_cancelled_work_order_gets_no_closing_message_and_no_follow_up(
    notified_work_order, statuses, staff_actor, staff_client
):
    services.close(notified_work_order, status=statuses[Phase.CANCELLED], by=staff_actor)
    assert not Message.objects.filter(
        work_order=notified_work_order, kind__in=[Event.WORK_ORDER_CLOSED, Event.FOLLOW_UP]
    ).exists()
    assert decision(notified_work_order, Event.FOLLOW_UP).reason == (
        "The work order was cancelled (Cancelled): the closing message and the follow-up are for "
        "completed work only."
    )
    assert "the closing message and the follow-up are for completed work only" in work_order_page(
        staff_client, notified_work_order
    )


def test_closing_again_after_reopening_queues_a_new_follow_up(notified_work_order, staff_actor):
    services.close(notified_work_order, by=staff_actor)
    services.reopen(notified_work_order, reason="The screen flickers again.", by=staff_actor)
    services.close(notified_work_order, by=staff_actor)
    states = list(
        Message.objects.filter(work_order=notified_work_order, kind=Event.FOLLOW_UP)
        .order_by("created_at", "id")
        .values_list("state", flat=True)
    )
    assert states == [Message.State.CANCELLED, Message.State.QUEUED]


# ----------------------------------------------------------------------------- text messages wait for the morning


def queue_text_at(moment: datetime, customer, open_for) -> Message:
    with at(moment):
        work_order = open_for(texting(customer))
    message = decision(work_order, Event.WORK_ORDER_OPENED).message
    assert message.channel == "sms"
    return message


@pytest.mark.parametrize(
    ("local_time", "goes_out"),
    [
        # an evening: the next morning
        (datetime(2026, 11, 23, 22, 30, tzinfo=BERLIN), datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)),
        # 21:00 is night already
        (datetime(2026, 11, 23, 21, 0, tzinfo=BERLIN), datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)),
        # after midnight: the same morning
        (datetime(2026, 11, 24, 0, 30, tzinfo=BERLIN), datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)),
        # the night summer time begins (29 March 2026, 02:00 → 03:00): 08:00 CEST is 06:00 UTC
        (datetime(2026, 3, 28, 22, 30, tzinfo=BERLIN), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        # the night summer time ends (25 October 2026, 03:00 → 02:00): 08:00 CET is 07:00 UTC
        (datetime(2026, 10, 24, 23, 15, tzinfo=BERLIN), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
    ],
)
def test_a_text_at_night_waits_for_eight_in_the_morning(notified_customer, open_for, local_time, goes_out):
    message = queue_text_at(local_time, notified_customer, open_for)
    assert message.send_after == goes_out
    assert message.send_after.astimezone(BERLIN).hour == 8
    with at(goes_out - timedelta(minutes=1)):
        assert deliver_due() == {}
    with at(goes_out):
        assert deliver_due() == {"sent": 1}


@pytest.mark.parametrize("hour", [8, 12, 20])
def test_a_text_in_the_daytime_goes_at_once(notified_customer, open_for, hour):
    moment = datetime(2026, 11, 23, hour, 0, tzinfo=BERLIN)
    message = queue_text_at(moment, notified_customer, open_for)
    assert message.send_after == moment


def test_an_email_at_night_goes_at_once(notified_customer, open_for):
    moment = datetime(2026, 11, 23, 23, 0, tzinfo=BERLIN)
    with at(moment):
        work_order = open_for(notified_customer)
    assert decision(work_order, Event.WORK_ORDER_OPENED).message.send_after == moment


def test_the_night_is_the_locations_night(location):
    new_york = ZoneInfo("America/New_York")
    # 23:00 in Berlin is 17:00 in New York: daytime there
    moment = datetime(2026, 11, 23, 23, 0, tzinfo=BERLIN)
    assert daytime(moment, new_york) == moment
    assert daytime(moment, BERLIN) == datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)


def test_a_follow_up_keeps_the_local_time_across_a_change_of_summer_time():
    closed = datetime(2026, 3, 25, 10, 0, tzinfo=BERLIN)  # CET
    due = days_later(closed, 7, BERLIN)
    assert due.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 4, 1, 10, 0)  # CEST
    assert due.astimezone(UTC) - closed.astimezone(UTC) == timedelta(days=7, hours=-1)


def test_a_texted_follow_up_due_at_night_waits_for_the_morning(notified_customer, open_for, staff_actor):
    texting(notified_customer)
    with at(datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN)):
        work_order = open_for(notified_customer)
        services.close(work_order, by=staff_actor)
    follow_up = decision(work_order, Event.FOLLOW_UP).message
    assert follow_up.send_after == datetime(2026, 12, 1, 8, 0, tzinfo=BERLIN)


def test_a_closing_text_still_waiting_for_the_morning_is_cancelled_by_reopening(
    notified_customer, open_for, staff_actor
):
    texting(notified_customer)
    with at(datetime(2026, 11, 23, 22, 0, tzinfo=BERLIN)):
        work_order = open_for(notified_customer)
        services.close(work_order, by=staff_actor)
        services.reopen(work_order, reason="Closed by mistake.", by=staff_actor)
    closing = decision(work_order, Event.WORK_ORDER_CLOSED)
    assert closing.message.state == Message.State.CANCELLED
    assert closing.reason.startswith("Cancelled: the work order was reopened by Anton Advisor")
    assert decision(work_order, Event.WORK_ORDER_OPENED).message.state == Message.State.QUEUED


# ----------------------------------------------------------------------------- language, wording, links


def test_a_notification_is_in_the_customers_language(notified_customer, open_for):
    notified_customer.language = "de"
    notified_customer.save()
    work_order = open_for(notified_customer)
    message = decision(work_order, Event.WORK_ORDER_OPENED).message
    assert message.subject == f"Auftrag {work_order.number} angelegt"
    assert message.body_text.startswith("Guten Tag Anna Becker,")


def test_the_regions_own_wording_is_used(notified_customer, notifying_region, open_for, owner):
    rules.save_rule(
        notifying_region,
        Event.WORK_ORDER_OPENED,
        active=True,
        wording={
            "subject_en": "Berlin: {{ work_order_number }}",
            "body_en": "Dear {{ customer_name }}, we have your {{ unit }}.",
        },
        by=owner,
    )
    work_order = open_for(notified_customer)
    message = decision(work_order, Event.WORK_ORDER_OPENED).message
    assert message.subject == f"Berlin: {work_order.number}"
    assert message.body_text == "Dear Anna Becker, we have your Lenovo ThinkPad T14 · PF-11111."


def test_the_regions_own_wording_in_one_language_leaves_the_other_to_the_shops_templates(
    notified_customer, notifying_region, open_for, owner
):
    rules.save_rule(
        notifying_region,
        Event.WORK_ORDER_OPENED,
        active=True,
        wording={"subject_en": "Berlin: {{ work_order_number }}", "body_en": "Hello."},
        by=owner,
    )
    notified_customer.language = "de"
    notified_customer.save()
    work_order = open_for(notified_customer)
    assert (
        decision(work_order, Event.WORK_ORDER_OPENED).message.subject
        == f"Auftrag {work_order.number} angelegt"
    )


def test_the_regions_portal_address_is_used_for_links(notified_customer, notifying_region, open_for, owner):
    rules.save_settings(
        notifying_region,
        active=True,
        reply_to=REPLY_TO,
        portal_url="https://service.berlin.example/",
        flip_flop_hours=12,
        by=owner,
    )
    rules.save_rule(
        notifying_region,
        Event.WORK_ORDER_OPENED,
        active=True,
        wording={
            "subject_en": "{{ work_order_number }}",
            "body_en": "Portal: {{ portal_link }}\nTrack: {{ tracking_link }}",
        },
        by=owner,
    )
    work_order = open_for(notified_customer)
    text = decision(work_order, Event.WORK_ORDER_OPENED).message.body_text
    assert "Portal: https://service.berlin.example/\n" in text
    assert "Track: https://service.berlin.example/track/" in text
