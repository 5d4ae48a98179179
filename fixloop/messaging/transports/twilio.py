"""Text messages through Twilio's REST API (the Messages resource, API version 2010-04-01).

One keep-alive connection carries a whole batch. TWILIO_API_BASE points it elsewhere (tests use
a local server that speaks the same API).
"""

import base64
import hashlib
import hmac
import http.client
import json
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse

from fixloop.messaging.models import Channel
from fixloop.messaging.optouts import is_opted_out
from fixloop.messaging.transports.base import (
    UNSUBSCRIBED,
    Accepted,
    PermanentError,
    TransientError,
    Transport,
)

TIMEOUT = 10  # seconds, for connecting and for each answer

# Twilio's error code for a number that texted a stop keyword to our sender (in a refusal and in a
# delivery report alike).
TWILIO_UNSUBSCRIBED = 21610
# What a refusal means, in front of Twilio's own text; anything else is "refused the message".
REFUSALS = {
    21211: "Twilio refused the number",
    21614: "Twilio refused the number",
    TWILIO_UNSUBSCRIBED: "The recipient has unsubscribed from text messages",
    21408: "Twilio may not send text messages to this country",
}


class TwilioTransport(Transport):
    channel = Channel.SMS

    def __init__(self) -> None:
        base = urlsplit(settings.TWILIO_API_BASE)
        self.https = base.scheme == "https"
        self.host = base.netloc
        self.path = f"{base.path.rstrip('/')}/2010-04-01/Accounts/{settings.TWILIO_ACCOUNT_SID}/Messages.json"
        credentials = f"{settings.TWILIO_ACCOUNT_SID}:{settings.TWILIO_AUTH_TOKEN}".encode()
        self.headers = {
            "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii"),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        sender = settings.TWILIO_FROM
        self.sender_field = {"MessagingServiceSid" if sender.startswith("MG") else "From": sender}
        self.status_callback = settings.SITE_URL + reverse("messaging:twilio_status")
        self.connection: http.client.HTTPConnection | None = None

    def open(self) -> None:
        connection_class = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        self.connection = connection_class(self.host, timeout=TIMEOUT)
        try:
            self.connection.connect()
        except OSError as error:
            self.close()
            raise TransientError(f"Could not reach Twilio at {self.host}: {error}") from error

    def send(self, message) -> Accepted:
        # The last guard (a look-up, no write): a STOP may have arrived after the message was queued.
        if is_opted_out(Channel.SMS, message.recipient):
            raise PermanentError(f"{message.recipient} has opted out of text messages.")
        if self.connection is None:
            self.open()
        fields = {"To": message.recipient, **self.sender_field, "Body": message.body_text}
        fields["StatusCallback"] = self.status_callback
        try:
            self.connection.request("POST", self.path, body=urlencode(fields), headers=self.headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            # The connection is in an unknown state; http.client opens a fresh one for the next send.
            self.connection.close()
            raise TransientError(
                f"Twilio at {self.host} did not answer: {error or type(error).__name__}"
            ) from error
        return self._outcome(message, response.status, response.reason, _json(payload))

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _outcome(self, message, status: int, reason: str, answer: dict) -> Accepted:
        if 200 <= status < 300:
            if not answer.get("sid"):
                # Possibly sent: retrying could text the customer twice.
                raise PermanentError(
                    f"Twilio accepted the message (HTTP {status}) but returned no message id."
                )
            return Accepted(provider_id=answer["sid"])
        code, text = answer.get("code"), answer.get("message") or reason
        if status == 429 or status >= 500:
            raise TransientError(f"Twilio cannot take the message now (HTTP {status}): {text}")
        if status == 401 or code == 20003:
            # A settings mistake, not the message's fault: it waits (and retries) until it is fixed.
            raise TransientError(
                f"Twilio refused the account credentials ({code or status}): {text}. "
                "Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN."
            )
        lead_in = REFUSALS.get(code, "Twilio refused the message")
        raise PermanentError(
            f"{lead_in} ({code or f'HTTP {status}'}): {text}",
            code=UNSUBSCRIBED if code == TWILIO_UNSUBSCRIBED else "",
        )


def _json(payload: bytes) -> dict:
    try:
        answer = json.loads(payload)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def signature(url: str, params: Iterable[tuple[str, str]], auth_token: str) -> str:
    """Twilio's X-Twilio-Signature of a form POST to `url`: base64 of HMAC-SHA1 over the URL
    followed by every parameter's name and value, sorted by name (then value)."""
    data = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def is_valid_signature(url: str, params: Iterable[tuple[str, str]], provided: str) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    if not token or not provided:
        return False
    return hmac.compare_digest(signature(url, params, token).encode(), provided.encode())
