"""Kinds of the booking requests: the confirmation link and the shop's answers."""

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

# Booking requests: the public form's confirmation link, and the shop's answers (messaging/bookings.py).
BOOKING_MESSAGE_PLACEHOLDERS = {
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
            **BOOKING_MESSAGE_PLACEHOLDERS,
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
            **BOOKING_MESSAGE_PLACEHOLDERS,
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
            **BOOKING_MESSAGE_PLACEHOLDERS,
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
        {**BOOKING_MESSAGE_PLACEHOLDERS, "reason": _("Why the shop declined the request")},
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
