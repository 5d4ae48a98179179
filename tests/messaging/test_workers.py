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
