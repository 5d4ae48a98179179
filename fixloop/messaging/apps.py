from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "fixloop.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from fixloop.messaging import estimates, notifications, portal

        notifications.connect()
        estimates.connect()
        portal.connect()

        from fixloop.messaging import staff_alerts  # e-mails to staff about what customers did

        staff_alerts.connect()
        from fixloop.messaging import bookings  # booking requests: the customer's e-mails

        bookings.connect()
        from fixloop.messaging import invoices  # the final invoice or credit note, with its PDF

        invoices.connect()
        from fixloop.messaging import invoice_requests  # the customer is asked to authorise an invoice

        invoice_requests.connect()
        from fixloop.messaging import contact_changes  # the previous contact hears of a change

        contact_changes.connect()
        from fixloop.messaging import inspections  # inspection links, declined-work reminders

        inspections.connect()
        from fixloop.messaging import webhooks  # what the e-mail services report after sending

        webhooks.connect()
        from fixloop.messaging import suppressions  # a customer's corrected address is sent to again

        suppressions.connect()
