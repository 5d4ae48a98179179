"""The track & trace case page under load, next to a constant view, on PostgreSQL.

    python bench/tracking.py [--work-orders 1000000] [--links 500] [--seconds 15]

Creates a scratch database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432), fills it with `fixloop seed`, issues tracking links for random
work orders, serves Fixloop with gunicorn (2 sync workers, production settings: DEBUG off, hashed
static files) and drives both pages with wrk (Debian's package) from a second process on loopback,
32 connections. The constant view is /health/ (one `SELECT 1`), through the same settings, middleware
and server. Budget (issue "Track & trace"): the case page reaches ≥ 50 % of the constant view's
requests per second, with p99 ≤ 100 ms. A page is rendered on its first view in each worker and then
served from the cache until something it shows changes (portal.views.tracking.cached_page); the benchmark
prints the first views' figures as well as the steady state.
"""

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = "fixloop_bench_tracking"
LUA = """
paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-q", "-c", sql], check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url: str, seconds: int, script: str | None = None) -> tuple[float, float]:
    """(requests per second, p99 in ms) of a wrk run."""
    command = ["wrk", "-t", "2", "-c", "32", "-d", f"{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw error responses:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work-orders", type=int, default=1_000_000)
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    data_dir = tempfile.mkdtemp(prefix="fixloop-bench-")
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "FIXLOOP_DATA_DIR": data_dir,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 40,
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    fixloop = [sys.executable, "-m", "fixloop"]
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    server = None
    try:
        subprocess.run([*fixloop, "migrate", "-v", "0"], env=environment, check=True)
        started = time.monotonic()
        customers = max(args.work_orders // 10, 1)
        subprocess.run(
            [
                *fixloop,
                "seed",
                "--customers",
                str(customers),
                "--work-orders",
                str(args.work_orders),
                "--seed",
                "1",
            ],
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"seeded {args.work_orders:,} work orders in {time.monotonic() - started:.0f} s")
        subprocess.run([*fixloop, "collectstatic", "--no-input", "-v", "0"], env=environment, check=True)

        os.environ.update(environment)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fixloop.settings"
        import django

        django.setup()
        from django.db.models import Count

        from fixloop.core.actor import Actor
        from fixloop.portal.links import tracking_link_path
        from fixloop.repairs import services
        from fixloop.repairs.models import WorkOrder

        rng = random.Random(1)
        open_ids = list(WorkOrder.objects.filter(closed_at=None).values_list("pk", flat=True))
        picked = WorkOrder.objects.filter(pk__in=rng.sample(open_ids, min(args.links, len(open_ids))))
        paths = [
            tracking_link_path(services.issue_link(work_order, by=Actor.system("bench")))
            for work_order in picked
        ]
        entries = picked.annotate(n=Count("timeline")).values_list("n", flat=True)
        print(f"{len(paths)} tracking links; their timelines have {min(entries)}–{max(entries)} entries")
        paths_file = Path(data_dir) / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        script = Path(data_dir) / "paths.lua"
        script.write_text(LUA % paths_file)

        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "fixloop.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=environment,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=1)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(base + paths[0], timeout=5) as page:  # noqa: S310 (loopback)
            assert page.status == 200 and b"<html" in page.read()

        wrk(f"{base}/health/", 3)  # warm-up
        constant_rps, constant_p99 = wrk(f"{base}/health/", args.seconds)
        # The first view of a page renders it (in each gunicorn worker); this pass shows that cost.
        cold_rps, cold_p99 = wrk(base, 10, str(script))
        print(f"case page, first views (rendering): {cold_rps:,.0f} requests/s, p99 {cold_p99:.1f} ms")
        wrk(base, 10, str(script))  # every page is now in both workers' caches
        case_rps, case_p99 = wrk(base, args.seconds, str(script))
        print(f"constant view /health/: {constant_rps:,.0f} requests/s, p99 {constant_p99:.1f} ms")
        print(
            f"case page by link, pages cached (as customers' polling sees them): "
            f"{case_rps:,.0f} requests/s, p99 {case_p99:.1f} ms"
        )
        print(f"case page / constant:   {case_rps / constant_rps:.0%} (budget ≥ 50 %), p99 budget ≤ 100 ms")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
