"""E-mail through SMTP (Django's backend, one connection per batch) and fax through an
e-mail-to-fax gateway. Error texts are stored and shown to staff as written (not translated)."""

import contextlib
import io
import re
import secrets
import smtplib
import types
from email.generator import BytesGenerator

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from fixloop.messaging.kinds import KINDS
from fixloop.messaging.transports.base import Accepted, PermanentError, TransientError, Transport

_NEWLINE = re.compile(r"\r\n|\r|\n")
_PLAIN_HEADER = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")  # printable ASCII words, single spaces


class _Generator(BytesGenerator):
    """The stdlib's generator, with the same bytes in a third of the time, which a run of status
    reports spends in every e-mail: a part's lines go out in one write, not two per line (a
    report's PDF is some 300 lines of base64), and a short plain header is written as it is, which
    is what folding it would give (tests/messaging/test_email_bytes.py)."""

    def _write_headers(self, msg):
        for name, value in msg.raw_items():
            if isinstance(value, str) and len(name) + len(value) < 76 and _PLAIN_HEADER.fullmatch(value):
                self.write(f"{name}: {value}{self._NL}")
            else:
                self._fp.write(self.policy.fold_binary(name, value))
        self.write(self._NL)

    def _write_lines(self, lines):
        if "\r" in lines:
            self.write(self._NL.join(_NEWLINE.split(lines)))
        elif lines:
            self.write(lines.replace("\n", self._NL))


def email_bytes(mime, unixfrom=False, linesep="\n") -> bytes:
    """The bytes of a MIME message as the faster generator writes them (the same as the stdlib's)."""
    out = io.BytesIO()
    _Generator(out, mangle_from_=False).flatten(mime, unixfrom=unixfrom, linesep=linesep)
    return out.getvalue()


class FastEmail(EmailMultiAlternatives):
    """An e-mail whose MIME message is written with a fixed random boundary and the faster generator."""

    def message(self):
        mime = super().message()
        # Left without a boundary, the stdlib's generator makes one up and searches the whole
        # message for it with a freshly compiled regex: a quarter of composing a report with its
        # PDF. A 128-bit random boundary cannot turn up in the parts by chance.
        for part in mime.walk():
            if part.is_multipart():
                part.set_boundary(f"=_{secrets.token_hex(16)}")
        # Django's SMTP backend sends mime.as_bytes(): this message's is the faster generator's.
        mime.as_bytes = types.MethodType(email_bytes, mime)
        return mime


def verp_address(message_id: int) -> str:
    """The envelope sender of a message with BOUNCE_ADDRESS set: bounces+<id>@domain, so the bounce
    names the message it is about whatever the remote server writes in it; "" when unset."""
    if not settings.BOUNCE_ADDRESS:
        return ""
    local, _at, domain = settings.BOUNCE_ADDRESS.rpartition("@")
    return f"{local}+{message_id}@{domain}"


def compose(message, *, to: str, envelope_sender: str = "") -> EmailMultiAlternatives:
    """The e-mail for a message: text and HTML, its attachments, a Message-ID that stays the same
    across attempts, and headers that keep auto-responders quiet. `envelope_sender` (SMTP's VERP
    address): Django's SMTP backend sends from_email as MAIL FROM, so from_email becomes it and the
    From header stays the shop's."""
    headers = {
        "Message-ID": message.provider_id,
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    if message.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    elif message.kind in KINDS and KINDS[message.kind].periodic:
        address = message.reply_to or settings.DEFAULT_FROM_EMAIL
        headers["List-Unsubscribe"] = f"<mailto:{address.split('<')[-1].rstrip('>')}?subject=unsubscribe>"
    if envelope_sender:
        headers["From"] = settings.DEFAULT_FROM_EMAIL
    email = FastEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=envelope_sender or settings.DEFAULT_FROM_EMAIL,
        to=[to],
        # Answers go to the region's service desk, else to the shop's own address, never to VERP.
        reply_to=[message.reply_to or settings.DEFAULT_FROM_EMAIL],
        headers=headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return email


def _reply(code: int, text) -> str:
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"


class SmtpTransport(Transport):
    channel = "email"

    def __init__(self):
        self.backend = None

    def address_for(self, message) -> str:
        return message.recipient

    def open(self) -> None:
        self.backend = get_connection("django.core.mail.backends.smtp.EmailBackend", fail_silently=False)
        try:
            self.backend.open()
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise TransientError(
                f"Cannot connect to the mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT}: {error}"
            ) from error

    def send(self, message) -> Accepted:
        if self.backend is None or self.backend.connection is None:
            self.open()
        email = compose(message, to=self.address_for(message), envelope_sender=verp_address(message.pk))
        try:
            self.backend.send_messages([email])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise self._classified(code, text, "The mail server refused the recipient") from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise self._classified(
                error.smtp_code, error.smtp_error, "The mail server refused the message"
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            # The connection is gone (disconnect, timeout, reset): reconnect for the next message.
            self.close()
            raise TransientError(f"Lost the connection to the mail server: {error}") from error
        return Accepted(message.provider_id)

    @staticmethod
    def _classified(code: int, text, what: str) -> Exception:
        reply = _reply(code, text)
        if 400 <= code < 500:
            return TransientError(f"{what} for now: {reply}")
        return PermanentError(f"{what}: {reply}")

    def close(self) -> None:
        if self.backend is not None:
            # Closing a broken connection must not hide the error that broke it.
            with contextlib.suppress(Exception):
                self.backend.close()
            self.backend = None


def fax_address(message) -> str:
    """The gateway's e-mail address for a fax's number: {number}@gateway, as fax providers accept."""
    return settings.FAX_GATEWAY.format(number=message.recipient.lstrip("+"))


class FaxGatewayTransport(SmtpTransport):
    """Faxes go as e-mail to the gateway with the PDF attached."""

    channel = "fax"

    def address_for(self, message) -> str:
        return fax_address(message)
