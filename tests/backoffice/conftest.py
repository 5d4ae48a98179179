import pytest

from tests.backoffice.booking_fixtures import (  # noqa: F401 (fixtures of the booking-request pages)
    request_in,
    submit_public,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def technician_client(client, technician):
    client.force_login(technician)
    return client


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
