"""The e-mail services' tracking webhooks, with the services' own sample bodies and signatures:
what they report moves the message and is recorded as an event; a bad signature or an unknown
message changes nothing."""

import pytest

from fixloop.messaging import services
from fixloop.messaging.models import Message, MessageEvent, Suppression
from fixloop.messaging.states import transition
from tests.messaging.email_services_fixtures import PROVIDERS, use_email_url
from tests.messaging.email_webhook_samples import BOUNCE_REASONS, SENDGRID_PUBLIC_KEY, post_webhook, sample

PROVIDER_IDS = {
    "postmark": "2706ee8a-737c-4285-b032-ccd317af53ed",
    "mailgun": "<20180812214658.1.0DF563D0B3597700@mg.example.com>",
    "ses": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
    "sendgrid": "de212213-bb66-4302-8f3f-20acdb7a104e",
    "brevo": "<201803011158.9876543210@smtp-relay.mailin.fr>",
}


@pytest.fixture(params=PROVIDERS)
def provider(request, settings, monkeypatch):
    """Each service in turn configured as the shop's (its webhook's credentials set)."""
    name = request.param
    url = {"ses": "ses://access:secret@eu-central-1", "mailgun": "mailgun://key@mg.example.com"}
    signing_key = SENDGRID_PUBLIC_KEY if name == "sendgrid" else "key-mailgun-signing-1234"
    use_email_url(settings, monkeypatch, url.get(name, f"{name}://key@"), signing_key=signing_key)
    return name


def sent_message(customer, provider: str) -> Message:
    """A message the service accepted, with the id the service gave it."""
    message = services.queue_message(
        "workorder.message", channel="email", customer=customer, context={"message": "Ready."}
    )
    transition(message, Message.State.SENDING)
    transition(message, Message.State.SENT, provider_id=PROVIDER_IDS[provider])
    message.save()
    return message


def test_a_hard_bounce_moves_the_message_and_suppresses_the_address(client, customer, provider):
    message = sent_message(customer, provider)
    response = post_webhook(
        client, provider, sample(provider, "bounced", message.provider_id, message.recipient)
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.state == Message.State.BOUNCED
    assert BOUNCE_REASONS[provider] in message.state_reason
    [event] = message.events.all()
    assert (event.kind, event.hard, event.source) == ("bounced", True, provider)
    assert BOUNCE_REASONS[provider] in event.reason
    assert event.raw  # the service's event as received
    suppression = Suppression.objects.get(address="anna@example.com", active=True)
    assert suppression.message == message
    assert suppression.cause == Suppression.Cause.BOUNCED


@pytest.mark.parametrize("provider", ["postmark", "ses", "sendgrid", "brevo"], indirect=True)
def test_a_delivery_report_marks_the_message_delivered(client, customer, provider):
    message = sent_message(customer, provider)
    response = post_webhook(
        client, provider, sample(provider, "delivered", message.provider_id, message.recipient)
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED
    assert message.delivered_at is not None
    assert [event.kind for event in message.events.all()] == ["delivered"]
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("provider", ["mailgun", "ses"], indirect=True)
def test_a_complaint_marks_the_message_and_suppresses_the_address(client, customer, provider):
    message = sent_message(customer, provider)
    response = post_webhook(
        client, provider, sample(provider, "complained", message.provider_id, message.recipient)
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.state == Message.State.COMPLAINED
    assert Suppression.objects.get(active=True).cause == Suppression.Cause.COMPLAINED


@pytest.mark.parametrize("provider", ["brevo"], indirect=True)
def test_a_soft_bounce_is_recorded_without_suppressing(client, customer, provider):
    message = sent_message(customer, provider)
    post_webhook(client, provider, sample(provider, "soft_bounced", message.provider_id, message.recipient))
    message.refresh_from_db()
    assert message.state == Message.State.BOUNCED
    [event] = message.events.all()
    assert event.hard is False
    assert "Unable to find MX" in event.reason
    assert not Suppression.objects.exists()


def test_a_bad_signature_is_refused_logged_and_changes_nothing(client, customer, provider, caplog):
    message = sent_message(customer, provider)
    response = post_webhook(
        client, provider, sample(provider, "bounced", message.provider_id, message.recipient), valid=False
    )
    assert response.status_code == 403
    assert f"Refused a {provider} tracking webhook" in caplog.text
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert not MessageEvent.objects.exists()
    assert not Suppression.objects.exists()


def test_an_unknown_message_changes_nothing(client, customer, provider, caplog):
    message = sent_message(customer, provider)
    unknown = {"mailgun": "<unknown@mg.example.com>", "brevo": "<unknown@smtp-relay.mailin.fr>"}
    response = post_webhook(
        client, provider, sample(provider, "bounced", unknown.get(provider, "unknown-id"), message.recipient)
    )
    assert response.status_code == 200  # else the service sends it again and again
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert not MessageEvent.objects.exists()
    assert not Suppression.objects.exists()
    assert "unknown message" in caplog.text


@pytest.mark.parametrize("provider", ["postmark"], indirect=True)
def test_the_webhook_of_a_service_not_configured_is_not_there(client, customer, provider):
    message = sent_message(customer, provider)
    response = post_webhook(
        client, "brevo", sample("brevo", "bounced", message.provider_id, message.recipient)
    )
    assert response.status_code == 404
    assert not MessageEvent.objects.exists()
