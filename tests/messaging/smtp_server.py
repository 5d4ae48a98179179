"""A real SMTP server on loopback (aiosmtpd) that records what it receives and can be told
to answer the next commands with an error, or to take its time over each message."""

import asyncio
import logging
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    content: bytes
    peer: tuple = ()

    @property
    def email(self):
        return message_from_bytes(self.content, policy=policy.default)


@dataclass
class RecordingHandler:
    received: list = field(default_factory=list)
    rcpt_replies: list = field(default_factory=list)  # e.g. ["451 4.3.0 Try again later"]
    data_replies: list = field(default_factory=list)
    delay: float = 0.0  # seconds to wait before accepting each message (a slow server)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content, session.peer)
        )
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self.controller = None

    def start(self) -> "SmtpServer":
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"
