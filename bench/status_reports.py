"""Status reports against PostgreSQL and a loopback SMTP server.

    python bench/status_reports.py [--accounts 10000] [--repairs 5] [--workers 2]

Seeds N subscribed accounts with R open repairs each, then:

1. runs `run_reports` for one date in this process (selection, PDF per account, tracking links
   issued, queueing) and prints the time spent in queries and in PDF rendering (with the render
   median); W `fixloop worker` processes then compose and send the e-mails (the drain time);
2. runs the date again (forced) the way the scheduler does: the run's task is split into chunks
   that the W workers share, and the time until the SMTP server has accepted every report is
   printed with the workers' peak memory (VmHWM).

It creates and drops its own database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432). Budgets (issue "Repair status listing reports"): the whole run
≤ 120 s for 10,000 accounts with 5 open repairs, a PDF render median ≤ 15 ms, worker memory ≤ 300 MB.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = "fixloop_bench_status_reports"


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-q", "-c", sql], check=True)


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seed(accounts: int, repairs: int) -> None:
    from django.db import transaction

    from fixloop.customers.models import CustomerAccount, Unit
    from fixloop.repairs.models import Phase, Status, WorkOrder
    from fixloop.reports.models import ReportSubscription
    from fixloop.shop.models import Location

    status = Status.objects.create(name_en="In progress", name_de="In Arbeit", phase=Phase.IN_PROGRESS)
    location = Location.objects.create(
        name="Berlin", code="BER", address_line="Street 1", postal_code="10115", city="Berlin", country="DE"
    )
    for start in range(0, accounts, 1000):
        with transaction.atomic():
            batch = range(start, min(start + 1000, accounts))
            customers = CustomerAccount.objects.bulk_create(
                CustomerAccount(number=f"B{n:06d}", name=f"Bench Customer {n}", email=f"c{n}@example.com")
                for n in batch
            )
            ReportSubscription.objects.bulk_create(
                ReportSubscription(customer=customer, active=True) for customer in customers
            )
            units = Unit.objects.bulk_create(
                Unit(customer=customer, make="Lenovo", model="T14", serial_number=f"S{customer.pk}-{r}")
                for customer in customers
                for r in range(repairs)
            )
            WorkOrder.objects.bulk_create(
                WorkOrder(
                    number=f"W{unit.pk:08d}",
                    customer_id=unit.customer_id,
                    unit=unit,
                    location=location,
                    status=status,
                    problem_description="Bench.",
                )
                for unit in units
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--repairs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from tests.messaging.smtp_server import SmtpServer

    smtp = SmtpServer().start()
    data_dir = tempfile.mkdtemp(prefix="fixloop-bench-")
    environment = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "EMAIL_URL": smtp.url,
        "EMAIL_FROM": "service@werkstatt.example",
        "FIXLOOP_DATA_DIR": data_dir,
        "DEBUG": "0",
    }
    os.environ.update(environment)
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    workers = []
    try:
        subprocess.run([sys.executable, "-m", "fixloop", "migrate", "-v", "0"], env=environment, check=True)
        import django

        os.environ["DJANGO_SETTINGS_MODULE"] = "fixloop.settings"
        django.setup()
        from django.db import connection

        from fixloop.reports import services

        started = time.monotonic()
        seed(args.accounts, args.repairs)
        print(
            f"seeded {args.accounts} accounts × {args.repairs} open repairs in {time.monotonic() - started:.1f} s"
        )

        query_time = [0.0]

        def timed_query(execute, sql, params, many, context):
            begun = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                query_time[0] += time.perf_counter() - begun

        real_render = services.render_status_report
        for label, force in (("run in this process (tracking links issued)", False),):
            query_time[0] = 0.0
            renders: list[float] = []

            def timed_render(data, renders=renders):
                begun = time.perf_counter()
                try:
                    return real_render(data)
                finally:
                    renders.append(time.perf_counter() - begun)

            services.render_status_report = timed_render
            received_before = len(smtp.received)
            started = time.monotonic()
            with connection.execute_wrapper(timed_query):
                run = services.run_reports(date(2026, 11, 23), force=force)
            queued = time.monotonic() - started
            print(
                f"{label}: {run.sent} sent, {run.skipped} skipped, {run.failed} failed in {queued:.1f} s; "
                f"queries {query_time[0]:.1f} s, PDF {sum(renders):.1f} s "
                f"(median {statistics.median(renders) * 1000:.1f} ms, {len(renders)} renders)"
            )
            drain_started = time.monotonic()
            if not workers:
                for _ in range(args.workers):
                    workers.append(
                        subprocess.Popen(
                            [sys.executable, "-m", "fixloop", "worker", "-v", "0"],
                            env=environment,
                            stdout=subprocess.DEVNULL,
                        )
                    )
            while len(smtp.received) - received_before < run.sent:
                time.sleep(0.05)
                if any(worker.poll() is not None for worker in workers):
                    raise SystemExit("a worker stopped")
            drained = time.monotonic() - drain_started
            memory = [peak_memory_mb(worker.pid) for worker in workers]
            print(
                f"  drain (compose + SMTP): {run.sent} e-mails in {drained:.1f} s with {args.workers} workers; "
                f"worker peak memory {', '.join(f'{m:.0f} MB' for m in memory)}"
            )
            print(f"  whole run: {queued + drained:.1f} s (budget 120 s for 10,000 accounts)")

        # The same date again, forced, the way the scheduler and "Run now" do it: the run's task splits
        # the accounts into chunks that the workers share (tracking links exist now).
        received_before = len(smtp.received)
        started = time.monotonic()
        run = services.start_in_background(date(2026, 11, 23), force=True)
        while len(smtp.received) - received_before < args.accounts:
            time.sleep(0.05)
            if any(worker.poll() is not None for worker in workers):
                raise SystemExit("a worker stopped")
        whole = time.monotonic() - started
        run.refresh_from_db()
        memory = [peak_memory_mb(worker.pid) for worker in workers]
        print(
            f"run by {args.workers} workers (links exist): {len(smtp.received) - received_before} e-mails "
            f"rendered, queued and sent in {whole:.1f} s (run {run.state}: {run.sent} sent); "
            f"worker peak memory {', '.join(f'{m:.0f} MB' for m in memory)} (budget 120 s, 300 MB)"
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        smtp.stop()
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
