"""Kinds of the staff alerts: e-mails to staff members about what customers did."""

from django.utils.translation import gettext_lazy as _

from fixloop.messaging.kinds import (
    COMMON_PLACEHOLDERS,
    SAMPLE,
    Kind,
    register,
)

# Staff alerts (messaging/staff_alerts.py): e-mails to staff members about what customers did, each
# with the link to the back-office page to act on. They go by e-mail; the text-message wording only
# keeps every kind complete for the template editor.
STAFF_ALERT_PLACEHOLDERS = {
    **COMMON_PLACEHOLDERS,
    "staff_name": _("The staff member's name"),
    "link": _("The back-office page to act on"),
}
STAFF_FOOTER_EN = "\n\nYou get this e-mail because you chose it under “My alerts” in the back office."
STAFF_FOOTER_DE = "\n\nSie erhalten diese E-Mail, weil Sie sie im Backoffice unter „Meine Benachrichtigungen“ gewählt haben."
SAMPLE.update(
    {
        "staff_name": "Jana Wolf",
        "link": "https://repairs.example.com/staff/service-requests/42/",
        "times": "- Tue 19 Mar 2030, 10:00 (Europe/Berlin)",
        "proposed": "yes",
        "outcome": "Approved",
        "changes": "E-mail: anna@example.com → anna.becker@example.com",
        "customer_message": "Could you also look at the battery?",
    }
)
BOOKING_PLACEHOLDERS = {
    "unit": _("The device or vehicle"),
    "location_name": _("The location the customer chose"),
    "times": _("The times in question, one a line, in the location's time zone"),
    "customer_message": _("What the customer wrote, if anything"),
}
ESTIMATE_ALERT_PLACEHOLDERS = {
    "work_order_number": _("The work order number"),
    "unit": _("The device or vehicle"),
}


def staff_alert(event: str, label, placeholders: dict, en: tuple[str, str], de: tuple[str, str]) -> Kind:
    return register(
        Kind(
            f"staff_alert.{event}",
            label,
            {**STAFF_ALERT_PLACEHOLDERS, **placeholders},
            {
                ("email", "en"): (en[0], "Hello {{ staff_name }},\n\n" + en[1] + STAFF_FOOTER_EN),
                ("email", "de"): (de[0], "Hallo {{ staff_name }},\n\n" + de[1] + STAFF_FOOTER_DE),
                ("sms", "en"): ("", en[0] + " {{ link }}"),
                ("sms", "de"): ("", de[0] + " {{ link }}"),
            },
        )
    )


staff_alert(
    "booking_requested",
    _("Staff alert: new booking request"),
    {**BOOKING_PLACEHOLDERS, "problem_description": _("The problem as the customer described it")},
    (
        "New booking request from {{ customer_name }}",
        "{{ customer_name }} asks for an appointment at {{ location_name }} for {{ unit }}:\n\n"
        "{{ problem_description }}\n\nTimes asked for:\n{{ times }}\n\nAnswer the request here: {{ link }}",
    ),
    (
        "Neue Terminanfrage von {{ customer_name }}",
        "{{ customer_name }} bittet um einen Termin in {{ location_name }} für {{ unit }}:\n\n"
        "{{ problem_description }}\n\nGewünschte Zeiten:\n{{ times }}\n\nZur Anfrage: {{ link }}",
    ),
)
staff_alert(
    "booking_answered",
    _("Staff alert: the customer answered a suggested time"),
    {**BOOKING_PLACEHOLDERS, "proposed": _("Set when the customer proposed other times instead")},
    (
        "{{ customer_name }} answered about the booking",
        "{% if proposed %}{{ customer_name }} proposed other times{% else %}{{ customer_name }} accepted "
        "the time you suggested{% endif %} ({{ unit }}, {{ location_name }}):\n{{ times }}"
        "{% if customer_message %}\n\n{{ customer_message }}{% endif %}\n\nConfirm the booking here: {{ link }}",
    ),
    (
        "{{ customer_name }} hat zum Termin geantwortet",
        "{% if proposed %}{{ customer_name }} schlägt andere Zeiten vor{% else %}{{ customer_name }} nimmt "
        "die vorgeschlagene Zeit an{% endif %} ({{ unit }}, {{ location_name }}):\n{{ times }}"
        "{% if customer_message %}\n\n{{ customer_message }}{% endif %}\n\nTermin hier bestätigen: {{ link }}",
    ),
)
staff_alert(
    "booking_withdrawn",
    _("Staff alert: booking request withdrawn"),
    BOOKING_PLACEHOLDERS,
    (
        "{{ customer_name }} withdrew a booking request",
        "{{ customer_name }} withdrew their booking request for {{ unit }} at {{ location_name }}."
        "{% if customer_message %}\n\n{{ customer_message }}{% endif %}\n\nThe request: {{ link }}",
    ),
    (
        "{{ customer_name }} hat eine Terminanfrage zurückgezogen",
        "{{ customer_name }} hat die Terminanfrage für {{ unit }} in {{ location_name }} zurückgezogen."
        "{% if customer_message %}\n\n{{ customer_message }}{% endif %}\n\nZur Anfrage: {{ link }}",
    ),
)
staff_alert(
    "estimate_decided",
    _("Staff alert: estimate approved or declined"),
    {**ESTIMATE_ALERT_PLACEHOLDERS, "outcome": _("The estimate's state after the decision")},
    (
        "Estimate {{ work_order_number }}: {{ outcome }}",
        "{{ customer_name }} decided on the estimate for work order {{ work_order_number }} ({{ unit }}): "
        "{{ outcome }}.\n\nSee the decision: {{ link }}",
    ),
    (
        "Kostenvoranschlag {{ work_order_number }}: {{ outcome }}",
        "{{ customer_name }} hat über den Kostenvoranschlag zu Auftrag {{ work_order_number }} ({{ unit }}) "
        "entschieden: {{ outcome }}.\n\nZur Entscheidung: {{ link }}",
    ),
)
staff_alert(
    "estimate_disputed",
    _("Staff alert: estimate disputed"),
    {**ESTIMATE_ALERT_PLACEHOLDERS, "customer_message": _("The customer's note")},
    (
        "Estimate {{ work_order_number }} disputed",
        "{{ customer_name }} disputes the estimate for work order {{ work_order_number }} ({{ unit }}):\n\n"
        "{{ customer_message }}\n\nReview it here: {{ link }}",
    ),
    (
        "Kostenvoranschlag {{ work_order_number }} beanstandet",
        "{{ customer_name }} beanstandet den Kostenvoranschlag zu Auftrag {{ work_order_number }} "
        "({{ unit }}):\n\n{{ customer_message }}\n\nHier prüfen: {{ link }}",
    ),
)
staff_alert(
    "contact_changed",
    _("Staff alert: contact details changed"),
    {
        "work_order_number": _("The work order the change was made from"),
        "changes": _("What changed, one field a line"),
    },
    (
        "{{ customer_name }} changed their contact details",
        "{{ customer_name }} changed their contact details (work order {{ work_order_number }}):\n\n"
        "{{ changes }}\n\nSee it here: {{ link }}",
    ),
    (
        "{{ customer_name }} hat die Kontaktdaten geändert",
        "{{ customer_name }} hat die Kontaktdaten geändert (Auftrag {{ work_order_number }}):\n\n"
        "{{ changes }}\n\nZum Auftrag: {{ link }}",
    ),
)
staff_alert(
    "contact_change_reported",
    _("Staff alert: a contact change reported as not the customer's"),
    {
        "work_order_number": _("The newest open work order, where the report is noted"),
        "changes": _("What was put back, one field a line"),
    },
    (
        "{{ customer_name }}: contact change reported as not theirs, undone",
        "The previous contact details of {{ customer_name }} ({{ customer_number }}) were told of a change "
        "and reported it as not made by the customer. The previous details are back:\n\n{{ changes }}\n\n"
        "Someone may have tried to take the account over: check with the customer. "
        "Work order {{ work_order_number }}: {{ link }}",
    ),
    (
        "{{ customer_name }}: Änderung der Kontaktdaten als fremd gemeldet, rückgängig gemacht",
        "Die bisherigen Kontaktdaten von {{ customer_name }} ({{ customer_number }}) wurden über eine "
        "Änderung informiert und haben sie als nicht vom Kunden gemeldet. Die bisherigen Angaben gelten "
        "wieder:\n\n{{ changes }}\n\nMöglicherweise hat jemand versucht, das Konto zu übernehmen: "
        "klären Sie es mit dem Kunden. Auftrag {{ work_order_number }}: {{ link }}",
    ),
)
staff_alert(
    "question_asked",
    _("Staff alert: question from a customer"),
    {"work_order_number": _("The work order the question is about"), "customer_message": _("The question")},
    (
        "Question from {{ customer_name }} about {{ work_order_number }}",
        "{{ customer_name }} asks about work order {{ work_order_number }}:\n\n{{ customer_message }}\n\n"
        "Answer here: {{ link }}",
    ),
    (
        "Frage von {{ customer_name }} zu {{ work_order_number }}",
        "{{ customer_name }} fragt zu Auftrag {{ work_order_number }}:\n\n{{ customer_message }}\n\n"
        "Hier antworten: {{ link }}",
    ),
)
INVOICE_ALERT_PLACEHOLDERS = {
    **ESTIMATE_ALERT_PLACEHOLDERS,
    "invoice_total": _("The total including VAT, with the currency"),
}
SAMPLE.update({"signed_name": "Anna Becker", "disputed_line": "Labour: replace the display"})
staff_alert(
    "invoice_authorised",
    _("Staff alert: invoice authorised"),
    {
        **INVOICE_ALERT_PLACEHOLDERS,
        "invoice_number": _("The number the invoice got"),
        "signed_name": _("The name the customer typed"),
    },
    (
        "Invoice {{ invoice_number }} authorised",
        "{{ customer_name }} authorised the invoice for work order {{ work_order_number }} ({{ unit }}): "
        "{{ invoice_total }}, signed by {{ signed_name }}. It is final as invoice {{ invoice_number }}."
        "\n\nSee it here: {{ link }}",
    ),
    (
        "Rechnung {{ invoice_number }} freigegeben",
        "{{ customer_name }} hat die Rechnung zu Auftrag {{ work_order_number }} ({{ unit }}) freigegeben: "
        "{{ invoice_total }}, unterzeichnet von {{ signed_name }}. Sie ist jetzt endgültig: Rechnung "
        "{{ invoice_number }}.\n\nZur Rechnung: {{ link }}",
    ),
)
staff_alert(
    "invoice_disputed",
    _("Staff alert: invoice disputed"),
    {
        **INVOICE_ALERT_PLACEHOLDERS,
        "disputed_line": _("The line the customer disputes, if they chose one"),
        "customer_message": _("The customer's note"),
    },
    (
        "Invoice for {{ work_order_number }} disputed",
        "{{ customer_name }} disputes the invoice for work order {{ work_order_number }} ({{ unit }}, "
        "{{ invoice_total }}){% if disputed_line %}, the line “{{ disputed_line }}”{% endif %}:\n\n"
        "{{ customer_message }}\n\nAnswer and revise it here: {{ link }}",
    ),
    (
        "Rechnung zu {{ work_order_number }} beanstandet",
        "{{ customer_name }} beanstandet die Rechnung zu Auftrag {{ work_order_number }} ({{ unit }}, "
        "{{ invoice_total }}){% if disputed_line %}, die Position „{{ disputed_line }}“{% endif %}:\n\n"
        "{{ customer_message }}\n\nHier antworten und überarbeiten: {{ link }}",
    ),
)
SAMPLE.update(
    {
        "answered_name": "Anna Becker",
        "answer_counts": "Repair: 2 · Don't repair: 1 · Contact me: 1",
        "customer_comments": "Front brake pads: Please call me about the price first.",
    }
)
staff_alert(
    "inspection_answered",
    _("Staff alert: inspection answered"),
    {
        **ESTIMATE_ALERT_PLACEHOLDERS,
        "answered_name": _("The name the customer typed"),
        "answer_counts": _("The answers counted, e.g. 'Repair: 2 · Don't repair: 1 · Contact me: 1'"),
        "customer_comments": _("The customer's comments, one a line with the item, if any"),
    },
    (
        "Inspection of {{ work_order_number }} answered",
        "{{ customer_name }} answered the inspection of work order {{ work_order_number }} ({{ unit }}), "
        "signed {{ answered_name }}: {{ answer_counts }}.{% if customer_comments %}\n\nComments:\n"
        "{{ customer_comments }}{% endif %}\n\nAuthorise the work here: {{ link }}",
    ),
    (
        "Inspektion zu {{ work_order_number }} beantwortet",
        "{{ customer_name }} hat die Inspektion zu Auftrag {{ work_order_number }} ({{ unit }}) "
        "beantwortet, Name: {{ answered_name }}: {{ answer_counts }}.{% if customer_comments %}\n\n"
        "Anmerkungen:\n{{ customer_comments }}{% endif %}\n\nHier die Arbeiten freigeben: {{ link }}",
    ),
)
