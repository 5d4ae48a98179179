"""A local stand-in for Twilio: the part of the Messages API Fixloop uses, and Twilio's way of
signing the callbacks it sends.

It checks HTTP Basic auth, records every request and answers 201 with JSON shaped like
Twilio's, or with the failure it was told to give next.
"""

import base64
import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

# Twilio's texts for the errors the fake can give; {to} is the request's To.
ERRORS = {
    20003: (401, "Authenticate"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "An internal server error has occurred"),
    21211: (400, "The 'To' number {to} is not a valid phone number."),
    21610: (400, "Attempt to send to unsubscribed recipient"),
}
HANG = 0  # not an error code: read the request, never answer


@dataclass(frozen=True)
class Request:
    """One request the fake received."""

    path: str
    authorized: bool
    to: str
    sender: str  # From
    messaging_service_sid: str
    body: str
    status_callback: str
    client_port: int  # one port per TCP connection
    sid: str  # the message id answered, "" when the request failed


class FakeTwilio:
    def __init__(self, *, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.requests: list[Request] = []
        self._failures: list[int] = []  # Twilio error codes (or HANG) for the next requests
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, code: int, times: int = 1) -> None:
        """Answer the next `times` requests with Twilio's error `code` (20429, 20500, 21211, 21610),
        or with silence for HANG."""
        with self._lock:
            self._failures.extend([code] * times)

    def _next_failure(self) -> int | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def messages(self) -> list[Request]:
        """The requests that created a message."""
        return [request for request in self.requests if request.sid]

    def _answer(
        self, path: str, authorization: str, form: dict, client_port: int, code: int | None
    ) -> tuple[int, dict]:
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        authorized = hmac.compare_digest(authorization.encode(), expected.encode())
        if not authorized:
            code = 20003
        elif path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            code = 20404
        to = form.get("To", "")
        sid = "" if code else "SM" + uuid.uuid4().hex
        self.requests.append(
            Request(
                path=path,
                authorized=authorized,
                to=to,
                sender=form.get("From", ""),
                messaging_service_sid=form.get("MessagingServiceSid", ""),
                body=form.get("Body", ""),
                status_callback=form.get("StatusCallback", ""),
                client_port=client_port,
                sid=sid,
            )
        )
        if code:
            status, text = ERRORS[code]
            return status, {
                "code": code,
                "message": text.format(to=to),
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            }
        now = formatdate(usegmt=True)
        return 201, {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": to,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "body": form.get("Body", ""),
            "status": "queued",
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "date_created": now,
            "date_updated": now,
            "error_code": None,
            "error_message": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Twilio
            timeout = 5

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {
                    name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()
                }
                code = fake._next_failure()
                if code == HANG:
                    fake._stopped.wait()
                    self.close_connection = True
                    return
                status, answer = fake._answer(
                    self.path, self.headers.get("Authorization", ""), form, self.client_address[1], code
                )
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format, *args):
                pass

        return Handler


def sign(url: str, params: dict, auth_token: str) -> str:
    """What Twilio puts in X-Twilio-Signature when it POSTs `params` to `url`."""
    data = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def post_callback(
    client, path: str, params: dict, *, site_url: str, auth_token: str, signature: str | None = None
):
    """POST `params` to `path` the way Twilio does: form-encoded, signed for SITE_URL + path."""
    if signature is None:
        signature = sign(site_url + path, params, auth_token)
    headers = {"HTTP_X_TWILIO_SIGNATURE": signature} if signature else {}
    return client.post(path, urlencode(params), content_type="application/x-www-form-urlencoded", **headers)
