"""`fixloop scheduler`: every 30 seconds, starts the status report run that is due (once per date)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from fixloop.reports.scheduler import tick

logger = logging.getLogger("fixloop.scheduler")


class Command(BaseCommand):
    help = "Start scheduled work when it is due (status reports). Ctrl-C stops it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between looks (default: %(default)s)."
        )
        parser.add_argument("--once", action="store_true", help="Look once, then exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        while True:
            try:
                run = tick()
            except DatabaseError:
                logger.exception("The scheduler could not reach the database; it tries again.")
                run = None
            if run is not None:
                self.stdout.write(f"Status report run {run.pk} for {run.report_date} queued.")
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
            close_old_connections()  # a database restart between looks does not stop the loop
