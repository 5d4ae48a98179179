"""What became of a message (outcomes.record_outcome), suppressed addresses and each way of lifting
them, the status report run that skips a bounced address, the deliveries log's outcome filter and
the 30-day delivery rates."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from fixloop.customers import services as customer_services
from fixloop.messaging import outcomes, services, suppressions
from fixloop.messaging.delivery_rates import delivery_rates
from fixloop.messaging.models import Message, MessageEvent, Suppression
from fixloop.messaging.states import transition
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repair_services
from fixloop.reports import services as reports
from fixloop.reports.models import ReportRunItem, ReportSubscription
from tests.factories import customer_actor_for

BOUNCE = "smtp;550 5.1.1 The email account that you tried to reach does not exist."


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client


def queue(customer, kind="workorder.message") -> Message:
    return services.queue_message(kind, channel="email", customer=customer, context={"message": "Ready."})


def sent(customer, kind="workorder.message") -> Message:
    message = queue(customer, kind)
    transition(message, Message.State.SENDING)
    transition(message, Message.State.SENT, provider_id=f"id-{message.pk}")
    message.save()
    return message


def bounce(message, *, hard=True) -> MessageEvent:
    return outcomes.record_outcome(message, "bounced", reason=BOUNCE, hard=hard, source="postmark")


# ----------------------------------------------------------------------------- outcomes


def test_a_hard_bounce_suppresses_the_address_and_the_next_message_is_not_sent(customer):
    message = sent(customer)
    bounce(message)
    message.refresh_from_db()
    assert (message.state, message.state_reason) == (Message.State.BOUNCED, BOUNCE)
    following = queue(customer)
    assert following.state == Message.State.SUPPRESSED
    assert "E-mail to anna@example.com bounced on" in following.state_reason
    assert BOUNCE in following.state_reason


def test_a_message_queued_before_the_bounce_is_suppressed_when_its_turn_comes(smtp_server, customer):
    waiting = queue(customer)
    bounce(sent(customer))
    assert deliver_due() == {"suppressed": 1}
    waiting.refresh_from_db()
    assert waiting.state == Message.State.SUPPRESSED
    assert BOUNCE in waiting.state_reason
    assert smtp_server.received == []


def test_a_soft_bounce_or_a_delay_does_not_suppress(customer):
    bounce(sent(customer), hard=False)
    outcomes.record_outcome(sent(customer), "deferred", reason="451 try later", hard=False, source="dsn")
    assert not Suppression.objects.exists()
    assert queue(customer).state == Message.State.QUEUED


def test_a_complaint_suppresses_with_its_own_reason(customer):
    message = sent(customer)
    outcomes.record_outcome(message, "delivered", source="ses")
    outcomes.record_outcome(message, "complained", reason="abuse", source="ses")
    message.refresh_from_db()
    assert message.state == Message.State.COMPLAINED
    assert "marked a message as spam" in queue(customer).state_reason


def test_a_delayed_message_can_still_be_delivered_and_a_late_report_is_kept_as_an_event(customer):
    message = sent(customer)
    outcomes.record_outcome(message, "deferred", reason="451 greylisted", source="mailgun")
    outcomes.record_outcome(message, "delivered", source="mailgun")
    outcomes.record_outcome(message, "deferred", reason="a late copy", source="mailgun")
    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED
    assert message.delivered_at is not None
    assert [event.kind for event in message.events.order_by("id")] == ["deferred", "delivered", "deferred"]


def test_an_unknown_outcome_is_refused(customer):
    with pytest.raises(ValueError):
        outcomes.record_outcome(sent(customer), "opened", source="postmark")
    assert not MessageEvent.objects.exists()


# ----------------------------------------------------------------------------- lifting


def test_the_customer_page_shows_the_bounce_and_staff_confirm_the_address(advisor_client, customer):
    bounce(sent(customer))
    page = advisor_client.get(reverse("backoffice:customer", args=[customer.number])).content.decode()
    assert "E-mail bounced on" in page
    assert "The email account that you tried to reach does not exist." in page

    response = advisor_client.post(reverse("backoffice:customer_email_confirmed", args=[customer.number]))
    assert response.status_code == 302
    lifted = Suppression.objects.get()
    assert (lifted.active, lifted.lift_note, lifted.lifted_by_name) == (False, "confirmed", "advisor")
    assert queue(customer).state == Message.State.QUEUED
    page = advisor_client.get(reverse("backoffice:customer", args=[customer.number])).content.decode()
    assert "E-mail bounced on" not in page
    assert "address confirmed by staff" in page


def test_confirming_needs_a_post_and_the_permission(client, technician, customer):
    bounce(sent(customer))
    client.force_login(technician)
    url = reverse("backoffice:customer_email_confirmed", args=[customer.number])
    assert client.post(url).status_code == 403
    assert Suppression.objects.get().active


def test_staff_correcting_the_address_sends_to_the_new_one_and_keeps_the_old_suppressed(customer):
    bounce(sent(customer))
    customer.email = "anna.becker@example.com"
    customer_services.save_customer(customer)
    assert queue(customer).state == Message.State.QUEUED
    assert suppressions.reason_for("email", "anna@example.com")


def test_a_customer_correcting_the_address_on_the_tracking_page_lifts_it(customer, work_order, staff_actor):
    link = repair_services.issue_link(work_order, by=staff_actor)
    # The customer had moved to another address, which bounced; now they go back to the first one,
    # whose mailbox they emptied.
    customer.email = "anna.becker@example.com"
    customer_services.save_customer(customer)
    bounce(sent(customer))
    customer.email = "anna@example.com"
    customer_services.save_customer(customer)
    suppressions.suppress("email", "anna@example.com", reason="552 mailbox full")

    repair_services.correct_contact_details(
        link, {"email": "anna.becker@example.com"}, by=customer_actor_for()
    )
    lifted = Suppression.objects.get(address="anna.becker@example.com")
    assert (lifted.active, lifted.lift_note) == (False, "corrected")
    customer.refresh_from_db()
    assert queue(customer).state == Message.State.QUEUED
    assert suppressions.reason_for("email", "anna@example.com")  # the address they left


# ----------------------------------------------------------------------------- status report runs


def test_a_status_report_run_after_a_bounce_skips_the_address_with_the_reason(customer, work_order):
    ReportSubscription.objects.create(customer=customer, active=True)
    bounce(sent(customer))
    run = reports.run_reports(date(2026, 11, 23))
    assert (run.sent, run.skipped) == (0, 1)
    [item] = run.items.all()
    assert item.outcome == ReportRunItem.Outcome.SKIPPED
    assert "E-mail to anna@example.com bounced on" in item.reason
    assert BOUNCE in item.reason
    assert item.message.state == Message.State.SUPPRESSED


# ----------------------------------------------------------------------------- the deliveries log


def test_the_deliveries_log_filters_by_outcome(advisor_client, customer):
    delivered, bounced, delayed_then_delivered, waiting = (sent(customer) for _ in range(4))
    outcomes.record_outcome(delivered, "delivered", source="postmark")
    bounce(bounced)
    outcomes.record_outcome(delayed_then_delivered, "deferred", source="postmark")
    outcomes.record_outcome(delayed_then_delivered, "delivered", source="postmark")
    suppressed = queue(customer)

    def listed(outcome):
        page = advisor_client.get(reverse("backoffice:messages"), {"outcome": outcome}).content.decode()
        messages = (delivered, bounced, delayed_then_delivered, waiting, suppressed)
        return {m.pk for m in messages if reverse("backoffice:message", args=[m.pk]) + '"' in page}

    assert listed("delivered") == {delivered.pk, delayed_then_delivered.pk}
    assert listed("bounced") == listed("hard_bounce") == {bounced.pk}
    assert listed("deferred") == {delayed_then_delivered.pk}
    assert listed("no_report") == {waiting.pk}
    assert listed("suppressed") == {suppressed.pk}
    assert listed("complained") == set()
    assert advisor_client.get(reverse("backoffice:messages"), {"outcome": "nonsense"}).status_code == 200


def test_a_message_shows_what_was_reported_after_sending(advisor_client, customer, work_order):
    message = sent(customer)
    message.work_order = work_order
    message.save()
    bounce(message)
    for url in (
        reverse("backoffice:message", args=[message.pk]),
        reverse("backoffice:work_order", args=[work_order.number]) + "?tab=messages",
    ):
        page = advisor_client.get(url).content.decode()
        assert "Postmark" in page  # who reported it, by name
        assert "permanent" in page
        assert "The email account that you tried to reach does not exist." in page


# ----------------------------------------------------------------------------- delivery rates


def test_the_delivery_rate_of_the_last_30_days_per_customer_and_kind(customer, other_customer):
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        outcomes.record_outcome(sent(customer), "delivered", source="postmark")  # too old to count
    for _ in range(3):
        outcomes.record_outcome(sent(customer), "delivered", source="postmark")
    sent(customer)  # no report yet: not in the rate
    outcomes.record_outcome(sent(customer, "workorder.closed"), "delivered", source="postmark")
    outcomes.record_outcome(sent(other_customer), "delivered", source="postmark")
    bounce(sent(customer))
    queue(customer)  # suppressed: beside the rate

    rates = {rate.kind: rate for rate in delivery_rates(customer=customer)}
    assert (rates["workorder.message"].delivered, rates["workorder.message"].not_delivered) == (3, 1)
    assert rates["workorder.message"].awaiting == 1
    assert rates["workorder.message"].suppressed == 1
    assert rates["workorder.message"].percent == 75
    assert rates["workorder.closed"].percent == 100
    everyone = {rate.kind: rate for rate in delivery_rates()}
    assert everyone["workorder.message"].percent == 80  # 4 of 5


def test_the_rates_are_shown_on_the_customer_page_and_the_rates_page(advisor_client, customer):
    for _ in range(3):
        outcomes.record_outcome(sent(customer), "delivered", source="postmark")
    bounce(sent(customer))
    customer_page = advisor_client.get(
        reverse("backoffice:customer", args=[customer.number])
    ).content.decode()
    rates_page = advisor_client.get(reverse("backoffice:delivery_rates")).content.decode()
    for page in (customer_page, rates_page):
        assert "75 %" in page
