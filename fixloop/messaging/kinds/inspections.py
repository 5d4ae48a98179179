"""Kinds of the messages about an inspection (diagnostic overview): the link to answer it, and the
reminder of the work the customer did not have done."""

from django.utils.translation import gettext_lazy as _

from fixloop.messaging.kinds import (
    COMMON_PLACEHOLDERS,
    SAMPLE,
    SIGNATURE_DE,
    SIGNATURE_EN,
    WORK_ORDER_PLACEHOLDERS,
    Kind,
    register,
)

READY = "inspection.ready"
REMINDER = "inspection.declined_work_reminder"

SAMPLE.update(
    {
        "inspection_link": "https://repairs.example.com/inspection/Vb8n…/",
        "inspection_version": "1",
        "inspection_summary": "2 necessary repairs, 1 recommended, 12 checked and OK",
        "link_valid_until": "06.01.2027",
        "inspection_date": "07.12.2026",
        "declined_items": "- Front brake pads: 250.00 EUR incl. VAT\n- Wiper blades: 39.90 EUR incl. VAT",
        "days_since_answered": "90",
    }
)
register(
    Kind(
        READY,
        _("Inspection ready for the customer's answers"),
        {
            **COMMON_PLACEHOLDERS,
            **WORK_ORDER_PLACEHOLDERS,
            "inspection_link": _(
                "The link to the inspection, where the customer answers each item (repair, don't repair, "
                "contact me)"
            ),
            "inspection_version": _("The inspection's version: 1, then 2 when a changed inspection is sent"),
            "inspection_summary": _(
                "What was found, counted by category, e.g. '2 necessary repairs, 1 recommended'"
            ),
            "link_valid_until": _("The date until which the link works"),
        },
        {
            ("email", "en"): (
                "The results of the check of {{ unit }} – {{ work_order_number }}",
                "Hello {{ customer_name }},\n\nwe have checked {{ unit }} (work order {{ work_order_number }})."
                "{% if inspection_summary %} We found: {{ inspection_summary }}.{% endif %}"
                "{% if inspection_link %}\n\nPlease look at the results, with photos and prices, and tell us "
                "for each item whether we should do the work: {{ inspection_link }}\n\nThe link works until "
                "{{ link_valid_until }}.{% endif %}\n\nWe only do the work you agree to." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Das Ergebnis der Prüfung von {{ unit }} – {{ work_order_number }}",
                "Guten Tag {{ customer_name }},\n\nwir haben {{ unit }} (Auftrag {{ work_order_number }}) "
                "geprüft.{% if inspection_summary %} Ergebnis: {{ inspection_summary }}.{% endif %}"
                "{% if inspection_link %}\n\nBitte sehen Sie sich das Ergebnis mit Fotos und Preisen an und "
                "sagen Sie uns für jeden Punkt, ob wir die Arbeit ausführen sollen: {{ inspection_link }}"
                "\n\nDer Link ist bis {{ link_valid_until }} gültig.{% endif %}\n\nWir führen nur die Arbeiten "
                "aus, denen Sie zustimmen." + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: the check of your {{ unit }} (work order {{ work_order_number }}) is done. "
                "See the results and answer item by item: {{ inspection_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: die Prüfung von {{ unit }} (Auftrag {{ work_order_number }}) ist fertig. "
                "Ergebnis ansehen und Punkt für Punkt antworten: {{ inspection_link }}",
            ),
        },
    )
)
register(
    Kind(
        REMINDER,
        _("Reminder about declined work"),
        {
            **COMMON_PLACEHOLDERS,
            **WORK_ORDER_PLACEHOLDERS,
            "declined_items": _(
                "The items the customer did not have done (or wanted to talk about), one a line, with "
                "their prices where the location shows them"
            ),
            "inspection_date": _("The date the customer answered the inspection"),
            "days_since_answered": _("Days since the customer answered the inspection"),
        },
        {
            ("email", "en"): (
                "Work we found on {{ unit }} is still to be done",
                "Hello {{ customer_name }},\n\nwhen we checked {{ unit }} (work order {{ work_order_number }}), "
                "you chose on {{ inspection_date }} not to have this work done yet, or to talk about it "
                "first:\n\n{{ declined_items }}\n\nShall we do it now? Reply to this e-mail or call us at "
                "{{ location_phone }} to book an appointment." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Bei {{ unit }} stehen noch Arbeiten aus",
                "Guten Tag {{ customer_name }},\n\nbei der Prüfung von {{ unit }} (Auftrag "
                "{{ work_order_number }}) haben Sie am {{ inspection_date }} entschieden, diese Arbeiten "
                "noch nicht ausführen zu lassen oder erst darüber zu sprechen:\n\n{{ declined_items }}\n\n"
                "Sollen wir sie jetzt erledigen? Antworten Sie auf diese E-Mail oder rufen Sie uns unter "
                "{{ location_phone }} an, um einen Termin zu vereinbaren." + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: work we found on {{ unit }} on {{ inspection_date }} is still to be done. "
                "Call {{ location_phone }} to book it.",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: bei {{ unit }} stehen seit der Prüfung am {{ inspection_date }} noch "
                "Arbeiten aus. Termin unter {{ location_phone }}.",
            ),
        },
        periodic=True,
    )
)
