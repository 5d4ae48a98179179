"""The one interface every transport (e-mail, SMS, fax, local sink) implements."""

from dataclasses import dataclass


class TransportError(Exception):
    """A send did not go through. The text is shown to staff, so it should be readable."""


class TransientError(TransportError):
    """Worth trying again later: a busy server, a refused connection, a timeout, HTTP 429/5xx."""


class PermanentError(TransportError):
    """Will never work: the recipient was refused or the number does not exist."""


@dataclass(frozen=True)
class Accepted:
    provider_id: str


class Transport:
    """Opened once per batch, used for several messages, closed at the end."""

    channel: str = ""
    # The provider calls back with delivery reports that name the provider id: each message is
    # recorded as soon as it is accepted, so a quick report finds it.
    reports_delivery: bool = False

    def open(self) -> None:
        """Connect (e.g. to the SMTP server). Raises TransientError when that fails."""

    def send(self, message) -> Accepted:
        raise NotImplementedError

    def close(self) -> None:
        """Disconnect; never raises."""
