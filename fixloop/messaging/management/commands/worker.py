"""`fixloop worker`: runs background tasks (message delivery and what later features add).

It runs django-tasks-db's worker loop and, beside it, a sweep every few seconds that takes up
messages a crashed worker left behind and wakes delivery for retries that have come due. Start as
many as you like, on as many machines as you like, against one PostgreSQL database.
"""

import logging
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

from fixloop.messaging.delivery import worker_name
from fixloop.messaging.tasks import sweep

logger = logging.getLogger("fixloop.worker")


class Command(BaseCommand):
    help = "Run the background worker: sends messages and runs other tasks. Ctrl-C stops it."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=0.25,
            help="Seconds between looks for new tasks when idle (default: %(default)s).",
        )
        parser.add_argument(
            "--sweep-every",
            type=float,
            default=10.0,
            help="Seconds between sweeps for retries and stale messages (default: %(default)s).",
        )

    def handle(self, *args, burst: bool, interval: float, sweep_every: float, verbosity: int, **options):
        logging.getLogger("django_tasks").setLevel(logging.WARNING if verbosity < 2 else logging.DEBUG)
        worker_id = worker_name()
        sweep()  # due messages get a task before the loop starts (also in --burst)
        if not burst:
            threading.Thread(
                target=self._sweep_forever, args=(sweep_every,), daemon=True, name="sweep"
            ).start()
        self.stdout.write(f"Worker {worker_id} started{' (burst)' if burst else ''}.")
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=burst,
            backend_name="default",
            startup_delay=not burst,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if not burst:
            worker.configure_signals()
        worker.run()
        self.stdout.write(f"Worker {worker_id} stopped.")

    @staticmethod
    def _sweep_forever(every: float) -> None:
        stop = threading.Event()
        while not stop.wait(every):
            try:
                close_old_connections()
                sweep()
            except Exception:  # the next sweep tries again; the worker keeps running
                logger.exception("Sweep failed")
            finally:
                connection.close()
