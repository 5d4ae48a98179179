"""Kind of the notice to a customer's previous e-mail address or mobile number that it was replaced."""

from django.utils.translation import gettext_lazy as _

from fixloop.messaging.kinds import (
    COMMON_PLACEHOLDERS,
    SAMPLE,
    SIGNATURE_DE,
    SIGNATURE_EN,
    Kind,
    register,
)

SAMPLE.update(
    {
        "changed_details": "e-mail address",
        "changed_at": "06.12.2026 14:32",
        "report_link": "https://repairs.example.com/portal/contact-change/Hk8s…/",
        "report_valid_until": "20.12.2026",
    }
)
register(
    Kind(
        "customer.contact_changed",
        _("Notice to the previous contact details that they were replaced"),
        {
            **COMMON_PLACEHOLDERS,
            "changed_details": _("What was replaced, e.g. 'e-mail address, mobile number'"),
            "changed_at": _("When it was changed"),
            "report_link": _("The single-use link to report that the change was not the customer's"),
            "report_valid_until": _("The date until which the link can be used"),
        },
        {
            ("email", "en"): (
                "Your contact details at {{ shop_name }} were changed",
                "Hello,\n\nthe {{ changed_details }} of {{ customer_name }} at {{ shop_name }} was changed on "
                "{{ changed_at }}; messages now go to the new details, not to this one.\n\nIf that was you, "
                "there is nothing to do. If it was not, open this link (until {{ report_valid_until }}): it "
                "puts the previous details back and tells the shop:\n{{ report_link }}" + SIGNATURE_EN,
            ),
            ("email", "de"): (
                "Ihre Kontaktdaten bei {{ shop_name }} wurden geändert",
                "Guten Tag,\n\ndie {{ changed_details }} von {{ customer_name }} bei {{ shop_name }} wurde am "
                "{{ changed_at }} geändert; Nachrichten gehen jetzt an die neuen Angaben, nicht mehr hierher."
                "\n\nWenn Sie das waren, ist nichts zu tun. Wenn nicht, öffnen Sie diesen Link (bis "
                "{{ report_valid_until }}): er stellt die bisherigen Angaben wieder her und informiert den "
                "Betrieb:\n{{ report_link }}" + SIGNATURE_DE,
            ),
            ("sms", "en"): (
                "",
                "{{ shop_name }}: your {{ changed_details }} was changed on {{ changed_at }}. Not you? "
                "Undo it here: {{ report_link }}",
            ),
            ("sms", "de"): (
                "",
                "{{ shop_name }}: Ihre {{ changed_details }} wurde am {{ changed_at }} geändert. Nicht Sie? "
                "Hier rückgängig machen: {{ report_link }}",
            ),
        },
    )
)
