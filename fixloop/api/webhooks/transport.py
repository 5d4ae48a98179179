"""The webhook channel's transport: POST the event's JSON to the endpoint, signed at the moment of
sending with the secrets that sign then (two during a rotation). Registered with messaging's
transports when the api app is ready; like every transport it only reads and sends, and delivery.py
records the attempt with the receiver's status code and the start of its answer.

2xx: sent. 408, 429, 5xx, a timeout or no connection: temporary, retried with the outbox's backoff.
Any other answer (3xx, 4xx): permanent, the receiver refused it.
"""

import http.client
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings

from fixloop.api.models import WebhookDelivery
from fixloop.api.webhooks import signing
from fixloop.api.webhooks.services import signing_secrets
from fixloop.messaging.models import Channel
from fixloop.messaging.transports.base import Accepted, PermanentError, TransientError, Transport

ANSWER_BYTES = 2048
RETRIED_STATUSES = {408, 429}


class WebhookTransport(Transport):
    channel = Channel.WEBHOOK

    def send(self, message) -> Accepted:
        delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(message=message)
        endpoint = delivery.endpoint
        if not endpoint.active:
            raise PermanentError("The endpoint was switched off before the event could be sent.")
        try:
            secrets = signing_secrets(endpoint)
        except signing.UnreadableSecret as error:
            raise PermanentError(f"{error} Rotate the secret and send again.") from error
        body = delivery.event.body.encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Fixloop-Webhooks/1",
            signing.HEADER: signing.signature_header(secrets, int(time.time()), body),
            "Fixloop-Event": delivery.event.type,
            "Fixloop-Delivery": str(delivery.delivery_id),
        }
        status, answer = post(endpoint.url, body, headers)
        if 200 <= status < 300:
            return Accepted(str(delivery.delivery_id), status=status, answer=answer)
        text = f"The receiver answered HTTP {status}."
        if status >= 500 or status in RETRIED_STATUSES:
            raise TransientError(text, status=status, answer=answer)
        raise PermanentError(text, status=status, answer=answer)


def post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """(status, the first ANSWER_BYTES of the answer as text); TransientError when no answer came."""
    parts = urlsplit(url)
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(ANSWER_BYTES).decode("utf-8", errors="replace")
        return response.status, answer
    except TimeoutError as error:
        raise TransientError(f"No answer within {timeout} seconds.") from error
    except ssl.SSLError as error:
        raise TransientError(f"TLS failed: {error}") from error
    except (OSError, http.client.HTTPException) as error:
        raise TransientError(f"Could not reach the receiver: {error}") from error
    finally:
        connection.close()


def register() -> None:
    from fixloop.messaging.transports import register_transport

    register_transport(Channel.WEBHOOK, WebhookTransport)
