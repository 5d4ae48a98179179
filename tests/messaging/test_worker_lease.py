"""A worker holds its batch with a lease it renews as it works, and records each message as soon as
the SMTP server has accepted it: a worker that dies leaves at most the one message in flight
unrecorded, and the rest of its batch goes back to the queue once its lease has run out."""

from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from fixloop.messaging import services
from fixloop.messaging.delivery import LEASE, claim_due, recover_stale
from fixloop.messaging.models import Attempt, Message
from fixloop.messaging.tasks import deliver_due
from fixloop.messaging.transports.email import SmtpTransport

STOPPED = "The worker stopped while sending; trying again."


class Killed(BaseException):
    """The worker process dies (kill -9): nothing after it runs, no handler catches it."""


def queue_several(customer, count: int) -> list[Message]:
    return [
        services.queue_message(
            "workorder.message",
            channel="email",
            customer=customer,
            context={"message": f"Message {n}"},
            dedupe_key=f"lease-{n}",
        )
        for n in range(count)
    ]


def deliveries(smtp_server) -> Counter:
    return Counter(received.email["Message-ID"] for received in smtp_server.received)


def test_a_claim_is_a_lease_of_the_worker(smtp_server, customer):
    [message] = queue_several(customer, 1)
    [claimed] = claim_due(10, "host:1")
    assert claimed.pk == message.pk
    assert claimed.leased_by == "host:1"
    assert claimed.lease_until == claimed.sending_since + LEASE


def test_a_batch_whose_lease_ran_out_is_taken_up_within_a_minute(smtp_server, customer):
    messages = queue_several(customer, 3)
    claim_due(10, "host:1")  # … and the worker dies
    with time_machine.travel(timezone.now() + LEASE - timedelta(seconds=1), tick=False):
        assert recover_stale() == 0  # its lease still holds
    with time_machine.travel(timezone.now() + LEASE + timedelta(seconds=1), tick=False):
        assert recover_stale() == 3
        assert deliver_due() == {"sent": 3}
    for message in messages:
        assert list(message.attempts.values_list("outcome", "error", "worker")) == [
            ("transient", STOPPED, "host:1"),
            ("sent", "", message.attempts.get(number=2).worker),
        ]
    assert set(deliveries(smtp_server).values()) == {1}


def test_a_crash_duplicates_at_most_the_message_in_flight(smtp_server, customer, monkeypatch):
    messages = queue_several(customer, 5)
    send = SmtpTransport.send

    def dies_after_the_third_acceptance(transport, message):
        accepted = send(transport, message)
        if len(smtp_server.received) == 3:
            raise Killed
        return accepted

    monkeypatch.setattr(SmtpTransport, "send", dies_after_the_third_acceptance)
    with pytest.raises(Killed):
        deliver_due()
    states = [Message.objects.get(pk=message.pk).state for message in messages]
    assert states == ["sent", "sent", "sending", "sending", "sending"]
    assert Attempt.objects.filter(outcome="sent").count() == 2

    monkeypatch.setattr(SmtpTransport, "send", send)
    with time_machine.travel(timezone.now() + LEASE + timedelta(seconds=1), tick=False):
        assert recover_stale() == 3
        assert deliver_due() == {"sent": 3}
    counts = deliveries(smtp_server)
    assert len(counts) == 5, "none lost"
    assert counts[messages[2].provider_id] == 2, "the one in flight went out twice"
    assert sum(counts.values()) == 6, "and only that one"
    assert set(Message.objects.values_list("state", flat=True)) == {"sent"}


def test_a_slow_batch_keeps_its_lease(smtp_server, customer, monkeypatch):
    queue_several(customer, 5)
    send = SmtpTransport.send
    taken_up = []

    with time_machine.travel(timezone.now(), tick=False) as clock:

        def slow(transport, message):
            clock.shift(timedelta(seconds=15))  # 5 × 15 s: the batch takes longer than a lease
            accepted = send(transport, message)
            taken_up.append(recover_stale())  # another worker's sweep meanwhile
            return accepted

        monkeypatch.setattr(SmtpTransport, "send", slow)
        assert deliver_due() == {"sent": 5}
    assert taken_up == [0] * 5
    assert set(deliveries(smtp_server).values()) == {1}
    assert Attempt.objects.count() == 5


def test_a_worker_that_lost_its_lease_leaves_the_batch_to_recovery(smtp_server, customer, monkeypatch):
    messages = queue_several(customer, 3)
    send = SmtpTransport.send

    with time_machine.travel(timezone.now(), tick=False) as clock:

        def stalls_once(transport, message):
            accepted = send(transport, message)
            if len(smtp_server.received) == 1:
                clock.shift(LEASE + timedelta(seconds=1))  # the worker stood still …
                assert recover_stale() == 3  # … and another worker's sweep took up its batch
            return accepted

        monkeypatch.setattr(SmtpTransport, "send", stalls_once)
        # It records nothing over the recovery, sends nothing more of its old batch, and then
        # claims the three again like any worker would.
        assert deliver_due() == {"sent": 3}

    counts = deliveries(smtp_server)
    assert [counts[message.provider_id] for message in messages] == [2, 1, 1]
    assert list(messages[0].attempts.values_list("number", "outcome")) == [(1, "transient"), (2, "sent")]
