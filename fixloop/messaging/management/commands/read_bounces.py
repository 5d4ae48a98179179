"""`fixloop read_bounces`: read the bounce mailbox (BOUNCE_MAILBOX_URL) now. The worker reads it
every few minutes by itself; this is for a first check of the set-up, or cron without a worker."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fixloop.messaging.bounce_mailbox import UNMATCHED_FOLDER, MailboxError, read_mailbox


class Command(BaseCommand):
    help = "Read delivery-status notifications from the bounce mailbox and record them on their messages."

    def handle(self, *args, **options):
        if not settings.BOUNCE_MAILBOX:
            raise CommandError("No bounce mailbox is configured: set BOUNCE_MAILBOX_URL.")
        try:
            counts = read_mailbox()
        except MailboxError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{counts['matched']} bounce(s) recorded on their messages; "
            f"{counts['unmatched']} mail(s) matched no message and were moved to {UNMATCHED_FOLDER}."
        )
