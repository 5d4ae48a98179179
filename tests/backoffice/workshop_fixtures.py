"""Fixtures of the service board and technician view tests: a work order with approved work."""

import pytest

from fixloop.estimates.models import Decision
from fixloop.repairs.models import WorkshopSettings
from tests.estimates.fixtures import decide_all
from tests.factories import customer_actor_for


@pytest.fixture
def approved(sent_estimate):
    """The work order of an estimate whose jobs the customer approved: it has work required."""
    decide_all(sent_estimate, customer_actor_for("Anna Becker"), Decision.APPROVED)
    return sent_estimate.work_order


@pytest.fixture
def ready_status(statuses):
    WorkshopSettings.objects.update_or_create(pk=1, defaults={"ready_status": statuses["ready"]})
    return statuses["ready"]
