"""Messaging throughput and latency against PostgreSQL and a loopback SMTP server.

    python bench/messaging.py [--messages 10000] [--workers 2] [--probes 40]

1. Throughput: queues N e-mails (one transaction per 500), starts W `fixloop worker` processes and
   measures from their start until the SMTP server has accepted all N.
2. Latency on an idle system: with the workers running and the queue empty, queues one message at a
   time and measures from the commit that queued it to the SMTP server's acceptance (p50, p99).

It creates and drops its own database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432). Budgets (issue "Messaging engine"): ≥ 200 messages/s with
2 workers; p99 commit-to-SMTP ≤ 3 s.
"""

import argparse
import statistics
import threading
import time

from scratch import scratch_site

DATABASE = "fixloop_bench_messaging"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--probes", type=int, default=40)
    args = parser.parse_args()

    arrivals: dict[str, float] = {}
    with scratch_site(DATABASE) as site:
        smtp = site.smtp
        original = smtp.handler.handle_DATA

        async def timed_data(server, session, envelope):
            answer = await original(server, session, envelope)
            arrivals[smtp.received[-1].email["Message-ID"]] = time.monotonic()
            return answer

        smtp.handler.handle_DATA = timed_data
        from django.db import transaction

        from fixloop.customers.models import CustomerAccount
        from fixloop.messaging import services

        customer = CustomerAccount.objects.create(
            number="B1", name="Bench Customer", email="bench@example.com"
        )

        started = time.monotonic()
        for start in range(0, args.messages, 500):
            with transaction.atomic():
                for n in range(start, min(start + 500, args.messages)):
                    services.queue_message(
                        "workorder.message",
                        channel="email",
                        customer=customer,
                        context={"message": f"Message {n}"},
                        dedupe_key=f"bench-{n}",
                    )
        queued = time.monotonic() - started
        print(f"queued {args.messages} messages in {queued:.1f} s ({args.messages / queued:.0f}/s)")

        started = time.monotonic()
        site.start_workers(args.workers)
        while len(arrivals) < args.messages:
            time.sleep(0.05)
            site.check_workers()
        drained = max(arrivals.values()) - started
        print(
            f"throughput: {args.messages} e-mails in {drained:.1f} s with {args.workers} workers "
            f"= {args.messages / drained:.0f} messages/s (worker start-up included)"
        )

        time.sleep(2)  # let the workers go idle
        latencies = []
        for n in range(args.probes):
            with transaction.atomic():
                message = services.queue_message(
                    "workorder.message",
                    channel="email",
                    customer=customer,
                    context={"message": f"Probe {n}"},
                    dedupe_key=f"probe-{n}",
                )
            committed = time.monotonic()
            while message.provider_id not in arrivals:
                time.sleep(0.005)
            latencies.append(arrivals[message.provider_id] - committed)
            time.sleep(0.3 + (n % 5) * 0.1)  # idle gaps of varying length
        print(
            f"latency commit → SMTP accept, idle, {args.probes} messages: "
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )
        duplicates = len(smtp.received) - len(arrivals)
        print(f"e-mails received twice: {duplicates}")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
