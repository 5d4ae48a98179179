"""Rotating a secret: both signatures during the grace period, only the new one afterwards."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from fixloop.api.webhooks import services
from fixloop.messaging.tasks import deliver_due
from fixloop.repairs import services as repairs
from tests.api.webhooks.recipes import python_verify


def signatures(request) -> list[str]:
    return [part for part in request.headers["Fixloop-Signature"].split(",") if part.startswith("v1=")]


def test_during_the_grace_period_both_the_new_and_the_previous_secret_verify(
    subscribe, receiver, work_order, statuses, staff_actor
):
    endpoint, old_secret = subscribe("work_order.status_changed.v1")
    _endpoint, new_secret = services.rotate_secret(endpoint)

    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)
    deliver_due()

    (request,) = receiver.received
    verify = python_verify()
    assert len(signatures(request)) == 2
    assert verify(new_secret, request.headers["Fixloop-Signature"], request.body)
    assert verify(old_secret, request.headers["Fixloop-Signature"], request.body)


def test_after_the_grace_period_only_the_new_secret_signs(
    subscribe, receiver, work_order, statuses, staff_actor, settings
):
    endpoint, old_secret = subscribe("work_order.status_changed.v1")
    _endpoint, new_secret = services.rotate_secret(endpoint)
    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)

    later = timezone.now() + timedelta(hours=settings.WEBHOOK_ROTATION_GRACE_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        deliver_due()
        (request,) = receiver.received
        verify = python_verify()
        assert len(signatures(request)) == 1
        assert verify(new_secret, request.headers["Fixloop-Signature"], request.body)
        assert not verify(old_secret, request.headers["Fixloop-Signature"], request.body)


def test_a_delivery_queued_before_a_rotation_is_signed_with_the_secrets_of_its_sending(
    subscribe, receiver, work_order, statuses, staff_actor
):
    endpoint, _old = subscribe("work_order.status_changed.v1")
    repairs.change_status(work_order, statuses["in_progress"], by=staff_actor)
    _endpoint, new_secret = services.rotate_secret(endpoint)

    deliver_due()

    (request,) = receiver.received
    assert python_verify()(new_secret, request.headers["Fixloop-Signature"], request.body)


def test_a_second_rotation_drops_the_oldest_secret(subscribe):
    endpoint, _first = subscribe("work_order.status_changed.v1")
    endpoint, second = services.rotate_secret(endpoint)
    endpoint, third = services.rotate_secret(endpoint)

    assert services.signing_secrets(endpoint) == [third, second]
