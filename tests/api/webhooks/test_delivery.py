"""Deliveries through the outbox: retries with backoff until the receiver takes the event, the
receiver's answers on the attempts, permanent refusals, and nothing for what did not happen."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from fixloop.api.models import WebhookDelivery, WebhookEvent
from fixloop.api.webhooks import services
from fixloop.messaging.models import Attempt, Message
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from tests.api.webhooks.receiver import HANG


def change_status(work_order, statuses, staff_actor, key="in_progress"):
    return repairs.change_status(work_order, statuses[key], by=staff_actor)


def deliver_later(minutes: float) -> None:
    with time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False):
        deliver_due()


def only_delivery() -> WebhookDelivery:
    (delivery,) = WebhookDelivery.objects.select_related("message", "event")
    delivery.message.refresh_from_db()
    return delivery


def test_a_receiver_that_fails_twice_gets_the_event_exactly_once_on_the_third_try(
    subscribe, receiver, work_order, statuses, staff_actor
):
    subscribe("work_order.status_changed.v1")
    receiver.answers = [(500, "database locked"), HANG]
    change_status(work_order, statuses, staff_actor)

    deliver_due()  # 500
    deliver_due()  # not due yet: nothing is tried
    deliver_later(2)  # the first retry (1 minute ± 25 %): no answer in time
    deliver_later(6)  # the second retry (2 minutes ± 25 % after that): accepted
    deliver_later(120)  # nothing is left to send

    delivery = only_delivery()
    assert delivery.message.state == Message.State.SENT
    assert len(receiver.received) == 3
    bodies = {request.body for request in receiver.received}
    assert len(bodies) == 1  # the same event each time
    assert len({request.headers["Fixloop-Delivery"] for request in receiver.received}) == 1
    outcomes = [(a.outcome, a.response_status) for a in delivery.message.attempts.order_by("number")]
    assert outcomes == [
        (Attempt.Outcome.TRANSIENT, 500),
        (Attempt.Outcome.TRANSIENT, None),
        (Attempt.Outcome.SENT, 200),
    ]


def test_the_attempt_keeps_the_receivers_status_code_and_the_start_of_its_answer(
    subscribe, receiver, work_order, statuses, staff_actor
):
    subscribe("work_order.status_changed.v1")
    receiver.answers = [(503, "x" * 5000)]
    change_status(work_order, statuses, staff_actor)

    deliver_due()

    (attempt,) = only_delivery().message.attempts.all()
    assert attempt.response_status == 503
    assert attempt.response_excerpt == "x" * 2048
    assert attempt.error == "The receiver answered HTTP 503."
    assert attempt.duration_ms >= 0


def test_a_timeout_is_recorded_as_a_temporary_failure_and_retried(
    subscribe, receiver, work_order, statuses, staff_actor
):
    subscribe("work_order.status_changed.v1")
    receiver.answers = [HANG]
    change_status(work_order, statuses, staff_actor)

    deliver_due()

    delivery = only_delivery()
    assert delivery.message.state == Message.State.RETRYING
    assert "No answer within 1 seconds" in delivery.message.attempts.get().error


@pytest.mark.parametrize("status", [408, 429, 502])
def test_answers_worth_retrying_are_retried(subscribe, receiver, work_order, statuses, staff_actor, status):
    subscribe("work_order.status_changed.v1")
    receiver.answers = [(status, "later")]
    change_status(work_order, statuses, staff_actor)

    deliver_due()

    assert only_delivery().message.state == Message.State.RETRYING


@pytest.mark.parametrize("status", [400, 401, 404, 410])
def test_a_refusal_is_a_permanent_failure_and_not_retried(
    subscribe, receiver, work_order, statuses, staff_actor, status
):
    subscribe("work_order.status_changed.v1")
    receiver.answers = [(status, "no such hook")]
    change_status(work_order, statuses, staff_actor)

    deliver_due()
    deliver_later(120)

    message = only_delivery().message
    assert message.state == Message.State.FAILED
    assert message.attempts.get().response_excerpt == "no such hook"
    assert len(receiver.received) == 1


def test_a_receiver_down_for_an_hour_gets_the_event_when_it_is_back(
    subscribe, receiver, closed_port, work_order, statuses, staff_actor
):
    endpoint, _secret = subscribe("work_order.status_changed.v1", url=f"http://127.0.0.1:{closed_port}/hook")
    change_status(work_order, statuses, staff_actor)
    start = timezone.now()
    for minutes in (0, 2, 5, 10, 20, 40, 61):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            deliver_due()
    assert only_delivery().message.state == Message.State.RETRYING
    services.update_endpoint(
        endpoint, name=endpoint.name, url=receiver.url, events=endpoint.events, active=True
    )

    with time_machine.travel(start + timedelta(minutes=150), tick=False):
        deliver_due()

    assert only_delivery().message.state == Message.State.SENT
    assert len(receiver.received) == 1


def test_a_rolled_back_change_sends_nothing(subscribe, receiver, work_order, statuses, staff_actor):
    subscribe("work_order.status_changed.v1")

    with pytest.raises(RuntimeError), transaction.atomic():
        change_status(work_order, statuses, staff_actor)
        raise RuntimeError("the rest of the change failed")
    deliver_due()

    assert not WebhookEvent.objects.exists()
    assert not Message.objects.filter(channel="webhook").exists()
    assert receiver.received == []


def test_an_event_nobody_subscribed_to_is_not_sent(subscribe, receiver, work_order, statuses, staff_actor):
    subscribe("estimate.decided.v1")

    change_status(work_order, statuses, staff_actor)
    deliver_due()

    assert not WebhookEvent.objects.exists()
    assert receiver.received == []


def test_an_inactive_endpoint_gets_nothing(subscribe, receiver, work_order, statuses, staff_actor):
    endpoint, _secret = subscribe("work_order.status_changed.v1")
    services.update_endpoint(
        endpoint, name=endpoint.name, url=endpoint.url, events=endpoint.events, active=False
    )

    change_status(work_order, statuses, staff_actor)
    deliver_due()

    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


def test_a_delivery_waiting_when_its_endpoint_is_switched_off_is_not_sent(
    subscribe, receiver, work_order, statuses, staff_actor
):
    endpoint, _secret = subscribe("work_order.status_changed.v1")
    change_status(work_order, statuses, staff_actor)
    services.update_endpoint(
        endpoint, name=endpoint.name, url=endpoint.url, events=endpoint.events, active=False
    )

    deliver_due()

    message = only_delivery().message
    assert message.state == Message.State.FAILED
    assert "switched off" in message.state_reason
    assert receiver.received == []


def test_each_subscribed_endpoint_gets_its_own_delivery_of_one_event(
    subscribe, receiver, work_order, statuses, staff_actor
):
    subscribe("work_order.status_changed.v1", name="ERP")
    subscribe("work_order.status_changed.v1", name="DMS")

    change_status(work_order, statuses, staff_actor)
    deliver_due()

    assert WebhookEvent.objects.count() == 1
    assert WebhookDelivery.objects.count() == 2
    assert len({json.loads(request.body)["id"] for request in receiver.received}) == 1
    assert len({request.headers["Fixloop-Delivery"] for request in receiver.received}) == 2


def test_send_again_delivers_the_same_event_with_the_same_id_as_a_new_delivery(
    subscribe, receiver, work_order, statuses, staff_actor, owner
):
    subscribe("work_order.status_changed.v1")
    change_status(work_order, statuses, staff_actor)
    deliver_due()
    first = only_delivery()

    again = services.send_again(first, by=owner)
    deliver_due()

    assert again.event_id == first.event_id and again.again_of == first
    assert [request.body for request in receiver.received] == [first.event.body.encode()] * 2
    first_id, second_id = (request.headers["Fixloop-Delivery"] for request in receiver.received)
    assert first_id != second_id


def test_webhook_deliveries_stay_out_of_the_customers_messages_and_the_delivery_rates(
    subscribe, receiver, work_order, statuses, staff_actor, customer
):
    from fixloop.messaging.delivery_rates import delivery_rates

    subscribe("work_order.status_changed.v1")
    change_status(work_order, statuses, staff_actor)
    deliver_due()

    message = only_delivery().message
    assert message.customer is None and message.work_order is None
    assert "webhook" not in {row.kind for row in delivery_rates()}


def test_a_failed_webhook_delivery_does_not_announce_a_failed_message(
    subscribe, receiver, work_order, statuses, staff_actor
):
    subscribe("work_order.status_changed.v1", "message.failed.v1")
    receiver.answers = [(410, "gone")]
    change_status(work_order, statuses, staff_actor)

    deliver_due()

    assert list(WebhookEvent.objects.values_list("type", flat=True)) == ["work_order.status_changed.v1"]
