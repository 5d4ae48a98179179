"""Fixtures for the SMS tests: a fake Twilio with the settings pointing at it, and a customer
with a mobile number."""

import pytest

from tests.factories import CustomerAccountFactory
from tests.messaging.twilio_fake import FakeTwilio

ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "f3c1b2a4d5e6f708192a3b4c5d6e7f80"
SENDER = "+4915100000001"
SITE_URL = "https://repairs.example.com"
MOBILE = "+4915112345678"


@pytest.fixture
def twilio_api(settings):
    """A local server speaking Twilio's Messages API; TWILIO_* and SITE_URL point at it."""
    fake = FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
    fake.start()
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM = SENDER
    settings.TWILIO_API_BASE = fake.base_url
    settings.SITE_URL = SITE_URL
    yield fake
    fake.stop()


@pytest.fixture
def texting_customer(shop):
    return CustomerAccountFactory(name="Anna Becker", mobile=MOBILE, language="en")
