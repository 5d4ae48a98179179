"""Work orders created over the REST API by concurrent clients, on PostgreSQL.

    python bench/api.py [--work-orders 10000] [--clients 4] [--workers 4] [--threads 2] [--database NAME]

Creates a scratch database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432), a shop with one location, status and customer, and an
integration token allowed to write work orders (its rate limit raised above the benchmark's pace).
Serves Fixloop with gunicorn (production settings: DEBUG off) and lets N client threads, each with
its own keep-alive HTTP connection, send `POST /api/v1/work-orders/` with an `Idempotency-Key`
each until W work orders exist. Prints requests/s and the p50/p95/p99 latency, and the SQL queries
one create makes. Budget (issue "REST API"): ≥ 150 requests/s and p99 ≤ 250 ms on the 2-core
development machine.

By default gunicorn runs 4 gthread workers with 2 threads each, which keep connections alive; with
`--threads 1` it runs sync workers, which close the connection after every answer (which is faster
is not settled: see bench/README.md).
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

from scratch import scratch_site

DATABASE = "fixloop_bench_api"
PASSWORD = "Bench-password-2026"  # noqa: S105 (a scratch database)
WARM_UP = 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed() -> tuple[int, str]:
    """(customer id, token) of a fresh shop."""
    from decimal import Decimal

    from fixloop.api.services import tokens
    from fixloop.customers.models import CustomerAccount
    from fixloop.repairs.models import Phase, Status
    from fixloop.shop.models import Location, ShopProfile, User, VatRate

    ShopProfile.objects.get_or_create(pk=1, defaults={"name": "Bench Werkstatt", "country": "DE"})
    location = Location.objects.create(
        name="Berlin", code="BER", address_line="Street 1", postal_code="10115", city="Berlin", country="DE"
    )
    VatRate.objects.create(location=location, label="Standard", rate=Decimal("19.00"), is_default=True)
    for phase in Phase:
        Status.objects.create(name_en=str(phase.label), name_de=str(phase.label), phase=phase)
    owner = User.objects.create_user("bench-owner", password=PASSWORD, is_staff=True, is_superuser=True)
    customer = CustomerAccount.objects.create(number="B1", name="Fleet GmbH", email="fleet@example.com")
    _, token = tokens.create_token(
        name="Dealer system", scopes=["work_orders:read", "work_orders:write"], by=owner, rate_limit=100_000
    )
    return customer.pk, token


def queries_per_create(customer_id: int, token: str) -> int:
    """The SQL statements of one create through the whole stack (Django's test client, in process)."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    client = TestClient(REMOTE_ADDR="127.0.0.1", HTTP_HOST="127.0.0.1")
    headers = {"Authorization": f"Bearer {token}"}
    body = json.dumps({"customer_id": customer_id, "problem_description": "Warm-up."})
    for _ in range(2):  # the second create sees what a busy server sees (last use recorded already)
        with CaptureQueriesContext(connection) as captured:
            answer = client.post(
                "/api/v1/work-orders",
                body,
                content_type="application/json",
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            )
        assert answer.status_code == 201, answer.content
    return len(captured.captured_queries)


class Client(threading.Thread):
    """Sends its share of creates over one keep-alive connection; keeps each request's latency."""

    def __init__(self, port: int, token: str, customer_id: int, count: int, name: str):
        super().__init__(daemon=True)
        self.port, self.count, self.name = port, count, name
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.body = json.dumps({"customer_id": customer_id, "problem_description": "Brakes squeal."}).encode()
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        for n in range(self.count):
            headers = {**self.headers, "Idempotency-Key": f"{self.name}-{n}-{uuid.uuid4().hex}"}
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/v1/work-orders", self.body, headers)
                answer = connection.getresponse()
                payload = answer.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                self.failures.append(repr(error))
                continue
            self.latencies.append(time.perf_counter() - started)
            if answer.status != 201:
                self.failures.append(f"{answer.status} {payload[:200]!r}")
            if answer.will_close:
                connection.close()  # a sync worker's answer: the next request connects again
        connection.close()


def drive(
    port: int, token: str, customer_id: int, total: int, clients: int
) -> tuple[float, list[float], list]:
    share = [total // clients + (1 if n < total % clients else 0) for n in range(clients)]
    threads = [Client(port, token, customer_id, count, f"c{n}") for n, count in enumerate(share)]
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    drive.client_cpu = time.process_time() - cpu
    latencies = sorted(latency for thread in threads for latency in thread.latencies)
    failures = [failure for thread in threads for failure in thread.failures]
    return elapsed, latencies, failures


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work-orders", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=2, help="threads per worker (above 1: gthread, keep-alive; 1: sync)"
    )
    parser.add_argument("--database", default=DATABASE, help=f"scratch database name (default {DATABASE})")
    args = parser.parse_args()

    with scratch_site(args.database, smtp=False) as site:
        customer_id, token = seed()
        queries = queries_per_create(customer_id, token)
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "fixloop.wsgi", "--workers", str(args.workers)]
        if args.threads > 1:
            command += ["--threads", str(args.threads), "--worker-class", "gthread"]
        command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        server = subprocess.Popen(command, env=site.environment)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            drive(port, token, customer_id, WARM_UP, args.clients)  # every worker imports and connects
            elapsed, latencies, failures = drive(port, token, customer_id, args.work_orders, args.clients)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

        from fixloop.repairs.models import WorkOrder

        created = WorkOrder.objects.count()
        kind = f"gthread, {args.workers} × {args.threads} threads" if args.threads > 1 else "sync"
        print(f"gunicorn: {args.workers} workers ({kind}); {args.clients} clients; {os.cpu_count()} cores")
        print(f"SQL queries per create: {queries}")
        print(f"work orders in the database: {created:,} (warm-up {WARM_UP + 2} included)")
        print(
            f"client CPU: {drive.client_cpu:.1f} s = {drive.client_cpu / elapsed:.0%} of one core "
            "(the clients are not the bottleneck while well below 100 %)"
        )
        if failures:
            print(f"{len(failures)} failed requests, e.g. {failures[0]}")
        ms = [latency * 1000 for latency in latencies]
        print(
            f"{len(latencies):,} creates in {elapsed:.1f} s: {len(latencies) / elapsed:,.0f} requests/s; "
            f"latency p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
            f"p99 {percentile(ms, 0.99):.1f} ms (budget ≥ 150 requests/s, p99 ≤ 250 ms)"
        )
        if failures:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
