"""Reading bounces as real mail servers write them (tests/messaging/dsn/): which message, what
happened, the status and the remote server's words, hard or soft."""

from pathlib import Path

import pytest

from fixloop.messaging.bounces import parse

DSN = Path(__file__).parent / "dsn"


def read(name: str):
    return parse((DSN / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "message_pk", "message_id", "recipient", "action", "status", "words", "hard", "standard"),
    [
        (
            "postfix-user-unknown.eml",
            4711,
            "<176501610012.4711.1234567890@werkstatt.example>",
            "anna@example.com",
            "failed",
            "5.1.1",
            "User unknown in virtual mailbox table",
            True,
            True,
        ),
        (
            "exim-mailbox-disabled.eml",
            4712,
            "<176501641201.4712.2233445566@werkstatt.example>",
            "ben@example.org",
            "failed",
            "5.2.1",
            "The email account that you tried to reach is disabled.",
            True,
            False,
        ),
        (
            "gmail-failure.eml",
            None,
            "<176501673801.4713.3344556677@werkstatt.example>",
            "carla.nowak.1987@gmail.example",
            "failed",
            "5.1.1",
            "The email account that you tried to reach does not exist.",
            True,
            False,
        ),
        (
            "exchange-recipient-not-found.eml",
            4714,
            "<176501702101.4714.4455667788@werkstatt.example>",
            "dieter.kraus@contoso.example",
            "failed",
            "5.1.10",
            "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            True,
            True,
        ),
        (
            "qmail-no-mailbox.eml",
            4715,
            "<176501730501.4715.5566778899@werkstatt.example>",
            "eva.fischer@example.net",
            "failed",
            "5.1.1",
            "Sorry, no mailbox here by that name. (#5.1.1)",
            True,
            False,
        ),
        (
            "postfix-delayed.eml",
            4716,
            "<176501760101.4716.6677889900@werkstatt.example>",
            "felix@slow.example.org",
            "delayed",
            "4.4.1",
            "connect to mx.slow.example.org[198.51.100.25]:25: Connection timed out",
            None,
            True,
        ),
        (
            "sendmail-unknown-message.eml",
            None,
            "<202612060945.4B6ADo1x012397@newsletter.other.example>",
            "gustav@example.com",
            "failed",
            "5.7.1",
            "550 5.7.1 Message rejected as spam by Content Filtering.",
            True,
            True,
        ),
    ],
)
def test_each_servers_bounce_is_read(
    name, message_pk, message_id, recipient, action, status, words, hard, standard
):
    report = read(name)
    assert report.found
    assert report.message_pk == message_pk
    assert message_id in report.message_ids
    assert report.recipient == recipient
    assert report.action == action
    assert report.status == status
    assert words in report.reason
    assert report.reason.startswith(status) or status in report.reason
    assert report.hard is hard
    assert report.is_report is standard


def test_a_delay_is_deferred_and_a_failure_bounced():
    assert read("postfix-delayed.eml").outcome == "deferred"
    assert read("postfix-user-unknown.eml").outcome == "bounced"


def test_a_failure_with_a_4xx_status_is_a_soft_bounce():
    raw = (DSN / "postfix-user-unknown.eml").read_bytes().replace(b"Status: 5.1.1", b"Status: 4.2.2")
    report = parse(raw)
    assert (report.action, report.status, report.hard) == ("failed", "4.2.2", False)


def test_a_successful_delivery_report_is_delivered():
    raw = (DSN / "postfix-delayed.eml").read_bytes().replace(b"Action: delayed", b"Action: relayed")
    raw = raw.replace(b"Status: 4.4.1", b"Status: 2.0.0")
    report = parse(raw)
    assert (report.outcome, report.hard) == ("delivered", None)


def test_a_mail_that_is_no_bounce_is_not_found():
    report = parse(
        b"From: anna@example.com\r\nTo: bounces+4711@werkstatt.example\r\nSubject: Thanks!\r\n\r\n"
        b"Thank you for the quick repair.\r\n"
    )
    assert not report.found
    assert report.message_pk == 4711


def test_garbage_is_no_bounce_and_no_error():
    assert not parse(b"\x00\xff\xfe not a mail at all").found
