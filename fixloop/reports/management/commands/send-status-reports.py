"""`fixloop send-status-reports`: send the repair status reports now (or count them with --dry-run)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fixloop.reports import services
from fixloop.reports.schedule import shop_zone


class Command(BaseCommand):
    help = "Send the repair status reports for today (the shop's local date) or --date."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")
        parser.add_argument(
            "--force", action="store_true", help="Send again although the date's run is done."
        )
        parser.add_argument(
            "--date", help="The report date, YYYY-MM-DD (default: today in the shop's time zone)."
        )

    def handle(self, *args, dry_run: bool, force: bool, date: str | None, **options):
        report_date = self._date(date)
        tty = self.stdout.isatty()

        def progress(done: int, total: int) -> None:
            if not tty or not total:
                return
            width = 30
            filled = width * done // total
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

        try:
            result = services.run_reports(report_date, force=force, dry_run=dry_run, progress=progress)
        except services.RunExists as error:
            raise CommandError(" ".join(error.messages)) from None
        if tty:
            self.stdout.write("")
        prefix = "Dry run: would send" if dry_run else "Sent"
        self.stdout.write(
            f"{prefix} {result.sent}, skipped {result.skipped}, failed {result.failed} "
            f"(status reports for {report_date.isoformat()})."
        )

    @staticmethod
    def _date(value: str | None) -> date:
        if not value:
            return timezone.now().astimezone(shop_zone()).date()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date: {value!r} is not a date like 2026-11-23.") from None
