"""Delivery through a real SMTP server on loopback: headers, attachments, retries, failures, outages."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from fixloop.messaging import services
from fixloop.messaging.delivery import recover_stale
from fixloop.messaging.models import Attempt, Message
from fixloop.messaging.tasks import deliver_due
from tests.messaging.smtp_server import SmtpServer


def queue(customer, **kwargs) -> Message:
    kwargs.setdefault("channel", "email")
    kwargs.setdefault("context", {"message": "Your battery has arrived."})
    return services.queue_message("workorder.message", customer=customer, **kwargs)


def later(message: Message, extra=timedelta(seconds=1)):
    """Travel to just after the message's next attempt is due."""
    message.refresh_from_db()
    return time_machine.travel(message.next_attempt_at + extra, tick=False)


def test_a_message_is_delivered_with_its_headers_and_attachment(smtp_server, customer, work_order, pdf_bytes):
    message = services.queue_message(
        "workorder.message",
        channel="email",
        work_order=work_order,
        reply_to="berlin@werkstatt.example",
        context={"message": "See the attached report."},
        attachments=[("report.pdf", "application/pdf", pdf_bytes)],
    )
    assert deliver_due() == {"sent": 1}

    [received] = smtp_server.received
    email = received.email
    assert received.rcpt_tos == ["anna@example.com"]
    assert email["Subject"] == f"About your work order {work_order.number}"
    assert email["Message-ID"] == message.provider_id
    assert email["Reply-To"] == "berlin@werkstatt.example"
    assert email["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in email
    assert (
        email.get_body(("plain",))
        .get_content()
        .replace("\r\n", "\n")
        .startswith("Hello Anna Becker,\n\nSee the attached report.")
    )
    assert "See the attached report." in email.get_body(("html",)).get_content()
    [attachment] = list(email.iter_attachments())
    assert attachment.get_filename() == "report.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf_bytes
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert message.sent_at is not None
    assert list(message.attempts.values_list("outcome", flat=True)) == [Attempt.Outcome.SENT]


def test_periodic_mail_carries_list_unsubscribe(smtp_server, customer):
    services.queue_message(
        "status_report",
        channel="email",
        customer=customer,
        context={"report_date": "23.11.2026", "open_repairs": "3"},
        unsubscribe_url="https://repairs.example.com/unsubscribe/abc/",
    )
    deliver_due()
    email = smtp_server.received[0].email
    assert email["List-Unsubscribe"] == "<https://repairs.example.com/unsubscribe/abc/>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_451_is_retried_once_and_then_delivered(smtp_server, customer):
    smtp_server.handler.rcpt_replies.append("451 4.3.0 Mailbox busy, try again later")
    message = queue(customer)

    assert deliver_due() == {"retrying": 1}
    message.refresh_from_db()
    assert message.state == Message.State.RETRYING
    assert "451 4.3.0 Mailbox busy" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert deliver_due() == {}  # not due yet

    with later(message):
        assert deliver_due() == {"sent": 1}
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert list(message.attempts.values_list("outcome", flat=True)) == ["transient", "sent"]
    assert len(smtp_server.received) == 1


def test_a_550_fails_at_once_with_the_servers_words(smtp_server, customer):
    smtp_server.handler.rcpt_replies.append("550 5.1.1 <anna@example.com>: Recipient address rejected")
    message = queue(customer)
    deliver_due()
    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    assert "550 5.1.1 <anna@example.com>: Recipient address rejected" in message.state_reason
    assert message.failed_at is not None
    assert message.next_attempt_at is None
    assert smtp_server.received == []


def test_while_the_server_is_down_the_message_waits_and_is_delivered_once_it_is_back(settings, customer):
    from tests.messaging.conftest import use_smtp

    server = SmtpServer()
    use_smtp(settings, server.port)  # nothing listens on this port yet
    message = queue(customer)
    deliver_due()
    message.refresh_from_db()
    assert message.state == Message.State.RETRYING
    assert "Cannot connect to the mail server" in message.last_error

    server.start()
    try:
        with later(message):
            assert deliver_due() == {"sent": 1}
    finally:
        server.stop()
    assert len(server.received) == 1
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert message.attempts.count() == 2


def test_transient_failures_give_up_after_24_hours(settings, customer):
    from tests.messaging.conftest import use_smtp

    use_smtp(settings, SmtpServer().port)  # never answers
    message = queue(customer)
    deliver_due()
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1), tick=False):
        message.refresh_from_db()
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        deliver_due()
    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    assert message.state_reason.startswith("Gave up after 24 hours of retrying. Last error: Cannot connect")


def test_one_refused_message_does_not_stop_the_rest(smtp_server, customer, other_customer):
    smtp_server.handler.rcpt_replies.append("550 5.1.1 No such user")
    first = queue(customer)
    second = queue(other_customer)
    assert deliver_due() == {"failed": 1, "sent": 1}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (Message.State.FAILED, Message.State.SENT)
    assert smtp_server.received[0].rcpt_tos == ["bernd@example.org"]


def test_a_message_left_sending_by_a_crashed_worker_is_taken_up_again(smtp_server, customer):
    message = queue(customer)
    Message.objects.filter(pk=message.pk).update(
        state=Message.State.SENDING, sending_since=timezone.now() - timedelta(minutes=11), attempt_count=1
    )
    assert recover_stale() == 1
    assert deliver_due() == {"sent": 1}
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert list(message.attempts.values_list("outcome", "error")) == [
        ("transient", "The worker stopped while sending; trying again."),
        ("sent", ""),
    ]


def test_a_message_sending_right_now_is_not_taken_from_its_worker(smtp_server, customer):
    message = queue(customer)
    Message.objects.filter(pk=message.pk).update(state=Message.State.SENDING, sending_since=timezone.now())
    assert recover_stale() == 0


def test_a_fax_goes_to_the_gateway_with_the_pdf(smtp_server, settings, customer, pdf_bytes):
    settings.FAX_GATEWAY = "{number}@fax.example.net"
    customer.fax = "+49301234567"
    customer.save()
    message = queue(customer, channel="fax", attachments=[("status.pdf", "application/pdf", pdf_bytes)])
    assert message.recipient == "+49301234567"
    deliver_due()
    [received] = smtp_server.received
    assert received.rcpt_tos == ["49301234567@fax.example.net"]
    assert [part.get_filename() for part in received.email.iter_attachments()] == ["status.pdf"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_drains_the_queue(smtp_server, customer):
    from django.core.management import call_command

    messages = [queue(customer, dedupe_key=f"drain-{n}") for n in range(5)]
    call_command("worker", burst=True, verbosity=0)
    assert len(smtp_server.received) == 5
    assert set(Message.objects.filter(pk__in=[m.pk for m in messages]).values_list("state", flat=True)) == {
        "sent"
    }


def test_a_batch_goes_over_one_smtp_connection(smtp_server, customer, other_customer):
    for n in range(3):
        queue(customer, dedupe_key=f"one-connection-{n}")
    queue(other_customer)
    assert deliver_due() == {"sent": 4}
    assert len({received.peer for received in smtp_server.received}) == 1


def test_an_unexpected_error_in_one_message_fails_it_and_the_rest_go_out(smtp_server, customer, monkeypatch):
    from fixloop.messaging.transports import email as email_transport

    broken = queue(customer, context={"message": "broken"})
    fine = queue(customer, context={"message": "fine"})
    compose = email_transport.compose

    def compose_or_break(message, **options):
        if message.pk == broken.pk:
            raise KeyError("a bug in composing")
        return compose(message, **options)

    monkeypatch.setattr(email_transport, "compose", compose_or_break)
    assert deliver_due() == {"failed": 1, "sent": 1}
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.state_reason == "Unexpected error: KeyError('a bug in composing')"
    assert fine.state == Message.State.SENT
