"""Fixtures for the client-notification tests: a region with every event switched on, a customer
of that region and a work order opened for them. Modules use them as `name = notification_fixtures.name`."""

import pytest

from fixloop.messaging import rules
from fixloop.messaging.models import Event
from fixloop.repairs import services
from fixloop.repairs.models import Phase
from tests.factories import RegionFactory

REPLY_TO = "berlin@werkstatt.example"
FOLLOW_UP_DAYS = 7
MOBILE = "+4915112345678"


def switch_on(region, by, *, statuses, reply_to: str = REPLY_TO, **rule_settings) -> None:
    """The region's notifications on and every event active: status changes for `statuses`,
    closing with the report, a follow-up after FOLLOW_UP_DAYS days."""
    rules.save_settings(region, active=True, reply_to=reply_to, portal_url="", flip_flop_hours=12, by=by)
    for event in Event.values:
        rules.save_rule(
            region,
            event,
            active=True,
            statuses=statuses if event == Event.STATUS_CHANGED else (),
            attach_report=event == Event.WORK_ORDER_CLOSED,
            follow_up_days=FOLLOW_UP_DAYS,
            by=by,
            **rule_settings.get(event, {}),
        )


@pytest.fixture
def region(db):
    return RegionFactory(name="Berlin", code="berlin")


@pytest.fixture
def notifying_region(region, statuses, owner):
    """'Berlin' with every event on; 'In progress' and 'Ready' are the statuses it notifies."""
    switch_on(region, owner, statuses=[statuses[Phase.IN_PROGRESS], statuses[Phase.READY]])
    return region


@pytest.fixture
def notified_customer(customer, notifying_region):
    customer.region = notifying_region
    customer.save()
    return customer


@pytest.fixture
def open_for(unit, location, statuses, staff_actor):
    """open_for(customer) -> a work order opened through the service (so its signal is sent)."""

    def open_work_order(customer, **kwargs):
        kwargs.setdefault("unit", unit if unit.customer_id == customer.pk else None)
        return services.open_work_order(
            customer=customer,
            location=location,
            problem_description="The screen flickers after ten minutes.",
            by=staff_actor,
            **kwargs,
        )

    return open_work_order


@pytest.fixture
def notified_work_order(notified_customer, open_for):
    return open_for(notified_customer)
