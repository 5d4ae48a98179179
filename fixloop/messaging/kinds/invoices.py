"""Kinds of the invoices: the final invoice or credit note, sent by e-mail with its PDF."""

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

INVOICE_PLACEHOLDERS = {
    **COMMON_PLACEHOLDERS,
    **WORK_ORDER_PLACEHOLDERS,
    "invoice_number": _("The number of the invoice or credit note"),
    "invoice_date": _("The date of the invoice or credit note"),
    "invoice_total": _("The total including VAT, with the currency"),
    "credited_invoice": _("The number of the invoice a credit note corrects"),
}
SAMPLE.update(
    {
        "invoice_number": "BER-2026-000123",
        "invoice_date": "07.12.2026",
        "invoice_total": "550.35 EUR",
        "credited_invoice": "BER-2026-000123",
    }
)
register(
    Kind(
        "invoice.sent",
        _("Invoice"),
        INVOICE_PLACEHOLDERS,
        {
            ("email", "en"): (
                "Invoice {{ invoice_number }} – work order {{ work_order_number }}",
                "Hello {{ customer_name }},\n\nplease find attached our invoice {{ invoice_number }} of "
                "{{ invoice_date }} for work order {{ work_order_number }} ({{ unit }}): {{ invoice_total }}."
                + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Rechnung {{ invoice_number }} – Auftrag {{ work_order_number }}",
                "Guten Tag {{ customer_name }},\n\nanbei erhalten Sie unsere Rechnung {{ invoice_number }} vom "
                "{{ invoice_date }} zum Auftrag {{ work_order_number }} ({{ unit }}): {{ invoice_total }}."
                + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: invoice {{ invoice_number }}: {{ invoice_total }}."),
            ("sms", "de"): ("", "{{ shop_name }}: Rechnung {{ invoice_number }}: {{ invoice_total }}."),
        },
    )
)
register(
    Kind(
        "credit_note.sent",
        _("Credit note"),
        INVOICE_PLACEHOLDERS,
        {
            ("email", "en"): (
                "Credit note {{ invoice_number }} for invoice {{ credited_invoice }}",
                "Hello {{ customer_name }},\n\nplease find attached our credit note {{ invoice_number }} of "
                "{{ invoice_date }}, correcting invoice {{ credited_invoice }} for work order "
                "{{ work_order_number }}: {{ invoice_total }}." + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Gutschrift {{ invoice_number }} zur Rechnung {{ credited_invoice }}",
                "Guten Tag {{ customer_name }},\n\nanbei erhalten Sie unsere Gutschrift {{ invoice_number }} vom "
                "{{ invoice_date }} zur Rechnung {{ credited_invoice }} (Auftrag {{ work_order_number }}): "
                "{{ invoice_total }}." + SIGNATURE_DE,
            ),
            ("sms", "en"): ("", "{{ shop_name }}: credit note {{ invoice_number }}: {{ invoice_total }}."),
            ("sms", "de"): ("", "{{ shop_name }}: Gutschrift {{ invoice_number }}: {{ invoice_total }}."),
        },
    )
)
