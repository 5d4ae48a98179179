"""Reading delivery-status notifications (bounces) as mail servers write them: no database, no I/O.

`parse(raw)` reads a standard RFC 3464 report (multipart/report; report-type=delivery-status, as
Postfix, Exchange/Outlook, Gmail and Sendmail write) and the plain-text bounces some servers still
send (Exim, qmail, older Gmail), and says which of our messages it is about and what happened:

- the message: the id in the VERP address the bounce was sent to (bounces+<id>@…, see
  transports/email.py: verp_address), else the Message-ID of the returned original;
- the action (failed, delayed, delivered), the enhanced status code (RFC 3463) and the remote
  server's words; a 5.x.x status is a hard (permanent) bounce, 4.x.x a soft one.
"""

import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

# Where a bounce names the address it was sent to: the envelope's recipient as the receiving
# server recorded it, then the headers.
_ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To")
_VERP = re.compile(r"^[^@+\s]+\+(\d{1,18})@", re.ASCII)
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_REPLY = re.compile(r"\b([245]\d\d)[ -]")
_CONTINUED_REPLY = re.compile(r"^[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\s+)?")
_MESSAGE_ID = re.compile(r"^Message-ID:[ \t]*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")

# Words that mark a plain-text bounce's kind when it carries no status code, as the common servers
# write them (Exim's "permanent error", qmail's "Sorry", Gmail's "failed permanently").
_PERMANENT_WORDS = ("permanent", "failed permanently", "sorry, no mailbox", "does not exist", "user unknown")
_DELAY_WORDS = ("delayed", "will retry", "still being retried", "temporary", "not yet been delivered")
# The line a plain-text bounce starts the returned original with.
_ORIGINAL_MARKERS = (
    "------ This is a copy of the message",  # Exim
    "--- Below this line is a copy of the message.",  # qmail
    "----- Original message -----",  # Gmail
    "Original message headers:",  # Exchange
)


@dataclass
class DeliveryReport:
    """What one bounce says about one of our messages."""

    message_pk: int | None = None  # from the VERP address
    message_ids: list[str] = field(default_factory=list)  # Message-IDs of the returned original
    recipient: str = ""
    action: str = (
        ""  # "failed", "delayed", "delivered" (RFC 3464 §2.3.3; relayed/expanded count as delivered)
    )
    status: str = ""  # e.g. "5.1.1"
    diagnostic: str = ""
    is_report: bool = False  # a standard multipart/report (else read from the text)
    dsn_id: str = ""  # the bounce's own Message-ID

    @property
    def hard(self) -> bool | None:
        """True for a permanent failure, False for a temporary one, None when not a failure."""
        if self.action != "failed":
            return None
        return not self.status.startswith("4")

    @property
    def outcome(self) -> str:
        """What record_outcome is told: bounced, deferred or delivered."""
        return {"failed": "bounced", "delayed": "deferred"}.get(self.action, "delivered")

    @property
    def reason(self) -> str:
        """The reason as staff read it: the status and the remote server's own words."""
        text = " ".join(self.diagnostic.split())
        if self.status and self.status not in text:
            text = f"{self.status} {text}".strip()
        return text

    @property
    def found(self) -> bool:
        """Whether this is a bounce at all (an action could be told)."""
        return bool(self.action)


def parse(raw: bytes) -> DeliveryReport:
    """The report a bounce carries; `found` is False when it is not a bounce (e.g. an out-of-office)."""
    mail = message_from_bytes(raw, policy=policy.default)
    report = DeliveryReport(message_pk=_verp_id(mail), dsn_id=str(mail.get("Message-ID", "")).strip()[:200])
    if mail.get_content_type() == "multipart/report":
        _read_report(mail, report)
    if not report.action:
        _read_text(mail, report)
    if report.action and not report.status:
        report.status = _status_from_text(report.diagnostic, report.action)
    return report


def _verp_id(mail: EmailMessage) -> int | None:
    for name in _ADDRESS_HEADERS:
        for _name, address in getaddresses(mail.get_all(name, [])):
            if found := _VERP.match(address):
                return int(found.group(1))
    return None


def _read_report(mail: EmailMessage, report: DeliveryReport) -> None:
    """RFC 3464: the per-recipient fields of the message/delivery-status part, and the returned
    original (message/rfc822 or text/rfc822-headers)."""
    for part in mail.walk():
        content_type = part.get_content_type()
        if content_type in ("message/delivery-status", "message/global-delivery-status"):
            _read_status_fields(part, report)
        elif content_type in ("message/rfc822", "message/global", "text/rfc822-headers"):
            report.message_ids += _message_ids(_payload_text(part))


def _read_status_fields(part: EmailMessage, report: DeliveryReport) -> None:
    """The first recipient's fields (we send to one recipient per message)."""
    blocks = part.get_payload()
    if isinstance(blocks, list):  # the stdlib parses the groups of fields as header blocks
        groups = [dict((k.lower(), str(v)) for k, v in block.items()) for block in blocks]
    else:
        groups = [_fields(text) for text in re.split(r"\n\s*\n", str(blocks))]
    for fields in groups[1:] or groups:
        action = fields.get("action", "").strip().lower()
        if not action:
            continue
        report.is_report = True
        report.action = "delivered" if action in ("relayed", "expanded") else action
        status = _STATUS.search(fields.get("status", ""))
        report.status = status.group(0) if status else ""
        report.recipient = _address(fields.get("final-recipient") or fields.get("original-recipient", ""))
        diagnostic = fields.get("diagnostic-code", "")
        report.diagnostic = diagnostic.split(";", 1)[-1].strip() if ";" in diagnostic else diagnostic.strip()
        return


def _fields(text: str) -> dict:
    fields, name = {}, ""
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and name:
            fields[name] += " " + line.strip()
        elif ":" in line:
            name, _colon, value = line.partition(":")
            name = name.strip().lower()
            fields[name] = value.strip()
    return fields


def _address(value: str) -> str:
    """The address of an RFC 3464 recipient field ("rfc822; anna@example.com")."""
    return value.split(";", 1)[-1].strip().strip("<>")


def _read_text(mail: EmailMessage, report: DeliveryReport) -> None:
    """A plain-text bounce: the action from its words, the status and diagnostic from the lines
    that give the remote server's answer, and the returned original's Message-ID."""
    text = _body_text(mail)
    before, original = _split_original(text)
    subject = str(mail.get("Subject", ""))
    words = f"{subject}\n{before}".lower()
    failed_header = mail.get("X-Failed-Recipients")
    if any(word in words for word in _DELAY_WORDS) and not any(w in words for w in _PERMANENT_WORDS):
        report.action = "delayed"
    elif failed_header or any(word in words for word in (*_PERMANENT_WORDS, "undeliverable", "failure")):
        report.action = "failed"
    else:
        return
    report.recipient = str(failed_header or "").strip() or _first_address(before, mail)
    report.diagnostic = _diagnostic(before)
    report.message_ids += _message_ids(original)


def _body_text(mail: EmailMessage) -> str:
    """The readable text of a bounce: its first text/plain part and any returned original."""
    texts = []
    for part in mail.walk():
        content_type = part.get_content_type()
        if content_type == "text/plain" and not texts:
            texts.append(_payload_text(part))
        elif content_type in ("message/rfc822", "text/rfc822-headers"):
            texts.append("------ This is a copy of the message\n" + _payload_text(part))
    return "\n".join(texts).replace("\r\n", "\n")


def _payload_text(part: EmailMessage) -> str:
    if part.is_multipart() or part.get_content_type() in ("message/rfc822", "message/global"):
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_string() if hasattr(inner, "as_string") else str(inner)
    try:
        return part.get_content()
    except (LookupError, ValueError):  # an unknown charset: read what can be read
        return part.get_payload(decode=True).decode("utf-8", errors="replace")


def _split_original(text: str) -> tuple[str, str]:
    for marker in _ORIGINAL_MARKERS:
        if marker in text:
            before, _marker, after = text.partition(marker)
            return before, after
    return text, ""


def _message_ids(text: str) -> list[str]:
    return _MESSAGE_ID.findall(text)


def _first_address(text: str, mail: EmailMessage) -> str:
    ours = {address.lower() for _name, address in getaddresses(mail.get_all("To", []))}
    for found in _EMAIL.findall(text):
        if found.lower() not in ours and not found.lower().startswith(("mailer-daemon@", "postmaster@")):
            return found
    return ""


def _diagnostic(text: str) -> str:
    """The remote server's answer in a plain-text bounce: the first line with an SMTP reply or an
    enhanced status code, with the lines that continue it."""
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if _STATUS.search(line) or _SMTP_REPLY.search(line):
            answer = [line]
            for following in lines[index + 1 : index + 4]:
                if not following:
                    break
                answer.append(_CONTINUED_REPLY.sub("", following))  # "550-5.1.1 more words"
            return " ".join(answer)[:2000]
    meaningful = [line for line in lines if line and not line.lower().startswith(("hi.", "this message"))]
    return " ".join(meaningful[:3])[:2000]


def _status_from_text(text: str, action: str) -> str:
    if found := _STATUS.search(text):
        return found.group(0)
    if found := _SMTP_REPLY.search(text):  # only a basic reply code: 550 → 5.0.0
        return f"{found.group(1)[0]}.0.0"
    return "4.0.0" if action == "delayed" else "5.0.0" if action == "failed" else "2.0.0"
