"""Sending e-mail through the services' APIs (anymail) against local fakes: the same outbox,
worker, retries and attempt log as SMTP; the service's message id kept; its refusals classified."""

import pytest

from fixloop.messaging import services
from fixloop.messaging.models import Attempt, Message
from fixloop.messaging.tasks import deliver_due
from tests.messaging.email_services_fake import REJECT
from tests.messaging.email_services_fixtures import use_email_url


def queue(customer) -> Message:
    return services.queue_message(
        "workorder.message",
        channel="email",
        customer=customer,
        context={"message": "Your battery has arrived."},
    )


def test_a_message_goes_out_through_the_service_and_keeps_its_id(email_service, customer):
    message = queue(customer)
    assert deliver_due() == {"sent": 1}
    [request] = email_service.requests
    assert request.authorized
    assert request.to == "anna@example.com"
    assert request.subject == message.subject != ""
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert message.provider_id == request.message_id != ""
    [attempt] = message.attempts.all()
    assert attempt.outcome == Attempt.Outcome.SENT
    assert attempt.provider_id == request.message_id


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_server_error_or_rate_limit_is_retried(email_service, customer, status):
    message = queue(customer)
    email_service.fail_next(status)
    assert deliver_due() == {"retrying": 1}
    message.refresh_from_db()
    assert message.state == Message.State.RETRYING
    [attempt] = message.attempts.all()
    assert attempt.outcome == Attempt.Outcome.TRANSIENT
    assert f"HTTP {status}" in attempt.error


def test_a_refused_recipient_fails_for_good(email_service, customer):
    message = queue(customer)
    email_service.fail_next(REJECT)
    assert deliver_due() == {"failed": 1}
    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    [attempt] = message.attempts.all()
    assert attempt.outcome == Attempt.Outcome.PERMANENT
    assert "refused" in message.state_reason
    assert message.provider_id != ""  # the Message-ID it was composed with; no service id


def test_a_service_that_does_not_answer_is_retried(settings, monkeypatch, customer):
    use_email_url(settings, monkeypatch, "postmark://key@?api_url=http://127.0.0.1:9/")  # nothing listens
    message = queue(customer)
    assert deliver_due() == {"retrying": 1}
    message.refresh_from_db()
    assert "Postmark did not answer" in message.last_error


def test_a_fax_goes_to_the_gateway_through_the_service_with_its_pdf(
    email_service, settings, customer, pdf_bytes
):
    settings.FAX_GATEWAY = "{number}@fax.example.net"
    customer.fax = "+49301234567"
    customer.save()
    message = services.queue_message(
        "workorder.message",
        channel="fax",
        customer=customer,
        context={"message": "Your report."},
        attachments=[("report.pdf", "application/pdf", pdf_bytes)],
    )
    assert deliver_due() == {"sent": 1}
    [request] = email_service.requests
    assert request.to == "49301234567@fax.example.net"
    message.refresh_from_db()
    assert message.provider_id == request.message_id
