"""The bounce mailbox read over IMAP from a real dovecot on loopback: each real-world bounce
(tests/messaging/dsn/) is recorded on the message it is about, the one that matches no message is
kept aside and counted, and nothing is read twice."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fixloop.messaging import services, suppressions
from fixloop.messaging.bounce_mailbox import PROCESSED_FOLDER, UNMATCHED_FOLDER, read_mailbox
from fixloop.messaging.models import Message, MessageEvent
from fixloop.messaging.tasks import deliver_due
from tests.messaging.imap_server import DOVECOT, Dovecot

DSN = Path(__file__).parent / "dsn"
# Each sample, the message number and Message-ID written in it, and what it says became of the
# message: state, hard, and words of the remote server's reason.
SAMPLES = {
    "postfix-user-unknown.eml": (4711, "bounced", True, "User unknown in virtual mailbox table"),
    "exim-mailbox-disabled.eml": (
        4712,
        "bounced",
        True,
        "The email account that you tried to reach is disabled",
    ),
    "gmail-failure.eml": (4713, "bounced", True, "does not exist"),
    "exchange-recipient-not-found.eml": (4714, "bounced", True, "RESOLVER.ADR.RecipientNotFound"),
    "qmail-no-mailbox.eml": (4715, "bounced", True, "Sorry, no mailbox here by that name"),
    "postfix-delayed.eml": (4716, "deferred", None, "Connection timed out"),
}
UNMATCHED = "sendmail-unknown-message.eml"

pytestmark = [
    pytest.mark.once,
    pytest.mark.skipif(DOVECOT is None, reason="dovecot is not installed (apt-get install dovecot-imapd)"),
]


@pytest.fixture
def dovecot(settings):
    server = Dovecot().start()
    settings.BOUNCE_MAILBOX = server.mailbox
    yield server
    server.stop()


def sent_message(to: str) -> Message:
    return services.queue_message("workorder.message", channel="email", to=to, context={"message": "Ready."})


def bounce_for(name: str, message: Message, number: int) -> bytes:
    """The sample, as if the message it is about were `message`: its VERP address and Message-ID."""
    raw = (DSN / name).read_bytes()
    raw = raw.replace(f"bounces+{number}@".encode(), f"bounces+{message.pk}@".encode())
    return re.sub(rb"<\d+\.%d\.\d+@werkstatt\.example>" % number, message.provider_id.encode(), raw)


@pytest.fixture
def bounced(db, smtp_server, settings, dovecot):
    """The six messages the samples are about, sent over SMTP with VERP, and their bounces (plus one
    for a message Fixloop never sent) in the bounce mailbox."""
    settings.BOUNCE_ADDRESS = "bounces@werkstatt.example"
    recipients = {
        "postfix-user-unknown.eml": "anna@example.com",
        "exim-mailbox-disabled.eml": "ben@example.org",
        "gmail-failure.eml": "carla.nowak.1987@gmail.example",
        "exchange-recipient-not-found.eml": "dieter.kraus@contoso.example",
        "qmail-no-mailbox.eml": "eva.fischer@example.net",
        "postfix-delayed.eml": "felix@slow.example.org",
    }
    messages = {name: sent_message(to) for name, to in recipients.items()}
    assert deliver_due() == {"sent": 6}
    envelope = {received.rcpt_tos[0]: received.mail_from for received in smtp_server.received}
    for name, message in messages.items():
        assert envelope[message.recipient] == f"bounces+{message.pk}@werkstatt.example"
        dovecot.append(bounce_for(name, message, SAMPLES[name][0]))
    dovecot.append((DSN / UNMATCHED).read_bytes())
    return messages


def test_each_bounce_is_recorded_on_its_message_and_the_unmatched_one_kept_aside(bounced, dovecot):
    out = io.StringIO()
    call_command("read_bounces", stdout=out)
    assert "6 bounce(s) recorded" in out.getvalue() and "1 mail(s) matched no message" in out.getvalue()

    for name, message in bounced.items():
        _number, state, hard, words = SAMPLES[name]
        message.refresh_from_db()
        assert message.state == state, name
        assert words in message.state_reason, name
        [event] = message.events.all()
        assert (event.kind, event.hard, event.source) == (state, hard, "dsn"), name
        assert words in event.reason
        # A hard bounce stops mail to the address; a delay does not.
        assert (suppressions.reason_for("email", message.recipient) is not None) is bool(hard), name

    assert dovecot.count("INBOX") == 0
    assert dovecot.count(PROCESSED_FOLDER) == 6
    assert dovecot.subjects(UNMATCHED_FOLDER) == ["Returned mail: see transcript for details"]


def test_a_mailbox_read_again_records_nothing_twice(bounced, dovecot):
    assert read_mailbox() == {"matched": 6, "unmatched": 1}
    assert read_mailbox() == {"matched": 0, "unmatched": 0}
    # A bounce read before, whose move was lost (a crash), comes back: it is moved, not recorded again.
    message = bounced["postfix-user-unknown.eml"]
    dovecot.append(bounce_for("postfix-user-unknown.eml", message, 4711))
    assert read_mailbox() == {"matched": 1, "unmatched": 0}
    assert MessageEvent.objects.filter(message=message).count() == 1
    assert MessageEvent.objects.count() == 6
    assert dovecot.count("INBOX") == 0


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_worker_reads_the_bounce_mailbox_by_itself(bounced, dovecot):
    call_command("worker", "--burst", verbosity=0, stdout=io.StringIO())
    message = bounced["qmail-no-mailbox.eml"]
    message.refresh_from_db()
    assert message.state == "bounced"
    assert dovecot.count("INBOX") == 0


def test_a_mailbox_that_cannot_be_reached_is_a_clear_error_and_changes_nothing(bounced, dovecot, settings):
    settings.BOUNCE_MAILBOX = {**dovecot.mailbox, "password": "wrong"}
    with pytest.raises(CommandError, match=rf"Cannot read the bounce mailbox 127.0.0.1:{dovecot.port}/INBOX"):
        call_command("read_bounces")
    assert not MessageEvent.objects.exists()
    assert dovecot.count("INBOX") == 7


def test_without_a_bounce_mailbox_the_command_says_what_to_set(settings):
    settings.BOUNCE_MAILBOX = {}
    with pytest.raises(CommandError, match="BOUNCE_MAILBOX_URL"):
        call_command("read_bounces")


def test_a_bounce_that_cannot_be_recorded_stays_and_the_others_are_read(bounced, dovecot, monkeypatch):
    from fixloop.messaging import outcomes

    broken = bounced["exim-mailbox-disabled.eml"]
    record_outcome = outcomes.record_outcome

    def record_or_break(message, *args, **kwargs):
        if message.pk == broken.pk:
            raise KeyError("a bug in recording")
        return record_outcome(message, *args, **kwargs)

    monkeypatch.setattr(outcomes, "record_outcome", record_or_break)
    assert read_mailbox() == {"matched": 5, "unmatched": 1, "failed": 1}
    assert dovecot.subjects("INBOX") == ["Mail delivery failed: returning message to sender"]
    monkeypatch.setattr(outcomes, "record_outcome", record_outcome)
    assert read_mailbox() == {"matched": 1, "unmatched": 0}
    broken.refresh_from_db()
    assert broken.state == "bounced"
