"""The bounce mailbox: delivery-status notifications for mail sent over plain SMTP, read over IMAP.

With BOUNCE_ADDRESS set, every e-mail's envelope sender is bounces+<message id>@domain, so a
bounce comes back to that mailbox naming its message (bounces.py reads it). `read_mailbox` goes
through the folder of BOUNCE_MAILBOX_URL and, for each mail in it:

- a bounce that names one of our messages is recorded on it (outcomes.record_outcome, source
  "dsn": bounced hard or soft, deferred, delivered) and moved to the folder PROCESSED_FOLDER;
- anything else (a bounce for a message we do not know, an auto-reply, spam) is moved to
  UNMATCHED_FOLDER, where staff can read it, and counted: it is not an error.

Each mail leaves the folder once read, so none is read twice; the DSN's own Message-ID is kept
on the event, so a mail read again after a crash before its move records nothing new.
"""

import contextlib
import imaplib
import logging
from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from fixloop.messaging import outcomes
from fixloop.messaging.bounces import DeliveryReport, parse
from fixloop.messaging.models import Channel, Message, MessageEvent

logger = logging.getLogger(__name__)

PROCESSED_FOLDER = "Fixloop-Processed"
UNMATCHED_FOLDER = "Fixloop-Unmatched"
SOURCE = "dsn"
# Mails read per call: a full mailbox is worked through over a few calls, none of them long.
BATCH = 200


class MailboxError(Exception):
    """The mailbox could not be reached or read; the text says why, for the log and the command."""


@dataclass
class Matched:
    message: Message
    report: DeliveryReport


def read_mailbox(mailbox: dict | None = None, *, limit: int = BATCH) -> dict:
    """Read the bounce mailbox (BOUNCE_MAILBOX when `mailbox` is None): {"matched": n,
    "unmatched": n}, and "failed": n for mails left in the folder because recording them failed
    (logged; tried again at the next read). Raises MailboxError when the mailbox cannot be reached
    or read."""
    mailbox = settings.BOUNCE_MAILBOX if mailbox is None else mailbox
    if not mailbox:
        return {}
    counts = Counter(matched=0, unmatched=0)
    try:
        imap = _connect(mailbox)
        try:
            _read_folder(imap, mailbox["folder"], limit, counts)
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                imap.logout()
    except (imaplib.IMAP4.error, OSError) as error:
        raise MailboxError(
            f"Cannot read the bounce mailbox {mailbox['host']}:{mailbox['port']}/{mailbox['folder']}: {error}"
        ) from error
    if counts["unmatched"]:
        logger.info(
            "%s mail(s) in the bounce mailbox matched no message; kept in %s",
            counts["unmatched"],
            UNMATCHED_FOLDER,
        )
    return dict(counts)


def _connect(mailbox: dict) -> imaplib.IMAP4:
    timeout = settings.EMAIL_TIMEOUT
    if mailbox["ssl"]:
        imap = imaplib.IMAP4_SSL(mailbox["host"], mailbox["port"], timeout=timeout)
    else:
        imap = imaplib.IMAP4(mailbox["host"], mailbox["port"], timeout=timeout)
    imap.login(mailbox["user"], mailbox["password"])
    return imap


def _check(response) -> list:
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace"))
    return data


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _read_folder(imap: imaplib.IMAP4, folder: str, limit: int, counts: Counter) -> None:
    _check(imap.select(_quoted(folder)))
    for name in (PROCESSED_FOLDER, UNMATCHED_FOLDER):
        imap.create(_quoted(name))  # "already exists" is fine
    can_move = "MOVE" in _capabilities(imap)
    uids = _check(imap.uid("SEARCH", None, "UNDELETED"))[0].split()[:limit]
    for uid in uids:
        fetched = _check(imap.uid("FETCH", uid, "(BODY.PEEK[])"))
        raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
        if raw is None:
            continue  # gone meanwhile (another reader moved it)
        try:
            matched = record(raw)
        except Exception:  # one mail that cannot be recorded must not hold up the others
            logger.exception("Bounce mail %s could not be recorded; it stays in %s", uid.decode(), folder)
            counts["failed"] += 1
            continue
        counts["matched" if matched else "unmatched"] += 1
        _move(imap, uid, PROCESSED_FOLDER if matched else UNMATCHED_FOLDER, can_move)
    if not can_move and uids:
        imap.expunge()


def _capabilities(imap: imaplib.IMAP4) -> set[str]:
    data = _check(imap.capability())
    return set(data[0].decode().upper().split()) if data and data[0] else set()


def _move(imap: imaplib.IMAP4, uid: bytes, folder: str, can_move: bool) -> None:
    if can_move:
        _check(imap.uid("MOVE", uid, _quoted(folder)))
    else:  # servers without RFC 6851: copy, then mark for deletion (expunged after the batch)
        _check(imap.uid("COPY", uid, _quoted(folder)))
        _check(imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"))


def record(raw: bytes) -> Matched | None:
    """Record one mail of the bounce mailbox on the message it is about; None when it is no
    bounce or names no message of ours."""
    report = parse(raw)
    if not report.found:
        return None
    message = match(report)
    if message is None:
        return None
    dsn_id = report.dsn_id
    if dsn_id and MessageEvent.objects.filter(message=message, source=SOURCE, raw__dsn=dsn_id).exists():
        return Matched(message, report)  # read before, its move did not happen
    outcomes.record_outcome(
        message,
        report.outcome,
        reason=report.reason,
        hard=report.hard,
        source=SOURCE,
        raw={
            "dsn": dsn_id,
            "action": report.action,
            "status": report.status,
            "recipient": report.recipient,
            "diagnostic": report.diagnostic[:2000],
        },
    )
    return Matched(message, report)


def match(report: DeliveryReport) -> Message | None:
    """The message a bounce is about: by its VERP address, else by the returned Message-ID."""
    e_mail = (Channel.EMAIL, Channel.FAX)  # faxes go out as e-mail to the gateway
    if report.message_pk is not None:
        found = Message.objects.filter(pk=report.message_pk, channel__in=e_mail).first()
        if found is not None:
            return found
    if report.message_ids:
        return (
            Message.objects.filter(provider_id__in=report.message_ids[:5], channel__in=e_mail)
            .order_by("-pk")
            .first()
        )
    return None
