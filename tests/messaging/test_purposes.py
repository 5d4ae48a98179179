"""A queued message whose purpose has passed is cancelled at send time, with the reason, instead of
going out (messaging/purposes.py): one test per message kind that a later event can overtake that
a stale message is cancelled, and that a still-true one goes out, through the loopback SMTP server
or the fake Twilio. This module: estimates, work orders and client notifications; the booking,
portal, contact-change, report and staff-alert kinds are in test_purposes_other_kinds.py."""

import html
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import formats, timezone, translation

from fixloop.estimates import services as estimates
from fixloop.estimates.models import Decision
from fixloop.messaging import purposes
from fixloop.messaging import services as messaging
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import Channel, Event, Message
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from fixloop.repairs.models import Phase
from tests.estimates.fixtures import add_job, decide_all
from tests.factories import customer_actor_for
from tests.messaging import notification_fixtures, sms_fixtures

region = notification_fixtures.region
notifying_region = notification_fixtures.notifying_region
notified_customer = notification_fixtures.notified_customer
open_for = notification_fixtures.open_for
notified_work_order = notification_fixtures.notified_work_order
twilio_api = sms_fixtures.twilio_api
MOBILE = sms_fixtures.MOBILE
BERLIN = ZoneInfo("Europe/Berlin")


def tomorrow_at(clock: str) -> datetime:
    day = timezone.localdate(timezone=BERLIN) + timedelta(days=1)
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=BERLIN)


def messages(kind: str) -> list[Message]:
    return list(Message.objects.filter(kind=kind).order_by("pk"))


def subjects(smtp_server) -> list[str]:
    return [" ".join(str(received.email["Subject"]).split()) for received in smtp_server.received]


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def staff_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def texting(customer):
    """Anna Becker prefers text messages and has agreed to them."""
    customer.preferred_channel = Channel.SMS
    customer.mobile = MOBILE
    customer.sms_consent_at = timezone.now()
    customer.save()
    return customer


def test_every_kind_has_a_check_or_stays_true():
    undecided = set(KINDS) - set(purposes.CHECKS) - purposes.STAYS_TRUE
    assert undecided == set()
    assert set(purposes.CHECKS) & purposes.STAYS_TRUE == set()


# ----------------------------------------------------------------------------- estimate ready


def test_the_estimate_ready_text_held_for_the_night_is_cancelled_when_the_customer_approves_first(
    shop, twilio_api, texting, estimate, staff_actor, vat_standard, staff_client
):
    """The issue's case: version 2 sent at 22:00 waits for 08:00; the customer approves it online at
    23:10 (from the link of an e-mail or the portal); at 08:00 the text would ask them to approve again."""
    with time_machine.travel(tomorrow_at("15:00"), tick=False):
        estimates.submit(estimate, by=staff_actor)
        deliver_due()
    assert len(twilio_api.messages()) == 1  # version 1 went out by day
    with time_machine.travel(tomorrow_at("22:00"), tick=False):
        add_job(estimate, staff_actor, vat_standard, description="Replace the keyboard")
        estimates.submit(estimate, by=staff_actor)
        estimate.refresh_from_db()
    [first, second] = messages("estimate_ready")
    assert first.state == Message.State.SENT
    assert second.send_after == tomorrow_at("22:00").replace(hour=8) + timedelta(days=1)
    with time_machine.travel(tomorrow_at("23:10"), tick=False):
        decide_all(estimate, customer_actor_for(), Decision.APPROVED)

    with time_machine.travel(tomorrow_at("08:00") + timedelta(days=1), tick=False):
        assert deliver_due() == {"cancelled": 1}

    assert len(twilio_api.messages()) == 1  # nothing more was texted
    second.refresh_from_db()
    assert second.state == Message.State.CANCELLED
    with translation.override("de"):  # the shop's language: the back office reads it
        decided = formats.date_format(tomorrow_at("23:10"), "SHORT_DATETIME_FORMAT")
    assert second.state_reason == (
        f"Der Kunde hat am {decided} über Version 2 des Kostenvoranschlags entschieden (Freigegeben), "
        "bevor diese Nachricht gesendet wurde."
    )
    assert second.attempts.count() == 0
    detail = page(staff_client, f"/staff/messages/{second.pk}/")
    assert second.state_reason in detail
    assert "No attempt was made: see the reason above." in detail  # not "a worker sends it shortly"
    assert second.state_reason in page(
        staff_client, f"/staff/work-orders/{estimate.work_order.number}/?tab=messages"
    )
    assert second.state_reason in page(staff_client, "/staff/messages/")


def test_an_estimate_ready_message_for_a_replaced_version_is_cancelled(
    shop, smtp_server, estimate, staff_actor, vat_standard
):
    estimates.submit(estimate, by=staff_actor)
    add_job(estimate, staff_actor, vat_standard, description="Replace the keyboard")
    estimates.submit(estimate, by=staff_actor)

    assert deliver_due() == {"cancelled": 1, "sent": 1}

    first, second = messages("estimate_ready")
    assert first.state == Message.State.CANCELLED
    assert first.state_reason == (
        "Version 1 des Kostenvoranschlags wurde durch Version 2 ersetzt, bevor diese Nachricht gesendet wurde."
    )
    assert second.state == Message.State.SENT
    assert len(smtp_server.received) == 1
    assert "(version 2)" in smtp_server.received[0].email.get_body(("plain",)).get_content()


def test_an_estimate_ready_message_whose_link_was_revoked_is_cancelled(
    shop, smtp_server, estimate, staff_actor
):
    estimates.submit(estimate, by=staff_actor)
    estimates.links.revoke_links(estimate, by=staff_actor)

    assert deliver_due() == {"cancelled": 1}

    [message] = messages("estimate_ready")
    assert message.state_reason.startswith("Der Link zum Kostenvoranschlag in dieser Nachricht wurde am ")
    assert smtp_server.received == []


def test_an_estimate_ready_message_still_awaited_goes_out(shop, smtp_server, estimate, staff_actor):
    estimates.submit(estimate, by=staff_actor)

    assert deliver_due() == {"sent": 1}
    assert messages("estimate_ready")[0].state_reason == ""


# ----------------------------------------------------------------------------- client notifications


def test_a_status_message_is_cancelled_when_the_status_moved_on_before_it_went_out(
    smtp_server, notified_work_order, statuses, staff_actor
):
    deliver_due()  # the opening message
    repairs.change_status(notified_work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    repairs.change_status(notified_work_order, statuses[Phase.WAITING_FOR_PARTS], by=staff_actor)

    assert deliver_due() == {"cancelled": 1}

    [message] = messages(Event.STATUS_CHANGED)
    assert message.state_reason == (
        "The work order's status changed from In progress to Waiting for parts before this went out."
    )


def test_a_status_message_still_true_goes_out(smtp_server, notified_work_order, statuses, staff_actor):
    deliver_due()
    repairs.change_status(notified_work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)

    assert deliver_due() == {"sent": 1}
    assert subjects(smtp_server)[-1] == f"{notified_work_order.number}: In progress"


def test_a_status_text_whose_tracking_link_was_revoked_is_cancelled(
    twilio_api, notified_customer, open_for, statuses, staff_actor
):
    notified_customer.preferred_channel = Channel.SMS
    notified_customer.mobile = MOBILE
    notified_customer.sms_consent_at = timezone.now()
    notified_customer.save()
    with time_machine.travel(tomorrow_at("10:00"), tick=False):
        work_order = open_for(notified_customer)
        deliver_due()
        repairs.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
        repairs.revoke_link(work_order, by=staff_actor)

        assert deliver_due() == {"cancelled": 1}

    [message] = messages(Event.STATUS_CHANGED)
    assert message.state_reason.startswith("The tracking link in this message was revoked at ")
    assert len(twilio_api.messages()) == 1  # the opening text only


def test_the_opening_message_is_cancelled_when_the_work_order_was_cancelled_first(
    smtp_server, notified_work_order, statuses, staff_actor
):
    repairs.close(notified_work_order, status=statuses[Phase.CANCELLED], by=staff_actor)

    assert deliver_due() == {"cancelled": 1}

    [message] = messages(Event.WORK_ORDER_OPENED)
    assert re.fullmatch(
        rf"Work order {notified_work_order.number} was cancelled at .+, before this went out\.",
        message.state_reason,
    )
    assert smtp_server.received == []


def test_the_opening_message_goes_out_while_the_work_order_is_open(smtp_server, notified_work_order):
    assert deliver_due() == {"sent": 1}
    assert subjects(smtp_server) == [f"Work order {notified_work_order.number} opened"]


def test_the_closing_message_is_cancelled_when_its_tracking_link_was_revoked(
    smtp_server, notified_work_order, staff_actor
):
    deliver_due()
    repairs.close(notified_work_order, by=staff_actor)
    repairs.revoke_link(notified_work_order, by=staff_actor)

    assert deliver_due() == {"cancelled": 1}

    [message] = messages(Event.WORK_ORDER_CLOSED)
    assert message.state_reason.startswith("The tracking link in this message was revoked at ")


def test_the_closing_message_goes_out_while_the_work_order_is_closed(
    smtp_server, notified_work_order, staff_actor
):
    deliver_due()
    repairs.close(notified_work_order, by=staff_actor)

    assert deliver_due() == {"sent": 1}
    assert subjects(smtp_server)[-1] == f"Work order {notified_work_order.number} is complete"


def test_the_follow_up_is_cancelled_when_the_work_order_is_open_again_at_send_time(
    smtp_server, notified_work_order, staff_actor
):
    """Reopening cancels a waiting follow-up at once (notifications.py); one resent by staff
    afterwards is stopped by the check at send time."""
    deliver_due()
    repairs.close(notified_work_order, by=staff_actor)
    deliver_due()
    follow_up = messages(Event.FOLLOW_UP)[0]
    repairs.reopen(notified_work_order, reason="The screen flickers again.", by=staff_actor)
    resent = messaging.resend(follow_up, by=None)

    later = timezone.now() + timedelta(days=notification_fixtures.FOLLOW_UP_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert deliver_due() == {"cancelled": 1}

    resent.refresh_from_db()
    assert (
        resent.state_reason == f"Work order {notified_work_order.number} was reopened before this went out."
    )


def test_the_follow_up_goes_out_when_the_work_order_stays_closed(
    smtp_server, notified_work_order, staff_actor
):
    deliver_due()
    repairs.close(notified_work_order, by=staff_actor)
    deliver_due()

    later = timezone.now() + timedelta(days=notification_fixtures.FOLLOW_UP_DAYS + 1)
    with time_machine.travel(later, tick=False):
        assert deliver_due() == {"sent": 1}


def test_the_acceptance_of_a_service_request_is_cancelled_when_its_work_order_was_cancelled(
    smtp_server, notified_customer, location, statuses, staff_actor
):
    request = repairs.submit_service_request(
        customer=notified_customer, problem_description="The fan is loud.", by=staff_actor
    )
    work_order = repairs.accept_service_request(request, location=location, by=staff_actor)
    repairs.close(work_order, status=statuses[Phase.CANCELLED], by=staff_actor)

    assert deliver_due() == {"cancelled": 1}  # the opening message was left to the acceptance

    [message] = messages(Event.SERVICE_REQUEST_ACCEPTED)
    assert message.state_reason.startswith(f"Work order {work_order.number} was cancelled at ")


def test_the_acceptance_of_a_service_request_goes_out(smtp_server, notified_customer, location, staff_actor):
    request = repairs.submit_service_request(
        customer=notified_customer, problem_description="The fan is loud.", by=staff_actor
    )
    work_order = repairs.accept_service_request(request, location=location, by=staff_actor)

    assert deliver_due() == {"sent": 1}
    assert subjects(smtp_server) == [f"We have accepted your service request – {work_order.number}"]


def test_the_rejection_of_a_service_request_stays_true_and_goes_out(
    smtp_server, notified_customer, staff_actor
):
    request = repairs.submit_service_request(
        customer=notified_customer, problem_description="A television.", by=staff_actor
    )
    repairs.reject_service_request(request, reason="We do not repair televisions.", by=staff_actor)

    assert deliver_due() == {"sent": 1}
    assert subjects(smtp_server) == ["Your service request"]


# ----------------------------------------------------------------------------- staff's own message


def send_staff_message(client, work_order) -> Message:
    response = client.post(
        f"/staff/work-orders/{work_order.number}/messages/",
        {"channel": Channel.EMAIL, "message": "Your new battery has arrived."},
    )
    assert response.status_code in (200, 302)
    return Message.objects.get(kind="workorder.message", work_order=work_order)


def test_a_message_from_staff_about_an_open_work_order_is_cancelled_once_it_is_closed(
    smtp_server, work_order, staff_client, staff_actor
):
    message = send_staff_message(staff_client, work_order)
    repairs.close(work_order, by=staff_actor)

    assert deliver_due() == {"cancelled": 1}
    message.refresh_from_db()
    assert message.state_reason.startswith(f"Work order {work_order.number} was closed at ")


def test_a_message_from_staff_goes_out_while_the_work_order_is_open(smtp_server, work_order, staff_client):
    send_staff_message(staff_client, work_order)

    assert deliver_due() == {"sent": 1}
    assert len(smtp_server.received) == 1
