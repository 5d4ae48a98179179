import pytest

from fixloop.reports.models import ReportSubscription
from tests.messaging.conftest import smtp_server  # noqa: F401 (the loopback SMTP server fixture)


@pytest.fixture
def subscribe(db):
    """subscribe(customer, **fields) -> an active ReportSubscription."""

    def make(customer, **fields) -> ReportSubscription:
        fields.setdefault("active", True)
        return ReportSubscription.objects.create(customer=customer, **fields)

    return make
