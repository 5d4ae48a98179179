"""The notice to a customer's previous e-mail address and/or mobile number that it was replaced, with
the link to report "this wasn't me" (on customers.signals.contact_change_recorded); and the staff
alert when that is reported (on repairs.signals.contact_change_reported).

The notice goes to the address it is for, whatever the customer's channel preferences and the
region's rules (it is not a notification); an opted-out mobile number is still not texted.
"""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fixloop.core.formats import date_text, datetime_text
from fixloop.customers import signals as customer_signals
from fixloop.messaging import services, staff_alerts
from fixloop.messaging.context import customer_context
from fixloop.messaging.models import Channel, StaffAlertEvent
from fixloop.portal import links
from fixloop.repairs import signals as repair_signals

LABELS = {"email": lambda: _("e-mail address"), "mobile": lambda: _("mobile number")}
CHANNELS = {"email": Channel.EMAIL, "mobile": Channel.SMS}


def connect() -> None:
    customer_signals.contact_change_recorded.connect(
        on_change_recorded, dispatch_uid="fixloop.messaging.contact_changes.on_change_recorded"
    )
    repair_signals.contact_change_reported.connect(
        on_change_reported, dispatch_uid="fixloop.messaging.contact_changes.on_change_reported"
    )


def on_change_recorded(sender, change, token, by, **kwargs):
    customer = change.customer
    language = customer.language
    with translation.override(language):
        replaced = [field for field in LABELS if field in change.changes]
        values = {
            **customer_context(customer),
            "changed_details": _(" and ").join(str(LABELS[field]()) for field in replaced),
            "changed_at": datetime_text(change.created_at),
            "report_link": links.absolute(links.contact_change_path(token)),
            "report_valid_until": date_text(timezone.localtime(change.expires_at)),
        }
    for field in replaced:
        old = change.changes[field][0]
        if old:
            services.queue_message(
                "customer.contact_changed",
                channel=CHANNELS[field],
                customer=customer,
                to=old,
                language=language,
                context=values,
                created_by=by.user,
                dedupe_key=f"contact-change-{change.pk}-{field}",
                purpose=change,
            )


def on_change_reported(sender, customer, change, restored, entries, by, **kwargs):
    """Staff who chose "contact details changed" hear of it, with its own subject."""
    work_order = entries[0].work_order if entries else None
    link = (
        staff_alerts.work_order_link(work_order)
        if work_order
        else links.absolute(reverse("backoffice:customer", kwargs={"number": customer.number}))
    )
    staff_alerts.alert(
        StaffAlertEvent.CONTACT_CHANGED,
        kind="staff_alert.contact_change_reported",
        key=f"reported-{change.pk}",
        link=link,
        context=lambda: {
            **staff_alerts.customer_values(customer),
            "work_order_number": work_order.number if work_order else "—",
            "changes": staff_alerts.change_lines(customer, restored),
        },
    )
