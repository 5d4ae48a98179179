"""A local stand-in for the send APIs of the e-mail services Fixloop reaches through anymail:
Postmark, Mailgun, Amazon SES (v2), SendGrid and Brevo, on one loopback HTTP server.

Each answers on its own path, checks its own credentials, records every request and answers as
the service does: its success body (and message id), its refusal of a bad recipient, or the
failure it was told to give next (a 5xx or a 429).
"""

import base64
import json
import threading
import uuid
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

REJECT = "reject"  # not a status: the service's own refusal of the recipient (a 4xx)


@dataclass(frozen=True)
class Request:
    provider: str
    path: str
    authorized: bool
    to: str
    subject: str
    message_id: str  # what the service answered, "" when it failed


class FakeEmailServices:
    """`provider` picks which service the server speaks; `key`/`secret`/`domain` are the
    credentials it expects (as put in EMAIL_URL)."""

    def __init__(self, provider: str, *, key: str, secret: str = "", domain: str = "mg.example.com"):
        self.provider, self.key, self.secret, self.domain = provider, key, secret, domain
        self.requests: list[Request] = []
        self._failures: list[int | str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """The API base to put in EMAIL_URL's api_url."""
        return self.base_url + {"mailgun": "/v3", "sendgrid": "/v3/", "brevo": "/v3/"}.get(self.provider, "/")

    def start(self) -> "FakeEmailServices":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, failure: int | str, times: int = 1) -> None:
        """Answer the next `times` requests with HTTP `failure` (500, 503, 429) or REJECT."""
        with self._lock:
            self._failures.extend([failure] * times)

    def _next_failure(self):
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def sent(self) -> list[Request]:
        return [request for request in self.requests if request.message_id]

    # ------------------------------------------------------------------ per service

    def _authorized(self, headers) -> bool:
        auth = headers.get("Authorization", "")
        if self.provider == "postmark":
            return headers.get("X-Postmark-Server-Token") == self.key
        if self.provider == "mailgun":
            return auth == "Basic " + base64.b64encode(f"api:{self.key}".encode()).decode()
        if self.provider == "ses":
            return auth.startswith(f"AWS4-HMAC-SHA256 Credential={self.key}/")
        if self.provider == "sendgrid":
            return auth == f"Bearer {self.key}"
        return headers.get("api-key") == self.key  # brevo

    def _path(self) -> str:
        return {
            "postmark": "/email",
            "mailgun": f"/v3/{self.domain}/messages",
            "ses": "/v2/email/outbound-emails",
            "sendgrid": "/v3/mail/send",
            "brevo": "/v3/smtp/email",
        }[self.provider]

    def _parse(self, headers, body: bytes) -> tuple[str, str]:
        """(to, subject) of the request as the service reads it."""
        if self.provider == "mailgun" and headers["Content-Type"].startswith("application/x-www-form"):
            form = parse_qs(body.decode())
            return form["to"][0], form["subject"][0]
        if self.provider == "mailgun":  # multipart/form-data, when there are attachments
            form = BytesParser(policy=default_policy).parsebytes(
                b"Content-Type: " + headers["Content-Type"].encode() + b"\r\n\r\n" + body
            )
            fields = {
                part.get_param("name", header="content-disposition"): part for part in form.iter_parts()
            }
            return fields["to"].get_content().strip(), fields["subject"].get_content().strip()
        data = json.loads(body)
        if self.provider == "postmark":
            return data["To"], data["Subject"]
        if self.provider == "ses":
            raw = base64.b64decode(data["Content"]["Raw"]["Data"])
            mime = BytesParser(policy=default_policy).parsebytes(raw)
            return data["Destination"]["ToAddresses"][0], str(mime["Subject"])
        if self.provider == "sendgrid":
            return data["personalizations"][0]["to"][0]["email"], data["subject"]
        return data["to"][0]["email"], data["subject"]  # brevo

    def _answer(self, path: str, headers, body: bytes, failure) -> tuple[int, dict, dict]:
        """(status, extra headers, JSON body)."""
        authorized = self._authorized(headers)
        to, subject = self._parse(headers, body) if path == self._path() else ("", "")
        status, answer, extra = 200, {}, {}
        message_id = ""
        if not authorized:
            status, answer = 401, {"message": "Unauthorized"}
        elif path != self._path():
            status, answer = 404, {"message": "Not found"}
        elif failure == REJECT:
            status, answer, extra = self._rejection(to)
        elif failure:
            status, answer = failure, {"message": "Service unavailable, try again later"}
            if self.provider == "ses":
                extra = {
                    "x-amzn-ErrorType": "TooManyRequestsException" if failure == 429 else "InternalFailure"
                }
        else:
            status, answer, extra, message_id = self._success(to, headers, body)
        with self._lock:
            self.requests.append(Request(self.provider, path, authorized, to, subject, message_id))
        return status, extra, answer

    def _success(self, to: str, headers, body: bytes):
        if self.provider == "postmark":
            message_id = str(uuid.uuid4())
            return (
                200,
                {
                    "To": to,
                    "SubmittedAt": "2026-12-06T10:00:00Z",
                    "MessageID": message_id,
                    "ErrorCode": 0,
                    "Message": "OK",
                },
                {},
                message_id,
            )
        if self.provider == "mailgun":
            message_id = f"<20261206100000.{uuid.uuid4().hex[:12]}@{self.domain}>"
            return 200, {"id": message_id, "message": "Queued. Thank you."}, {}, message_id
        if self.provider == "ses":
            message_id = f"0107018c{uuid.uuid4().hex}-000000"
            return 200, {"MessageId": message_id}, {}, message_id
        if self.provider == "sendgrid":
            data = json.loads(body)
            message_id = data["personalizations"][0]["custom_args"]["anymail_id"]
            return 202, None, {"X-Message-Id": uuid.uuid4().hex[:22]}, message_id
        message_id = f"<202612061000.{uuid.uuid4().hex[:11]}@smtp-relay.mailin.fr>"
        return 201, {"messageId": message_id}, {}, message_id

    def _rejection(self, to: str):
        if self.provider == "postmark":
            return 422, {"ErrorCode": 300, "Message": f"Invalid 'To' address: '{to}'."}, {}
        if self.provider == "mailgun":
            return 400, {"message": "to parameter is not a valid address. please check documentation"}, {}
        if self.provider == "ses":
            return (
                400,
                {
                    "message": f"Email address is not verified. The following identities failed the check: {to}"
                },
                {"x-amzn-ErrorType": "MessageRejected"},
            )
        if self.provider == "sendgrid":
            return (
                400,
                {
                    "errors": [
                        {
                            "message": "Does not contain a valid address.",
                            "field": "personalizations.0.to.0.email",
                            "help": None,
                        }
                    ]
                },
                {},
            )
        return 400, {"code": "invalid_parameter", "message": "email is not valid in to"}, {}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 5

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, extra, answer = fake._answer(self.path, self.headers, body, fake._next_failure())
                payload = b"" if answer is None else json.dumps(answer).encode()
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                if payload:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format, *args):
                pass

        return Handler
