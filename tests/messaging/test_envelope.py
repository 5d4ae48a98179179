"""What every e-mail carries, read from a real SMTP capture: the VERP envelope sender (the From
header stays the shop's), a plain-text part, Date, a Message-ID that stays the same across
retries, and the shop's Reply-To."""

from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import time_machine
from django.utils import timezone

from fixloop.messaging import services
from fixloop.messaging.tasks import deliver_due


def queue(customer, **kwargs):
    return services.queue_message(
        "workorder.message", channel="email", customer=customer, context={"message": "Ready."}, **kwargs
    )


def test_the_envelope_sender_is_the_messages_verp_address_and_the_from_header_the_shops(
    smtp_server, settings, customer
):
    settings.BOUNCE_ADDRESS = "bounces@werkstatt.example"
    message = queue(customer)
    deliver_due()
    [received] = smtp_server.received
    assert received.mail_from == f"bounces+{message.pk}@werkstatt.example"
    assert received.email["From"] == "Werkstatt Müller <service@werkstatt.example>"
    assert "Return-Path" not in received.email  # the receiving server writes it from MAIL FROM


def test_without_a_bounce_address_the_envelope_sender_is_the_from_address(smtp_server, settings, customer):
    settings.BOUNCE_ADDRESS = ""
    queue(customer)
    deliver_due()
    [received] = smtp_server.received
    assert received.mail_from == "service@werkstatt.example"
    assert received.email["From"] == "Werkstatt Müller <service@werkstatt.example>"


def test_every_email_has_a_text_part_a_date_and_the_shops_reply_to(smtp_server, customer):
    queue(customer)
    deliver_due()
    email = smtp_server.received[0].email
    assert "Ready." in email.get_body(("plain",)).get_content()
    sent = parsedate_to_datetime(email["Date"])  # "-0000": UTC, read as a naive time
    assert abs(sent.replace(tzinfo=sent.tzinfo or UTC) - timezone.now()) < timedelta(minutes=1)
    assert email["Reply-To"] == "Werkstatt Müller <service@werkstatt.example>"


def test_the_message_id_is_the_same_on_every_attempt(smtp_server, customer):
    smtp_server.handler.data_replies.append("451 4.3.0 Try again later")
    message = queue(customer)
    deliver_due()
    message.refresh_from_db()
    assert message.state == "retrying"
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1), tick=False):
        deliver_due()
    [received] = smtp_server.received
    assert received.email["Message-ID"] == message.provider_id
    assert message.provider_id.startswith("<") and message.provider_id.endswith("@werkstatt.example>")
