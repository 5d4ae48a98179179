"""The e-mail transport's faster generator writes the same bytes as the standard library's."""

import pytest
from django.core.mail.message import MIMEMixin

from fixloop.messaging.transports.email import FastEmail, email_bytes

PDF = bytes(range(256)) * 80


@pytest.mark.parametrize(
    "fields",
    [
        {"subject": "Repair status report 11/23/2026", "body": "Hello,\n\nyour repairs.\n"},
        {"subject": "Statusbericht für Müller & Söhne – Reparatur Nr. 2026-00042", "body": "Grüße\r\nÄÖÜ"},
        {"subject": "A subject that is much longer than one line of a header may be, " * 3, "body": "x"},
        {"subject": "Tabs\tand  double  spaces ", "body": ".a line starting with a dot\n.\n"},
    ],
)
@pytest.mark.parametrize("attachment", [None, ("status-report-T00001.pdf", PDF), ("Überweisung.pdf", PDF)])
def test_the_same_bytes_as_the_standard_library(settings, fields, attachment):
    settings.DEFAULT_FROM_EMAIL = "Werkstatt Müller <service@werkstatt.example>"
    email = FastEmail(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=["Anna Bäcker <anna@example.com>"],
        reply_to=["advisor@werkstatt.example"],
        headers={
            "Message-ID": "<20261123.abc@werkstatt.example>",
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": "<https://fix.werkstatt.example/unsubscribe/" + "t" * 90 + ">",
        },
        **fields,
    )
    email.attach_alternative("<p>Hello <b>Anna</b></p>" * 40, "text/html")
    if attachment:
        email.attach(attachment[0], attachment[1], "application/pdf")
    mime = email.message()
    assert mime.as_bytes.__func__ is email_bytes  # what Django's SMTP backend calls
    sent = mime.as_bytes(linesep="\r\n")
    assert sent == MIMEMixin.as_bytes(mime, linesep="\r\n")
    assert sent.count(b"\r\n") > 20 and b"\n" not in sent.replace(b"\r\n", b"")
