"""Status reports against PostgreSQL and a loopback SMTP server.

    python bench/status_reports.py [--accounts 10000] [--repairs 5] [--workers 2]

Seeds N subscribed accounts with R open repairs each, then:

1. day one, the way the scheduler (and "Run now") sends a date: the run's task splits the accounts
   into chunks that W `fixloop worker` processes share; no tracking link exists yet, so the run
   issues one per open repair. Printed: the time until the SMTP server has accepted every report
   (the budget) and the workers' peak memory (VmHWM);
2. the date again (forced) in this process, as `fixloop send-status-reports` does, with no worker
   running meanwhile: the time spent in queries and in PDF rendering (with the render median); W
   fresh workers then compose and send the e-mails (the drain time);
3. the date again (forced) by W workers, now that the links exist.

It creates and drops its own database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432). Budgets (issue "Repair status listing reports"): the whole run
≤ 120 s for 10,000 accounts with 5 open repairs, rendered and e-mailed by 2 workers; a PDF render
median ≤ 15 ms; worker memory ≤ 300 MB.
"""

import argparse
import os
import statistics
import threading
import time
from datetime import date
from pathlib import Path

from scratch import scratch_site

DATABASE = "fixloop_bench_status_reports"


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far: unlike wall time, hardly changed by other work on the
    machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of the PostgreSQL server's processes so far (those that ended count in the parent's
    children's time): it shares the cores with the workers."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rpartition(")")[2].split()
        if name.startswith("postgres"):
            total += sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def cpu_idle() -> tuple[int, int]:
    """(idle, total) clock ticks of the machine so far (/proc/stat): how much of the cores a run left
    unused."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return ticks[3] + ticks[4], sum(ticks)


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

    with scratch_site(DATABASE) as site:
        smtp, workers = site.smtp, site.workers
        from django.db import connection

        from fixloop.reports import services

        started = time.monotonic()
        seed(args.accounts, args.repairs)
        print(
            f"seeded {args.accounts} accounts × {args.repairs} open repairs in {time.monotonic() - started:.1f} s"
        )

        def cpu_used(workers_before: float, own_before: float, postgres_before: float, idle_before) -> str:
            workers_cpu = sum(cpu_seconds(worker.pid) for worker in workers) - workers_before
            own = os.times()
            idle, total = (now - before for now, before in zip(cpu_idle(), idle_before, strict=True))
            return (
                f"CPU: workers {workers_cpu:.1f} s, this process (SMTP server) "
                f"{own.user + own.system - own_before:.1f} s, PostgreSQL "
                f"{postgres_cpu_seconds() - postgres_before:.1f} s; the cores were idle "
                f"{100 * idle / max(total, 1):.0f} % of the time"
            )

        def shared_run(label: str, force: bool) -> None:
            """The date sent the way the scheduler does it: chunks shared by the workers."""
            received_before = len(smtp.received)
            workers_before = sum(cpu_seconds(worker.pid) for worker in workers)
            own_before = os.times().user + os.times().system
            postgres_before, idle_before = postgres_cpu_seconds(), cpu_idle()
            started = time.monotonic()
            run = services.start_in_background(date(2026, 11, 23), force=force)
            site.wait_for_emails(args.accounts, received_before)
            whole = time.monotonic() - started
            run.refresh_from_db()
            memory = [peak_memory_mb(worker.pid) for worker in workers]
            print(
                f"{label}: {len(smtp.received) - received_before} e-mails rendered, queued and sent in "
                f"{whole:.1f} s (run {run.state}: {run.sent} sent); worker peak memory "
                f"{', '.join(f'{m:.0f} MB' for m in memory)} (budget 120 s for 10,000 accounts, 300 MB)"
            )
            print(f"  {cpu_used(workers_before, own_before, postgres_before, idle_before)}")

        print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        site.start_workers(args.workers)
        time.sleep(3)  # workers run all the time in production: their start-up is not part of a run
        shared_run(f"day one, run by {args.workers} workers (tracking links issued)", force=False)
        site.stop_workers()

        query_time = [0.0]

        def timed_query(execute, sql, params, many, context):
            begun = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                query_time[0] += time.perf_counter() - begun

        real_render = services.render_status_report
        renders: list[float] = []

        def timed_render(data):
            begun = time.perf_counter()
            try:
                return real_render(data)
            finally:
                renders.append(time.perf_counter() - begun)

        services.render_status_report = timed_render
        received_before = len(smtp.received)
        own_before = os.times().user + os.times().system
        started = time.monotonic()
        with connection.execute_wrapper(timed_query):
            run = services.run_reports(date(2026, 11, 23), force=True)
        queued = time.monotonic() - started
        own_cpu = os.times().user + os.times().system - own_before
        services.render_status_report = real_render
        print(
            f"run in this process (send-status-reports, forced, no worker meanwhile): {run.sent} sent, "
            f"{run.skipped} skipped, {run.failed} failed in {queued:.1f} s (CPU {own_cpu:.1f} s); "
            f"queries {query_time[0]:.1f} s, PDF {sum(renders):.1f} s "
            f"(median {statistics.median(renders) * 1000:.1f} ms, {len(renders)} renders)"
        )
        drain_started = time.monotonic()
        site.start_workers(args.workers)
        own_before = os.times().user + os.times().system
        postgres_before, idle_before = postgres_cpu_seconds(), cpu_idle()
        site.wait_for_emails(run.sent, received_before)
        drained = time.monotonic() - drain_started
        memory = [peak_memory_mb(worker.pid) for worker in workers]
        print(
            f"  drain (compose + SMTP): {run.sent} e-mails in {drained:.1f} s with {args.workers} workers; "
            f"worker peak memory {', '.join(f'{m:.0f} MB' for m in memory)}; {cpu_used(0.0, own_before, postgres_before, idle_before)}"
        )
        print(f"  in this process, then drained: {queued + drained:.1f} s (one process renders)")

        shared_run(f"again, run by {args.workers} workers (links exist)", force=True)
        print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
