"""Settings that send e-mail through one of the services, against the local fake of its API (the
`email_service` fixture is in conftest.py)."""

from fixloop import config
from tests.messaging.email_services_fake import FakeEmailServices

PROVIDERS = ["postmark", "mailgun", "ses", "sendgrid", "brevo"]
WEBHOOK_SECRET = "fixloop:webhook-password"
MAILGUN_SIGNING_KEY = "key-mailgun-signing-1234"


def email_url(provider: str, fake: FakeEmailServices) -> str:
    """The EMAIL_URL a shop would write, pointed at the fake."""
    if provider == "ses":
        return f"ses://{fake.key}:{fake.secret}@eu-central-1?api_url={fake.base_url}"
    host = fake.domain if provider == "mailgun" else ""
    return f"{provider}://{fake.key}@{host}?api_url={fake.api_url}"


def use_email_url(settings, monkeypatch, url: str, *, signing_key: str = MAILGUN_SIGNING_KEY) -> dict:
    """Apply what start-up makes of EMAIL_URL (config.email_config) to the settings."""
    monkeypatch.setenv("EMAIL_URL", url)
    monkeypatch.setenv("EMAIL_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("EMAIL_WEBHOOK_SIGNING_KEY", signing_key)
    values = config.email_config("EMAIL_URL", timeout=5)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.DEFAULT_FROM_EMAIL = "Werkstatt Müller <service@werkstatt.example>"
    return values
