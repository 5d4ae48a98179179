import socket

import pytest

from fixloop.api.webhooks import services
from fixloop.api.webhooks.events import EVENT_TYPES
from tests.api.webhooks.receiver import Receiver

# The invoicing fixtures (a submitted invoice and what it needs), for the invoice events.
from tests.invoicing.conftest import (  # noqa: F401 (fixtures)
    approved,
    authorising_customer,
    draft,
    ready_status,
    ready_work_order,
    submitted,
)


@pytest.fixture
def receiver(settings):
    """A loopback receiver; plain http to loopback allowed, a one-second timeout."""
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    server = Receiver(hang_seconds=2.5).start()
    yield server
    server.stop()


@pytest.fixture
def subscribe(receiver, owner):
    """subscribe(*event types, url=…) -> (endpoint, secret): an active endpoint at the receiver."""

    def make(*events, url=None, name="ERP"):
        return services.create_endpoint(
            name=name, url=url or receiver.url, events=list(events or EVENT_TYPES), by=owner
        )

    return make


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
