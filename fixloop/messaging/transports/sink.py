"""The local sink: accepts every message and sends nothing. The message stays readable in the
back office exactly as the customer would have received it (the demo's default)."""

from fixloop.messaging.transports.base import Accepted, Transport


class SinkTransport(Transport):
    def __init__(self, channel: str):
        self.channel = channel

    def send(self, message) -> Accepted:
        return Accepted(message.provider_id or f"sink-{message.pk}")
