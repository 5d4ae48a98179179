"""The kinds of message Fixloop sends, their placeholders, sample data and default wording.

A shop can override any default (kind × channel × language) in the back office. Fax messages
use the e-mail wording: the gateway receives an e-mail with the PDF attached.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

COMMON_PLACEHOLDERS = {
    "shop_name": _("The shop's name"),
    "customer_name": _("The customer's name"),
    "customer_number": _("The customer number"),
}
WORK_ORDER_PLACEHOLDERS = {
    "work_order_number": _("The work order number"),
    "unit": _("The device or vehicle, e.g. 'Lenovo ThinkPad T14 · PF-11111'"),
    "status": _("The work order's current status, in the customer's language"),
    "problem_description": _("The problem as recorded"),
    "promised_date": _("The promised date, if any"),
    "location_name": _("The location handling the work order"),
    "location_phone": _("The location's phone number"),
    "tracking_link": _("The link to the customer's tracking page"),
    "portal_link": _("The link to the customer portal"),
}
SAMPLE = {
    "shop_name": "Werkstatt Müller",
    "customer_name": "Anna Becker",
    "customer_number": "C10042",
    "work_order_number": "2026-00042",
    "unit": "Lenovo ThinkPad T14 · PF-11111",
    "status": "Ready for pick-up",
    "problem_description": "The screen flickers after ten minutes.",
    "promised_date": "28.11.2026",
    "location_name": "Berlin Mitte",
    "location_phone": "+49 30 1234567",
    "tracking_link": "https://repairs.example.com/track/t/3Jx9…/",
    "portal_link": "https://repairs.example.com/portal/",
    "previous_status": "In progress",
    "reason": "We do not repair televisions.",
    "message": "Your new battery has arrived; we will fit it tomorrow morning.",
    "days_since_closed": "7",
    "report_date": "23.11.2026",
    "open_repairs": "5",
    "open_repairs_text": "5 open repairs",
    "status_summary": "Open: 2 · In progress: 3",
    "custom_message": "Please collect finished devices by Friday.",
    "tracking_links": "2026-00042: https://repairs.example.com/track/t/3Jx9…/",
    "estimates_awaiting": "2",
    "estimates_total": "1,240.50 EUR incl. VAT",
    "approvals_link": "https://repairs.example.com/approvals/Q2x7…/",
    "estimate_link": "https://repairs.example.com/estimate/7Qm2…/",
    "estimate_total": "550.35 EUR incl. VAT",
    "valid_until": "07.12.2026",
    "estimate_version": "2",
}


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    placeholders: dict
    defaults: dict  # (channel, language) -> (subject, body); channel "email" or "sms"
    periodic: bool = False
    extra: dict = field(default_factory=dict)
    # Sent to a machine, not a person (webhooks): no wording to edit, not in the deliveries log.
    machine: bool = False

    @property
    def all_placeholders(self) -> dict:
        return {**self.placeholders, **self.extra}


def _wo(extra=None) -> dict:
    return {**COMMON_PLACEHOLDERS, **WORK_ORDER_PLACEHOLDERS, **(extra or {})}


SIGNATURE_EN = "\n\nKind regards\n{{ shop_name }}"
SIGNATURE_DE = "\n\nFreundliche Grüße\n{{ shop_name }}"

KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


def for_people() -> dict[str, Kind]:
    """The kinds sent to people: those with wording staff can change, and that the deliveries log lists."""
    return {code: kind for code, kind in KINDS.items() if not kind.machine}


def label(code: str) -> str:
    """The name staff read for a message kind, in the active language: the one home of kind names
    (lists, filters, titles, detail pages). A code no longer registered is never shown as such."""
    kind = KINDS.get(code)
    return str(kind.label) if kind is not None else str(_("Other message"))


register(
    Kind(
        "service_request.accepted",
        _("Service request accepted"),
        _wo(),
        {
            ("email", "en"): (
                "We have accepted your service request – {{ work_order_number }}",
                "Hello {{ customer_name }},\n\nwe have accepted your service request for {{ unit }} and "
                "opened work order {{ work_order_number }}.{% if tracking_link %}\n\nFollow its progress "
                "here: {{ tracking_link }}{% endif %}" + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihre Serviceanfrage wurde angenommen – {{ work_order_number }}",
                "Guten Tag {{ customer_name }},\n\nwir haben Ihre Serviceanfrage für {{ unit }} angenommen "
                "und den Auftrag {{ work_order_number }} angelegt.{% if tracking_link %}\n\nDen Fortschritt "
                "sehen Sie hier: {{ tracking_link }}{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: your service request is accepted, work order {{ work_order_number }}. "
                "{{ tracking_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Ihre Serviceanfrage ist angenommen, Auftrag {{ work_order_number }}. "
                "{{ tracking_link }}",
            ),
        },
    )
)
register(
    Kind(
        "service_request.rejected",
        _("Service request rejected"),
        {**COMMON_PLACEHOLDERS, "reason": _("Why the request was rejected")},
        {
            ("email", "en"): (
                "Your service request",
                "Hello {{ customer_name }},\n\nunfortunately we cannot take on your service request.\n\n"
                "{{ reason }}" + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihre Serviceanfrage",
                "Guten Tag {{ customer_name }},\n\nleider können wir Ihre Serviceanfrage nicht annehmen.\n\n"
                "{{ reason }}" + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: we cannot take on your service request. {{ reason }}"),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: wir können Ihre Serviceanfrage nicht annehmen. {{ reason }}",
            ),
        },
    )
)
register(
    Kind(
        "workorder.opened",
        _("New work order"),
        _wo(),
        {
            ("email", "en"): (
                "Work order {{ work_order_number }} opened",
                "Hello {{ customer_name }},\n\nwe have received {{ unit }} and opened work order "
                "{{ work_order_number }}.{% if promised_date %} We expect to finish by {{ promised_date }}."
                "{% endif %}{% if tracking_link %}\n\nFollow its progress here: {{ tracking_link }}{% endif %}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Auftrag {{ work_order_number }} angelegt",
                "Guten Tag {{ customer_name }},\n\nwir haben {{ unit }} erhalten und den Auftrag "
                "{{ work_order_number }} angelegt.{% if promised_date %} Voraussichtlich fertig am "
                "{{ promised_date }}.{% endif %}{% if tracking_link %}\n\nDen Fortschritt sehen Sie hier: "
                "{{ tracking_link }}{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: work order {{ work_order_number }} is open. {{ tracking_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Auftrag {{ work_order_number }} ist angelegt. {{ tracking_link }}",
            ),
        },
    )
)
register(
    Kind(
        "workorder.status_changed",
        _("Work order status changed"),
        _wo({"previous_status": _("The status before the change")}),
        {
            ("email", "en"): (
                "{{ work_order_number }}: {{ status }}",
                "Hello {{ customer_name }},\n\nthe status of your work order {{ work_order_number }} "
                "({{ unit }}) is now: {{ status }}.{% if tracking_link %}\n\nDetails: {{ tracking_link }}"
                "{% endif %}" + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "{{ work_order_number }}: {{ status }}",
                "Guten Tag {{ customer_name }},\n\nder Status Ihres Auftrags {{ work_order_number }} "
                "({{ unit }}) ist jetzt: {{ status }}.{% if tracking_link %}\n\nDetails: {{ tracking_link }}"
                "{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: work order {{ work_order_number }} is now '{{ status }}'. {{ tracking_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Auftrag {{ work_order_number }} ist jetzt '{{ status }}'. {{ tracking_link }}",
            ),
        },
    )
)
register(
    Kind(
        "workorder.closed",
        _("Work order closed"),
        _wo(),
        {
            ("email", "en"): (
                "Work order {{ work_order_number }} is complete",
                "Hello {{ customer_name }},\n\nwork order {{ work_order_number }} ({{ unit }}) is complete."
                "{% if tracking_link %}\n\nDetails: {{ tracking_link }}{% endif %}\n\nThank you for your trust."
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Auftrag {{ work_order_number }} ist abgeschlossen",
                "Guten Tag {{ customer_name }},\n\nder Auftrag {{ work_order_number }} ({{ unit }}) ist "
                "abgeschlossen.{% if tracking_link %}\n\nDetails: {{ tracking_link }}{% endif %}\n\n"
                "Vielen Dank für Ihr Vertrauen." + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: work order {{ work_order_number }} is complete. Thank you!",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Auftrag {{ work_order_number }} ist abgeschlossen. Vielen Dank!",
            ),
        },
    )
)
register(
    Kind(
        "workorder.follow_up",
        _("Follow-up after closing"),
        _wo({"days_since_closed": _("Days since the work order was closed")}),
        {
            ("email", "en"): (
                "How is your {{ unit }} doing?",
                "Hello {{ customer_name }},\n\n{{ days_since_closed }} days ago we completed work order "
                "{{ work_order_number }}. Is everything working as it should? Just reply to this e-mail "
                "if not." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Wie läuft es mit {{ unit }}?",
                "Guten Tag {{ customer_name }},\n\nvor {{ days_since_closed }} Tagen haben wir den Auftrag "
                "{{ work_order_number }} abgeschlossen. Funktioniert alles wie gewünscht? Antworten Sie "
                "einfach auf diese E-Mail, falls nicht." + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: is your {{ unit }} working well since work order {{ work_order_number }}? "
                "Reply or call {{ location_phone }}.",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: läuft {{ unit }} seit Auftrag {{ work_order_number }} gut? "
                "Antworten Sie oder rufen Sie {{ location_phone }} an.",
            ),
        },
        periodic=True,
    )
)
register(
    Kind(
        "workorder.message",
        _("Message from staff"),
        _wo({"message": _("The text the staff member wrote")}),
        {
            ("email", "en"): (
                "About your work order {{ work_order_number }}",
                "Hello {{ customer_name }},\n\n{{ message }}" + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Zu Ihrem Auftrag {{ work_order_number }}",
                "Guten Tag {{ customer_name }},\n\n{{ message }}" + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }} ({{ work_order_number }}): {{ message }}"),
            ("sms", "de"): ("", "{{ shop_name }} ({{ work_order_number }}): {{ message }}"),
        },
    )
)
register(
    Kind(
        "status_report",
        _("Repair status report"),
        {
            **COMMON_PLACEHOLDERS,
            "report_date": _("The date of the report"),
            "open_repairs": _("How many repairs are listed"),
            "open_repairs_text": _(
                "How many repairs are listed, with the noun: '1 open repair', '5 open repairs'"
            ),
            "status_summary": _("The open repairs counted by status, e.g. 'Open: 2 · In progress: 1'"),
            "custom_message": _("The account's own message, if any"),
            "tracking_links": _("Each open repair's number and the link to its tracking page, one a line"),
            "estimates_awaiting": _("How many estimates await the customer's decision (0 if none)"),
            "estimates_total": _(
                "The total of those estimates with the currency, e.g. '1,240.50 EUR incl. VAT'"
            ),
            "approvals_link": _(
                "The link to the page where the customer decides on all waiting estimates at once "
                "(empty when none waits)"
            ),
        },
        {
            ("email", "en"): (
                "Repair status report {{ report_date }}",
                "Hello {{ customer_name }},\n\nattached is the status of your repairs as of "
                "{{ report_date }}: {{ open_repairs_text }}.{% if status_summary %}\n{{ status_summary }}{% endif %}"
                "{% if custom_message %}\n\n{{ custom_message }}{% endif %}"
                "{% if tracking_links %}\n\nFollow each repair here:\n{{ tracking_links }}{% endif %}"
                "{% if approvals_link %}\n\nEstimates awaiting your decision: {{ estimates_awaiting }} "
                "({{ estimates_total }}). Approve or decline them here:\n{{ approvals_link }}{% endif %}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Reparaturstatus {{ report_date }}",
                "Guten Tag {{ customer_name }},\n\nanbei der Stand Ihrer Reparaturen vom "
                "{{ report_date }}: {{ open_repairs_text }}.{% if status_summary %}\n{{ status_summary }}{% endif %}"
                "{% if custom_message %}\n\n{{ custom_message }}{% endif %}"
                "{% if tracking_links %}\n\nJede Reparatur verfolgen Sie hier:\n{{ tracking_links }}{% endif %}"
                "{% if approvals_link %}\n\nKostenvoranschläge, die auf Ihre Entscheidung warten: "
                "{{ estimates_awaiting }} ({{ estimates_total }}). Hier geben Sie sie frei oder lehnen sie ab:"
                "\n{{ approvals_link }}{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: {{ open_repairs_text }} on {{ report_date }}."),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: {{ open_repairs_text }} am {{ report_date }}.",
            ),
        },
        periodic=True,
    )
)
register(
    Kind(
        "estimate_ready",
        _("Estimate ready for approval"),
        _wo(
            {
                "estimate_link": _(
                    "The link to the estimate, where the customer approves or declines each job"
                ),
                "estimate_total": _("The estimate's total with the currency, e.g. '550.35 EUR incl. VAT'"),
                "valid_until": _("The date until which the estimate is valid"),
                "estimate_version": _(
                    "The estimate's version number: 1, then 2 when a revised estimate is sent"
                ),
            }
        ),
        {
            ("email", "en"): (
                "Your estimate for work order {{ work_order_number }}",
                "Hello {{ customer_name }},\n\nour estimate (version {{ estimate_version }}) for {{ unit }}, work "
                "order {{ work_order_number }}, is ready: {{ estimate_total }}.{% if estimate_link %}\n\nPlease "
                "look at it and approve, decline or query each job here: {{ estimate_link }}{% endif %}\n\n"
                "The estimate is valid until {{ valid_until }}. We start the work once you have approved it."
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihr Kostenvoranschlag zu Auftrag {{ work_order_number }}",
                "Guten Tag {{ customer_name }},\n\nunser Kostenvoranschlag (Version {{ estimate_version }}) für "
                "{{ unit }}, Auftrag {{ work_order_number }}, liegt vor: {{ estimate_total }}."
                "{% if estimate_link %}\n\nBitte sehen Sie ihn sich an und geben Sie jede Arbeit frei, lehnen "
                "Sie sie ab oder fragen Sie nach: {{ estimate_link }}{% endif %}\n\nDer Kostenvoranschlag gilt "
                "bis {{ valid_until }}. Wir beginnen mit der Arbeit, sobald Sie ihn freigegeben haben."
                + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: your estimate for work order {{ work_order_number }} is ready "
                "({{ estimate_total }}). Approve or decline it here: {{ estimate_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Ihr Kostenvoranschlag zu Auftrag {{ work_order_number }} liegt vor "
                "({{ estimate_total }}). Freigeben oder ablehnen: {{ estimate_link }}",
            ),
        },
    )
)


# The kinds of later features register themselves in their own modules.
from fixloop.messaging.kinds import (  # noqa: E402, F401
    bookings,
    contact_changes,
    inspections,
    invoice_requests,
    invoices,
    portal,
    staff_alerts,
    webhooks,
)
