"""Kinds of the customer portal: the invitation and the sign-in e-mails."""

from django.utils.translation import gettext_lazy as _

from fixloop.messaging.kinds import (
    COMMON_PLACEHOLDERS,
    SAMPLE,
    SIGNATURE_DE,
    SIGNATURE_EN,
    Kind,
    register,
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
