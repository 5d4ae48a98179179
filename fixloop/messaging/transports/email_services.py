"""E-mail (and fax through an e-mail-to-fax gateway) through a transactional e-mail service's API
(Postmark, Mailgun, Amazon SES, SendGrid, Brevo) by django-anymail, chosen by EMAIL_URL's scheme
(config.email_provider_config). The message is composed as for SMTP; the service's answer is
classified as SMTP's is: HTTP 429, 5xx and no answer at all are worth retrying, any other refusal
(4xx, every recipient rejected) is permanent. The service's message id becomes the message's
provider_id, which its tracking webhooks (webhooks.py) name."""

import contextlib

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import get_connection

from fixloop.messaging.transports.base import Accepted, PermanentError, TransientError, Transport
from fixloop.messaging.transports.email import compose, fax_address

# The services' names as staff read them in error texts.
PROVIDER_NAMES = {
    "postmark": "Postmark",
    "mailgun": "Mailgun",
    "ses": "Amazon SES",
    "sendgrid": "SendGrid",
    "brevo": "Brevo",
}
ERROR_TEXT_MAX = 1000


def status_of(error: AnymailAPIError) -> int | None:
    """The HTTP status of the service's answer, or None when there was none (timeout, refused
    connection). Requests-based services carry it as status_code, boto3 (SES) in its response."""
    if error.status_code is not None:
        return error.status_code
    response = error.response
    if isinstance(response, dict):
        return response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return None


def classify(error: AnymailAPIError, provider: str) -> TransientError | PermanentError:
    status = status_of(error)
    name = PROVIDER_NAMES.get(provider, provider)
    text = " ".join(str(error).split())[:ERROR_TEXT_MAX]
    if status is None:
        return TransientError(f"{name} did not answer: {text}")
    if status == 429 or status >= 500:
        return TransientError(f"{name} refused the message for now (HTTP {status}): {text}")
    return PermanentError(f"{name} refused the message (HTTP {status}): {text}")


class EmailServiceTransport(Transport):
    channel = "email"

    def __init__(self):
        self.backend = None
        self.provider = settings.EMAIL_PROVIDER

    def address_for(self, message) -> str:
        return message.recipient

    def open(self) -> None:
        # No connection to hold: anymail opens an HTTP session (or a boto3 client) and keeps it
        # for the batch.
        self.backend = get_connection(settings.EMAIL_BACKEND, fail_silently=False)
        self.backend.open()

    def send(self, message) -> Accepted:
        if self.backend is None:
            self.open()
        email = compose(message, to=self.address_for(message))
        try:
            self.backend.send_messages([email])
        except AnymailRecipientsRefused as error:
            statuses = ", ".join(sorted(email.anymail_status.status or ())) if email.anymail_status else ""
            name = PROVIDER_NAMES.get(self.provider, self.provider)
            raise PermanentError(f"{name} refused the recipient ({statuses or error})") from error
        except AnymailAPIError as error:
            raise classify(error, self.provider) from error
        return Accepted(email.anymail_status.message_id or message.provider_id)

    def close(self) -> None:
        if self.backend is not None:
            with contextlib.suppress(Exception):  # closing must not hide the error that ended the batch
                self.backend.close()
            self.backend = None


class EmailServiceFaxTransport(EmailServiceTransport):
    """Faxes as e-mail to the gateway's address, sent through the e-mail service."""

    channel = "fax"

    def address_for(self, message) -> str:
        return fax_address(message)
