"""Text messages through Twilio, against a local server that speaks Twilio's Messages API:
sending, failure classification, signed delivery reports and inbound STOP / START."""

import socket
from dataclasses import dataclass

import pytest

from fixloop.messaging import optouts, services
from fixloop.messaging.models import InboundMessage, Message, OptOut
from fixloop.messaging.tasks import deliver_due
from fixloop.messaging.transports import twilio
from fixloop.messaging.transports.base import UNSUBSCRIBED, PermanentError, TransientError
from tests.factories import CustomerAccountFactory, WorkOrderFactory
from tests.messaging import sms_fixtures
from tests.messaging.sms_fixtures import AUTH_TOKEN, MOBILE, SENDER, SITE_URL
from tests.messaging.twilio_fake import HANG, post_callback, sign

pytestmark = pytest.mark.django_db
twilio_api = sms_fixtures.twilio_api
texting_customer = sms_fixtures.texting_customer

STATUS_PATH = "/hooks/twilio/status/"
INBOUND_PATH = "/hooks/twilio/inbound/"
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@dataclass
class Text:
    recipient: str
    body_text: str


def send(*texts: Text) -> list:
    """Send through one transport (one batch); each result is Accepted or the error raised."""
    transport = twilio.TwilioTransport()
    results = []
    transport.open()
    try:
        for text in texts:
            try:
                results.append(transport.send(text))
            except (TransientError, PermanentError) as error:
                results.append(error)
    finally:
        transport.close()
    return results


def queue_text(customer, message: str, **kwargs) -> Message:
    work_order = WorkOrderFactory(customer=customer)
    return services.queue_message(
        "workorder.message",
        channel="sms",
        customer=customer,
        work_order=work_order,
        context={"message": message},
        **kwargs,
    )


def callback(client, path: str, params: dict, **kwargs):
    return post_callback(client, path, params, site_url=SITE_URL, auth_token=AUTH_TOKEN, **kwargs)


@pytest.fixture
def sent_text(twilio_api, texting_customer) -> Message:
    """A text handed to (fake) Twilio: state sent, with Twilio's message id."""
    message = queue_text(texting_customer, "Your laptop is ready for pick-up.")
    deliver_due()
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    return message


# Sending


def test_a_text_goes_to_twilio_with_recipient_sender_body_and_status_callback(twilio_api):
    (accepted,) = send(Text(MOBILE, "Werkstatt Müller: your laptop is ready."))

    (request,) = twilio_api.requests
    assert request.authorized
    assert request.path == f"/2010-04-01/Accounts/{twilio_api.account_sid}/Messages.json"
    assert (request.to, request.sender, request.body) == (
        MOBILE,
        SENDER,
        "Werkstatt Müller: your laptop is ready.",
    )
    assert request.messaging_service_sid == ""
    assert request.status_callback == f"{SITE_URL}{STATUS_PATH}"
    assert accepted.provider_id == request.sid
    assert accepted.provider_id.startswith("SM")


def test_a_messaging_service_sid_is_sent_instead_of_a_from_number(twilio_api, settings):
    settings.TWILIO_FROM = "MG" + "a" * 32

    send(Text(MOBILE, "Hello"))

    (request,) = twilio_api.requests
    assert (request.messaging_service_sid, request.sender) == ("MG" + "a" * 32, "")


def test_one_connection_carries_a_whole_batch(twilio_api):
    results = send(*(Text(MOBILE, f"Text {n}") for n in range(3)))

    assert len({result.provider_id for result in results}) == 3
    assert len({request.client_port for request in twilio_api.requests}) == 1


@pytest.mark.parametrize(("code", "status"), [(20429, 429), (20500, 500)])
def test_a_busy_or_broken_twilio_is_a_transient_failure(twilio_api, code, status):
    twilio_api.fail_next(code)

    (error,) = send(Text(MOBILE, "Hello"))

    assert isinstance(error, TransientError)
    assert f"HTTP {status}" in str(error)


def test_the_next_text_goes_through_after_a_transient_failure(twilio_api):
    twilio_api.fail_next(20500)

    failed, accepted = send(Text(MOBILE, "First"), Text(MOBILE, "Second"))

    assert isinstance(failed, TransientError)
    assert accepted.provider_id == twilio_api.requests[1].sid


def test_an_invalid_number_is_a_permanent_failure_with_twilios_code_and_text(twilio_api):
    twilio_api.fail_next(21211)

    (error,) = send(Text("+4900000", "Hello"))

    assert isinstance(error, PermanentError)
    assert (
        str(error)
        == "Twilio refused the number (21211): The 'To' number +4900000 is not a valid phone number."
    )
    assert not OptOut.objects.exists()


def test_an_unsubscribed_recipient_is_a_permanent_failure_the_transport_classifies(twilio_api):
    twilio_api.fail_next(21610)

    (error,) = send(Text(MOBILE, "Hello"))

    assert isinstance(error, PermanentError)
    assert "(21610)" in str(error)
    assert error.code == UNSUBSCRIBED
    assert not OptOut.objects.exists()  # a transport writes nothing; delivery records the opt-out


def test_a_text_refused_as_unsubscribed_fails_and_the_number_is_opted_out_here(twilio_api, texting_customer):
    twilio_api.fail_next(21610)
    message = queue_text(texting_customer, "Hello")

    deliver_due()

    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    assert "(21610)" in message.state_reason
    assert optouts.is_opted_out("sms", MOBILE)


def test_wrong_credentials_make_messages_wait_until_the_settings_are_fixed(twilio_api, settings):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"

    (error,) = send(Text(MOBILE, "Hello"))

    assert isinstance(error, TransientError)
    assert str(error) == (
        "Twilio refused the account credentials (20003): Authenticate. "
        "Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN."
    )
    assert twilio_api.messages() == []


def test_a_refused_connection_is_a_transient_failure(twilio_api, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{closed_port}"

    with pytest.raises(TransientError, match="Could not reach Twilio"):
        twilio.TwilioTransport().open()


def test_a_silent_twilio_times_out_as_a_transient_failure_and_the_next_text_reconnects(
    twilio_api, monkeypatch
):
    monkeypatch.setattr(twilio, "TIMEOUT", 0.3)
    twilio_api.fail_next(HANG)

    timed_out, accepted = send(Text(MOBILE, "First"), Text(MOBILE, "Second"))

    assert isinstance(timed_out, TransientError)
    assert "did not answer" in str(timed_out)
    assert accepted.provider_id == twilio_api.messages()[0].sid


def test_no_text_is_sent_to_a_number_that_opted_out(twilio_api):
    optouts.opt_out("sms", MOBILE, "STOP")

    (error,) = send(Text(MOBILE, "Hello"))

    assert isinstance(error, PermanentError)
    assert "opted out" in str(error)
    assert twilio_api.requests == []


# Signatures


def test_the_signature_matches_twilios_published_example():
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
        "Caller": "+14158675309",
    }

    signature = twilio.signature("https://mycompany.com/myapp.php?foo=1&bar=2", params.items(), "12345")

    assert signature == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_the_signature_covers_every_value_of_a_repeated_parameter():
    params = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]

    signature = twilio.signature("https://mycompany.com/myapp.php?foo=1&bar=2", params, "12345")

    assert signature == "IK+Dwps556ElfBT0I3Rgjkr1wJU="


# Delivery reports


def test_a_signed_delivered_report_marks_the_text_delivered(client, sent_text):
    response = callback(
        client, STATUS_PATH, {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"}
    )

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.DELIVERED
    assert sent_text.delivered_at is not None


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("undelivered", "The text message was not delivered (30003): Unreachable destination handset."),
        ("failed", "Twilio could not send the text message (30003): Unreachable destination handset."),
    ],
)
def test_an_undelivered_report_bounces_the_text_with_the_error_code(client, sent_text, status, reason):
    response = callback(
        client,
        STATUS_PATH,
        {"MessageSid": sent_text.provider_id, "MessageStatus": status, "ErrorCode": "30003"},
    )

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.BOUNCED
    assert sent_text.state_reason == reason


def test_a_report_with_twilios_own_error_text_keeps_that_text(client, sent_text):
    callback(
        client,
        STATUS_PATH,
        {
            "MessageSid": sent_text.provider_id,
            "MessageStatus": "undelivered",
            "ErrorCode": "30005",
            "ErrorMessage": "Unknown destination handset",
        },
    )

    sent_text.refresh_from_db()
    assert (
        sent_text.state_reason == "The text message was not delivered (30005): Unknown destination handset."
    )


def test_an_unsubscribed_report_bounces_the_text_and_opts_the_number_out(client, sent_text):
    callback(
        client,
        STATUS_PATH,
        {"MessageSid": sent_text.provider_id, "MessageStatus": "failed", "ErrorCode": "21610"},
    )

    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.BOUNCED
    assert optouts.is_opted_out("sms", MOBILE)


@pytest.mark.parametrize("status", ["queued", "sending", "sent"])
def test_an_intermediate_report_changes_nothing(client, sent_text, status):
    response = callback(client, STATUS_PATH, {"MessageSid": sent_text.provider_id, "MessageStatus": status})

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.SENT


def test_a_late_delivered_report_does_not_undo_a_bounce(client, sent_text):
    callback(
        client,
        STATUS_PATH,
        {"MessageSid": sent_text.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30003"},
    )

    response = callback(
        client, STATUS_PATH, {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"}
    )

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.BOUNCED


def test_a_report_for_an_unknown_message_is_acknowledged_and_changes_nothing(client, sent_text, caplog):
    response = callback(client, STATUS_PATH, {"MessageSid": "SM" + "0" * 32, "MessageStatus": "delivered"})

    assert response.status_code == 204
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.SENT
    assert "unknown message" in caplog.text


@pytest.mark.parametrize("signature", ["", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "not base64 ÄÖ"])
def test_a_report_without_a_valid_signature_is_refused_and_changes_nothing(client, sent_text, signature):
    response = callback(
        client,
        STATUS_PATH,
        {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"},
        signature=signature,
    )

    assert response.status_code == 403
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.SENT


def test_a_report_signed_for_other_parameters_is_refused(client, sent_text):
    signed_for = {"MessageSid": sent_text.provider_id, "MessageStatus": "sent"}
    signature = sign(SITE_URL + STATUS_PATH, signed_for, AUTH_TOKEN)

    response = callback(
        client, STATUS_PATH, {**signed_for, "MessageStatus": "undelivered"}, signature=signature
    )

    assert response.status_code == 403
    sent_text.refresh_from_db()
    assert sent_text.state == Message.State.SENT


def test_a_report_signed_with_another_token_is_refused(client, sent_text):
    response = post_callback(
        client,
        STATUS_PATH,
        {"MessageSid": sent_text.provider_id, "MessageStatus": "delivered"},
        site_url=SITE_URL,
        auth_token="another-accounts-token",
    )

    assert response.status_code == 403


def test_the_webhooks_take_only_post(client, twilio_api):
    assert client.get(STATUS_PATH).status_code == 405
    assert client.get(INBOUND_PATH).status_code == 405


# Inbound texts


def inbound_text(client, body: str, sender: str = MOBILE, sid: str = "SM" + "1" * 32):
    return callback(
        client,
        INBOUND_PATH,
        {"From": sender, "To": SENDER, "Body": body, "MessageSid": sid, "NumSegments": "1"},
    )


def test_an_inbound_stop_opts_the_number_out_and_answers_with_empty_twiml(
    client, twilio_api, texting_customer
):
    response = inbound_text(client, "STOP")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert response.content == EMPTY_TWIML
    opt_out = OptOut.objects.get(channel="sms", address=MOBILE)
    assert (opt_out.active, opt_out.keyword) == (True, "STOP")
    received = InboundMessage.objects.get()
    assert (received.sender, received.body, received.keyword, received.customer) == (
        MOBILE,
        "STOP",
        "STOP",
        texting_customer,
    )


def test_after_stop_a_new_text_to_that_number_is_suppressed_with_the_reason(
    client, twilio_api, texting_customer
):
    inbound_text(client, "STOP")

    message = queue_text(texting_customer, "Your laptop is ready.")

    assert message.state == Message.State.SUPPRESSED
    assert "opted out (STOP)" in message.state_reason
    deliver_due()
    assert twilio_api.requests == []


@pytest.mark.parametrize(
    ("body", "keyword"),
    [
        (" stop! ", "STOP"),
        ("Stop", "STOP"),
        ("stopall", "STOPALL"),
        ("Unsubscribe.", "UNSUBSCRIBE"),
        ("cancel", "CANCEL"),
        ("END", "END"),
        ("quit", "QUIT"),
        ("Revoke", "REVOKE"),
        ("OPTOUT\n", "OPTOUT"),
    ],
)
def test_every_stop_keyword_opts_out_in_any_case_and_with_punctuation(client, twilio_api, body, keyword):
    inbound_text(client, body)

    assert OptOut.objects.get(channel="sms", address=MOBILE, active=True).keyword == keyword


@pytest.mark.parametrize("body", ["START", " unstop. "])
def test_start_lifts_the_opt_out_and_keeps_its_row(client, twilio_api, texting_customer, body):
    inbound_text(client, "STOP", sid="SM" + "1" * 32)

    inbound_text(client, body, sid="SM" + "2" * 32)

    opt_out = OptOut.objects.get(channel="sms", address=MOBILE)
    assert opt_out.active is False
    assert opt_out.keyword in {"START", "UNSTOP"}
    assert queue_text(texting_customer, "Your laptop is ready.").state == Message.State.QUEUED


def test_a_normal_reply_is_stored_without_changing_opt_outs(client, twilio_api, texting_customer):
    inbound_text(client, "Please stop by tomorrow, I'd like to ask about the repair.")

    received = InboundMessage.objects.get()
    assert received.body == "Please stop by tomorrow, I'd like to ask about the repair."
    assert (received.keyword, received.customer) == ("", texting_customer)
    assert not OptOut.objects.exists()


def test_a_reply_from_a_number_shared_by_two_customers_is_stored_without_a_customer(client, twilio_api, shop):
    CustomerAccountFactory(mobile=MOBILE)
    CustomerAccountFactory(mobile=MOBILE)

    inbound_text(client, "Thanks!")

    assert InboundMessage.objects.get().customer is None


def test_the_same_inbound_text_delivered_twice_is_stored_once(client, twilio_api):
    inbound_text(client, "Thanks!")
    inbound_text(client, "Thanks!")

    assert InboundMessage.objects.count() == 1


def test_an_unsigned_inbound_stop_is_refused_and_changes_nothing(client, twilio_api):
    response = callback(
        client, INBOUND_PATH, {"From": MOBILE, "Body": "STOP", "MessageSid": "SM" + "1" * 32}, signature=""
    )

    assert response.status_code == 403
    assert not InboundMessage.objects.exists()
    assert not OptOut.objects.exists()


# End to end


def test_a_queued_text_is_delivered_once_reported_delivered_and_never_sent_after_stop(
    client, twilio_api, texting_customer
):
    long_news = (
        "Your new battery has arrived; we will fit it tomorrow morning and call you once the laptop "
        "has passed its tests. You can pick it up from 2 pm at Hauptstrasse 1."
    )
    message = queue_text(texting_customer, long_news)

    deliver_due()
    deliver_due()

    (request,) = twilio_api.requests
    message.refresh_from_db()
    assert request.body == message.body_text
    assert 160 < len(message.body_text) <= 306
    assert (message.state, message.provider_id) == (Message.State.SENT, request.sid)
    assert (message.segments, message.encoding) == (2, "GSM-7")
    assert list(message.attempts.values_list("outcome", flat=True)) == ["sent"]

    callback(client, STATUS_PATH, {"MessageSid": request.sid, "MessageStatus": "delivered"})
    inbound_text(client, "Stop")
    later = queue_text(texting_customer, "Your laptop is ready.")
    deliver_due()

    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED
    assert later.state == Message.State.SUPPRESSED
    assert len(twilio_api.requests) == 1


def test_a_text_whose_number_opted_out_while_queued_is_not_sent(client, twilio_api, texting_customer):
    message = queue_text(texting_customer, "Your laptop is ready.")
    inbound_text(client, "STOP")

    deliver_due()

    message.refresh_from_db()
    assert message.state == Message.State.SUPPRESSED
    assert "opted out (STOP)" in message.state_reason
    assert not message.attempts.exists()
    assert twilio_api.requests == []


def test_a_transient_failure_is_retried_later_and_a_permanent_one_fails_with_the_reason(
    twilio_api, texting_customer
):
    twilio_api.fail_next(20429)
    busy = queue_text(texting_customer, "First")
    deliver_due()
    twilio_api.fail_next(21211)
    refused = queue_text(texting_customer, "Second")
    deliver_due()

    busy.refresh_from_db()
    refused.refresh_from_db()
    assert busy.state == Message.State.RETRYING
    assert "HTTP 429" in busy.last_error
    assert refused.state == Message.State.FAILED
    assert refused.state_reason.startswith("Twilio refused the number (21211):")
