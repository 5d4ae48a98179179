import pytest

from tests.messaging.email_services_fake import FakeEmailServices
from tests.messaging.email_services_fixtures import PROVIDERS, email_url, use_email_url
from tests.messaging.smtp_server import SmtpServer


def use_smtp(settings, port: int) -> None:
    settings.EMAIL_URL_SET = True
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings):
    """A loopback SMTP server, with the settings pointing at it."""
    server = SmtpServer().start()
    use_smtp(settings, server.port)
    settings.DEFAULT_FROM_EMAIL = "Werkstatt Müller <service@werkstatt.example>"
    yield server
    server.stop()


@pytest.fixture
def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(params=PROVIDERS)
def email_service(request, settings, monkeypatch):
    """Each e-mail service in turn, its fake API running and EMAIL_URL pointing at it."""
    provider = request.param
    fake = FakeEmailServices(provider, key=f"{provider}-key-123", secret="ses-secret-456").start()
    use_email_url(settings, monkeypatch, email_url(provider, fake))
    yield fake
    fake.stop()
