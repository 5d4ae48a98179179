"""The one interface every transport (e-mail, SMS, fax, local sink) implements.

A transport is input and output only: it hands a message to its provider and classifies what
went wrong as a TransientError or a PermanentError, with a `code` where the caller has more to
do than record the attempt (UNSUBSCRIBED: record the opt-out). It never writes to the database;
delivery.py records the attempt and its consequences.
"""

from dataclasses import dataclass

# The provider refused the message because the recipient unsubscribed with it (e.g. texted STOP
# to our sender); the caller records the opt-out, so nothing more is sent there.
UNSUBSCRIBED = "unsubscribed"


class TransportError(Exception):
    """A send did not go through. The text is shown to staff, so it should be readable; `code`
    names a failure the caller acts on (see UNSUBSCRIBED)."""

    def __init__(self, text: str, *, code: str = "", status: int | None = None, answer: str = "") -> None:
        super().__init__(text)
        self.code = code
        # An HTTP receiver's status code and the start of its answer, kept on the attempt.
        self.status = status
        self.answer = answer


class TransientError(TransportError):
    """Worth trying again later: a busy server, a refused connection, a timeout, HTTP 429/5xx."""


class PermanentError(TransportError):
    """Will never work: the recipient was refused or the number does not exist."""


@dataclass(frozen=True)
class Accepted:
    provider_id: str
    status: int | None = None  # an HTTP receiver's status code (webhooks)
    answer: str = ""  # and the start of its answer


class Transport:
    """Opened once per batch, used for several messages, closed at the end."""

    channel: str = ""

    def open(self) -> None:
        """Connect (e.g. to the SMTP server). Raises TransientError when that fails."""

    def send(self, message) -> Accepted:
        raise NotImplementedError

    def close(self) -> None:
        """Disconnect; never raises."""
