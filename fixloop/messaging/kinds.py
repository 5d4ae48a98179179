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
                "Hello {{ customer_name }},\n\nattached is the status of your {{ open_repairs }} open "
                "repairs as of {{ report_date }}.{% if status_summary %}\n{{ status_summary }}{% endif %}"
                "{% if custom_message %}\n\n{{ custom_message }}{% endif %}"
                "{% if tracking_links %}\n\nFollow each repair here:\n{{ tracking_links }}{% endif %}"
                "{% if approvals_link %}\n\nEstimates awaiting your decision: {{ estimates_awaiting }} "
                "({{ estimates_total }}). Approve or decline them here:\n{{ approvals_link }}{% endif %}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Reparaturstatus {{ report_date }}",
                "Guten Tag {{ customer_name }},\n\nanbei der Stand Ihrer {{ open_repairs }} offenen "
                "Reparaturen vom {{ report_date }}.{% if status_summary %}\n{{ status_summary }}{% endif %}"
                "{% if custom_message %}\n\n{{ custom_message }}{% endif %}"
                "{% if tracking_links %}\n\nJede Reparatur verfolgen Sie hier:\n{{ tracking_links }}{% endif %}"
                "{% if approvals_link %}\n\nKostenvoranschläge, die auf Ihre Entscheidung warten: "
                "{{ estimates_awaiting }} ({{ estimates_total }}). Hier geben Sie sie frei oder lehnen sie ab:"
                "\n{{ approvals_link }}{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: {{ open_repairs }} repairs open on {{ report_date }}."),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: {{ open_repairs }} offene Reparaturen am {{ report_date }}.",
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

# The customer portal: invitations and the sign-in e-mails (code, password reset).
PORTAL_PLACEHOLDERS = {**COMMON_PLACEHOLDERS, "portal_link": _("The link to the customer portal")}
SAMPLE.update(
    {
        "invitation_link": "https://repairs.example.com/portal/invitation/Zk3q…/",
        "sign_in_code": "7KQ-2MX",
        "reset_link": "https://repairs.example.com/portal/account/password/reset/key/1-abc/",
    }
)
register(
    Kind(
        "portal.invitation",
        _("Invitation to the customer portal"),
        {
            **PORTAL_PLACEHOLDERS,
            "invitation_link": _("The personal, single-use link that sets up the person's access"),
            "valid_until": _("The date until which the link can be used"),
        },
        {
            ("email", "en"): (
                "Your access to the {{ shop_name }} customer portal",
                "Hello,\n\n{{ shop_name }} invites you to its customer portal for {{ customer_name }}: there "
                "you see your repairs and estimates, approve work and ask for appointments.\n\nSet up your "
                "access here (the link works once, until {{ valid_until }}):\n{{ invitation_link }}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihr Zugang zum Kundenportal von {{ shop_name }}",
                "Guten Tag,\n\n{{ shop_name }} lädt Sie in sein Kundenportal für {{ customer_name }} ein: dort "
                "sehen Sie Ihre Reparaturen und Kostenvoranschläge, geben Arbeiten frei und fragen Termine "
                "an.\n\nRichten Sie Ihren Zugang hier ein (der Link gilt einmal, bis {{ valid_until }}):\n"
                "{{ invitation_link }}" + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: your customer portal access: {{ invitation_link }}"),
            ("sms", "de"): ("", "{{ shop_name }}: Ihr Zugang zum Kundenportal: {{ invitation_link }}"),
        },
    )
)
register(
    Kind(
        "portal.sign_in_code",
        _("Customer portal: sign-in code"),
        {**PORTAL_PLACEHOLDERS, "sign_in_code": _("The one-time code that signs the person in")},
        {
            ("email", "en"): (
                "Your sign-in code: {{ sign_in_code }}",
                "Hello,\n\nyour code to sign in to the {{ shop_name }} customer portal:\n\n{{ sign_in_code }}"
                "\n\nEnter it in the browser window where you asked for it; it is valid for 10 minutes. If you "
                "did not ask for it, you can ignore this e-mail." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihr Anmeldecode: {{ sign_in_code }}",
                "Guten Tag,\n\nIhr Code für die Anmeldung im Kundenportal von {{ shop_name }}:\n\n"
                "{{ sign_in_code }}\n\nGeben Sie ihn in dem Browserfenster ein, in dem Sie ihn angefordert "
                "haben; er gilt 10 Minuten. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese "
                "E-Mail einfach." + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: your sign-in code is {{ sign_in_code }}"),
            ("sms", "de"): ("", "{{ shop_name }}: Ihr Anmeldecode lautet {{ sign_in_code }}"),
        },
    )
)
register(
    Kind(
        "portal.password_reset",
        _("Customer portal: password reset"),
        {**PORTAL_PLACEHOLDERS, "reset_link": _("The link where the person chooses a new password")},
        {
            ("email", "en"): (
                "Choose a new password",
                "Hello,\n\nsomeone (hopefully you) asked to reset your password for the {{ shop_name }} "
                "customer portal. Choose a new one here:\n{{ reset_link }}\n\nIf you did not ask for it, you "
                "can ignore this e-mail; your password stays as it is." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Neues Passwort wählen",
                "Guten Tag,\n\njemand (hoffentlich Sie) hat das Zurücksetzen Ihres Passworts für das "
                "Kundenportal von {{ shop_name }} angefordert. Wählen Sie hier ein neues:\n{{ reset_link }}"
                "\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt, "
                "wie es ist." + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: choose a new password here: {{ reset_link }}"),
            ("sms", "de"): ("", "{{ shop_name }}: neues Passwort wählen: {{ reset_link }}"),
        },
    )
)

# Booking requests: the public form's confirmation link, and the shop's answers (messaging/bookings.py).
BOOKING_PLACEHOLDERS = {
    **COMMON_PLACEHOLDERS,
    "unit": WORK_ORDER_PLACEHOLDERS["unit"],
    "location_name": _("The location the appointment is at"),
    "location_phone": WORK_ORDER_PLACEHOLDERS["location_phone"],
    "booking_link": _("The request's page in the customer portal (empty without portal access)"),
}
SAMPLE.update(
    {
        "confirm_link": "https://repairs.example.com/book/confirm/Vb8k…/",
        "requested_times": "- Tue 19 Mar 2030, 10:00 (Europe/Berlin)",
        "suggested_times": "- Tue 19 Mar 2030, 14:00 (Europe/Berlin)\n- Wed 20 Mar 2030, 09:00 (Europe/Berlin)",
        "appointment": "Tue 19 Mar 2030, 14:00 (Europe/Berlin)",
        "location_address": "Invalidenstraße 1, 10115 Berlin",
        "booking_link": "https://repairs.example.com/portal/bookings/42/",
    }
)
REPLY_EN = "Please reply to this e-mail or call us on {{ location_phone }}"
REPLY_DE = "Bitte antworten Sie auf diese E-Mail oder rufen Sie uns unter {{ location_phone }} an"
register(
    Kind(
        "booking.confirm_email",
        _("Booking request: confirm the e-mail address"),
        {
            **BOOKING_PLACEHOLDERS,
            "confirm_link": _("The single-use link that sends the request to the shop"),
            "valid_until": _("Until when the link can be used"),
            "requested_times": _("The times the person picked, one a line"),
        },
        {
            ("email", "en"): (
                "Please confirm your repair request",
                "Hello {{ customer_name }},\n\nthank you for your request for {{ unit }} at {{ location_name }}. "
                "Please confirm it with this link by {{ valid_until }}; only then does it reach the shop:\n"
                "{{ confirm_link }}\n\nThe times you picked:\n{{ requested_times }}\n\nIf you did not send "
                "this request, you can ignore this e-mail." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Bitte bestätigen Sie Ihre Reparaturanfrage",
                "Guten Tag {{ customer_name }},\n\ndanke für Ihre Anfrage zu {{ unit }} bei {{ location_name }}. "
                "Bitte bestätigen Sie sie bis {{ valid_until }} mit diesem Link; erst dann erreicht sie die "
                "Werkstatt:\n{{ confirm_link }}\n\nIhre gewählten Zeiten:\n{{ requested_times }}\n\nWenn Sie "
                "diese Anfrage nicht gesendet haben, ignorieren Sie diese E-Mail einfach." + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: please confirm your repair request: {{ confirm_link }}"),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: bitte bestätigen Sie Ihre Reparaturanfrage: {{ confirm_link }}",
            ),
        },
    )
)
register(
    Kind(
        "booking.suggested",
        _("Booking request: the shop suggests other times"),
        {
            **BOOKING_PLACEHOLDERS,
            "suggested_times": _("The times the shop suggests, one a line"),
            "message": _("The shop's message, if any"),
        },
        {
            ("email", "en"): (
                "{{ shop_name }} suggests another time",
                "Hello {{ customer_name }},\n\nfor {{ unit }} at {{ location_name }} we can offer you these "
                "times:\n{{ suggested_times }}{% if message %}\n\n{{ message }}{% endif %}\n\n{% if booking_link %}"
                "Please accept one of them or propose others here: {{ booking_link }}{% else %}"
                + REPLY_EN
                + " to accept one of them or propose others.{% endif %}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "{{ shop_name }} schlägt einen anderen Termin vor",
                "Guten Tag {{ customer_name }},\n\nfür {{ unit }} bei {{ location_name }} können wir Ihnen "
                "diese Zeiten anbieten:\n{{ suggested_times }}{% if message %}\n\n{{ message }}{% endif %}\n\n"
                "{% if booking_link %}Bitte nehmen Sie hier eine davon an oder schlagen Sie andere vor: "
                "{{ booking_link }}{% else %}" + REPLY_DE + ", um eine davon anzunehmen oder andere "
                "vorzuschlagen.{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }} suggests other times for your appointment. {{ booking_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }} schlägt andere Zeiten für Ihren Termin vor. {{ booking_link }}",
            ),
        },
    )
)
register(
    Kind(
        "booking.confirmed",
        _("Booking request: appointment confirmed"),
        {
            **BOOKING_PLACEHOLDERS,
            "appointment": _("The booked time, with the location's time zone"),
            "location_address": _("The location's address"),
            "work_order_number": WORK_ORDER_PLACEHOLDERS["work_order_number"],
            "tracking_link": WORK_ORDER_PLACEHOLDERS["tracking_link"],
            "message": _("The shop's message, if any"),
        },
        {
            ("email", "en"): (
                "Your appointment: {{ appointment }}",
                "Hello {{ customer_name }},\n\nyour appointment for {{ unit }} is confirmed:\n\n{{ appointment }}"
                "\n{{ location_name }}, {{ location_address }}{% if work_order_number %}\nWork order "
                "{{ work_order_number }}{% endif %}{% if message %}\n\n{{ message }}{% endif %}\n\nThe attached "
                "calendar file adds it to your calendar.{% if booking_link %}\n\nYour request: {{ booking_link }}"
                "{% elif tracking_link %}\n\nFollow your repair here: {{ tracking_link }}{% endif %}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihr Termin: {{ appointment }}",
                "Guten Tag {{ customer_name }},\n\nIhr Termin für {{ unit }} ist bestätigt:\n\n{{ appointment }}"
                "\n{{ location_name }}, {{ location_address }}{% if work_order_number %}\nAuftrag "
                "{{ work_order_number }}{% endif %}{% if message %}\n\n{{ message }}{% endif %}\n\nMit der "
                "angehängten Kalenderdatei tragen Sie ihn in Ihren Kalender ein.{% if booking_link %}\n\nIhre "
                "Anfrage: {{ booking_link }}{% elif tracking_link %}\n\nDen Fortschritt Ihrer Reparatur sehen "
                "Sie hier: {{ tracking_link }}{% endif %}" + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: your appointment is confirmed: {{ appointment }}, {{ location_name }}.",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Ihr Termin ist bestätigt: {{ appointment }}, {{ location_name }}.",
            ),
        },
    )
)
register(
    Kind(
        "booking.declined",
        _("Booking request: declined"),
        {**BOOKING_PLACEHOLDERS, "reason": _("Why the shop declined the request")},
        {
            ("email", "en"): (
                "Your appointment request",
                "Hello {{ customer_name }},\n\nunfortunately we cannot take on your request for {{ unit }}.\n\n"
                "{{ reason }}{% if booking_link %}\n\nYour request: {{ booking_link }}{% endif %}"
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihre Terminanfrage",
                "Guten Tag {{ customer_name }},\n\nleider können wir Ihre Anfrage zu {{ unit }} nicht annehmen.\n\n"
                "{{ reason }}{% if booking_link %}\n\nIhre Anfrage: {{ booking_link }}{% endif %}"
                + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: we cannot take on your appointment request. {{ reason }}"),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: wir können Ihre Terminanfrage nicht annehmen. {{ reason }}",
            ),
        },
    )
)
