"""What the benchmarks share: a scratch PostgreSQL database with Fixloop migrated into it, a loopback
SMTP server that accepts everything, and `fixloop worker` processes.

    with scratch_site("fixloop_bench_x") as site:
        ...                      # Django is set up against the scratch database
        site.start_workers(2)
        ...                      # site.smtp.received fills up

The database is dropped, the workers stopped and the SMTP server shut down afterwards, also on errors.
BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432).
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-q", "-c", sql], check=True)


@dataclass
class Site:
    environment: dict
    smtp: object
    workers: list = field(default_factory=list)

    def start_workers(self, count: int) -> None:
        for _ in range(count):
            self.workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "fixloop", "worker", "-v", "0"],
                    env=self.environment,
                    stdout=subprocess.DEVNULL,
                )
            )

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.send_signal(signal.SIGTERM)
        for worker in self.workers:
            worker.wait(timeout=30)
        self.workers.clear()

    def check_workers(self) -> None:
        if any(worker.poll() is not None for worker in self.workers):
            raise SystemExit("a worker stopped")

    def wait_for_emails(self, count: int, received_before: int = 0) -> None:
        """Until the SMTP server has accepted `count` e-mails more than `received_before`."""
        while len(self.smtp.received) - received_before < count:
            time.sleep(0.05)
            self.check_workers()


@contextlib.contextmanager
def scratch_site(database: str, *, smtp: bool = True):
    from tests.messaging.smtp_server import SmtpServer

    server = SmtpServer().start() if smtp else None
    environment = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{database}",
        "EMAIL_FROM": "service@werkstatt.example",
        "FIXLOOP_DATA_DIR": tempfile.mkdtemp(prefix="fixloop-bench-"),
        "DEBUG": "0",
    }
    if server is not None:
        environment["EMAIL_URL"] = server.url
    os.environ.update(environment)
    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}")
    site = Site(environment=environment, smtp=server)
    try:
        subprocess.run([sys.executable, "-m", "fixloop", "migrate", "-v", "0"], env=environment, check=True)
        import django

        os.environ["DJANGO_SETTINGS_MODULE"] = "fixloop.settings"
        django.setup()
        yield site
    finally:
        site.stop_workers()
        if server is not None:
            server.stop()
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {database}")
