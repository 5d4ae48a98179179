"""Kind of the message that asks a customer to authorise a submitted invoice (with its secret link)."""

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

SAMPLE.update(
    {
        "invoice_link": "https://repairs.example.com/invoice/Rk4p…/",
        "invoice_revision": "1",
    }
)
register(
    Kind(
        "invoice.authorisation_requested",
        _("Invoice waiting for the customer's authorisation"),
        {
            **COMMON_PLACEHOLDERS,
            **WORK_ORDER_PLACEHOLDERS,
            "invoice_link": _("The link to the invoice, where the customer authorises it or disputes a line"),
            "invoice_total": _("The total including VAT, with the currency"),
            "invoice_revision": _(
                "The revision of the invoice: 1, then 2 when a revised invoice is submitted"
            ),
        },
        {
            ("email", "en"): (
                "Please authorise the invoice for work order {{ work_order_number }}",
                "Hello {{ customer_name }},\n\nbefore we issue our invoice for work order {{ work_order_number }} "
                "({{ unit }}), please check it: {{ invoice_total }} (revision {{ invoice_revision }}). The draft is "
                "attached.{% if invoice_link %}\n\nAuthorise it, or dispute a line with a note, here: "
                "{{ invoice_link }}{% endif %}" + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Bitte geben Sie die Rechnung zu Auftrag {{ work_order_number }} frei",
                "Guten Tag {{ customer_name }},\n\nbevor wir unsere Rechnung zu Auftrag {{ work_order_number }} "
                "({{ unit }}) ausstellen, bitten wir Sie, sie zu prüfen: {{ invoice_total }} (Fassung "
                "{{ invoice_revision }}). Den Entwurf finden Sie im Anhang.{% if invoice_link %}\n\nHier geben "
                "Sie sie frei oder beanstanden eine Position mit einer Notiz: {{ invoice_link }}{% endif %}"
                + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: please authorise the invoice for work order {{ work_order_number }} "
                "({{ invoice_total }}): {{ invoice_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Bitte geben Sie die Rechnung zu Auftrag {{ work_order_number }} frei "
                "({{ invoice_total }}): {{ invoice_link }}",
            ),
        },
    )
)
