"""Several worker processes against one PostgreSQL database never send a message twice."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.db import connection, transaction

from fixloop.messaging import services
from fixloop.messaging.models import Attempt, Message

MESSAGES = 1000


def worker_environment(smtp_server, tmp_path) -> dict:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_URL": smtp_server.url,
        "EMAIL_FROM": "service@werkstatt.example",
        "FIXLOOP_DATA_DIR": str(tmp_path),
        "DEBUG": "0",
    }


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_deliver_each_of_1000_messages_exactly_once(smtp_server, customer, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several worker processes need a database server; SQLite runs one machine's workers")
    with transaction.atomic():
        for n in range(MESSAGES):
            services.queue_message(
                "workorder.message",
                channel="email",
                customer=customer,
                context={"message": f"Message {n}"},
                dedupe_key=f"two-workers-{n}",
            )
    environment = worker_environment(smtp_server, tmp_path)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "fixloop", "worker", "--interval", "0.1", "-v", "0"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(smtp_server.received) < MESSAGES and time.monotonic() < deadline:
            assert all(worker.poll() is None for worker in workers), "a worker stopped early"
            time.sleep(0.2)
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)

    deliveries = Counter(received.email["Message-ID"] for received in smtp_server.received)
    assert len(deliveries) == MESSAGES
    assert set(deliveries.values()) == {1}
    assert Message.objects.filter(state=Message.State.SENT).count() == MESSAGES
    assert set(deliveries) == set(Message.objects.values_list("provider_id", flat=True))
    assert Attempt.objects.count() == MESSAGES
    assert Attempt.objects.values("worker").distinct().count() == 2, "both workers should have sent some"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_sends_at_most_one_twice(smtp_server, customer, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server; SQLite runs one machine's workers")
    count = 300
    with transaction.atomic():
        for n in range(count):
            services.queue_message(
                "workorder.message",
                channel="email",
                customer=customer,
                context={"message": f"Message {n}"},
                dedupe_key=f"killed-{n}",
            )
    smtp_server.handler.delay = 0.02  # a slow server: a batch of 50 takes a second or more
    environment = worker_environment(smtp_server, tmp_path)
    command = [sys.executable, "-m", "fixloop", "worker", "--interval", "0.1", "-v", "0"]
    first = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second = None
    try:
        deadline = time.monotonic() + 60
        while len(smtp_server.received) < 75 and time.monotonic() < deadline:  # in its second batch
            assert first.poll() is None, "the worker stopped early"
            time.sleep(0.01)
        first.kill()  # kill -9: no clean-up, no last record
        first.wait(timeout=10)
        killed_at = time.monotonic()
        assert len(smtp_server.received) < count, "the kill came too late"
        second = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while time.monotonic() < killed_at + 90:
            if len({received.email["Message-ID"] for received in smtp_server.received}) == count:
                break
            assert second.poll() is None, "the second worker stopped early"
            time.sleep(0.2)
        taken = time.monotonic() - killed_at
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)

    deliveries = Counter(received.email["Message-ID"] for received in smtp_server.received)
    assert len(deliveries) == count, f"lost {count - len(deliveries)}"
    assert sum(deliveries.values()) - count <= 1, f"duplicates: {sum(deliveries.values()) - count}"
    assert taken <= 90
    assert Message.objects.filter(state=Message.State.SENT).count() == count
    stopped = Attempt.objects.filter(error__startswith="The worker stopped while sending")
    assert stopped.exists(), "the kill should have left a batch for recovery"
