"""Invoicing fixtures: an approved estimate on a ready work order, and invoices made from it.

The approved work (tests/estimates/fixtures.py `estimate`): "Replace the display" 1.5 h × 80.00 at
19 % with part 4711 at 320.00 (19 %), and "Clean the fan" fixed 25.00 at 7 %:
net 465.00, VAT 85.35, gross 550.35.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fixloop.estimates.models import Decision
from fixloop.invoicing import services
from fixloop.repairs import services as repairs
from fixloop.repairs.models import TimeEntry, WorkshopSettings
from tests.estimates.fixtures import decide_all


@pytest.fixture
def ready_status(statuses):
    settings = WorkshopSettings.current()
    settings.ready_status = statuses["ready"]
    settings.save()
    return statuses["ready"]


@pytest.fixture
def approved(sent_estimate, customer_actor):
    decide_all(sent_estimate, customer_actor, Decision.APPROVED)
    return sent_estimate


def make_ready(work_order, status, by):
    repairs.change_status(work_order, status, by=by)
    work_order.refresh_from_db()
    return work_order


@pytest.fixture
def ready_work_order(approved, work_order, ready_status, staff_actor):
    return make_ready(work_order, ready_status, staff_actor)


@pytest.fixture
def draft(ready_work_order, staff_actor):
    return services.create_draft(ready_work_order, by=staff_actor)


@pytest.fixture
def final_invoice(draft, staff_actor):
    return services.finalise(draft, by=staff_actor)


@pytest.fixture
def authorising_customer(customer):
    customer.invoices_need_authorisation = True
    customer.save(update_fields=["invoices_need_authorisation"])
    return customer


@pytest.fixture
def submitted(draft, authorising_customer, staff_actor):
    services.submit(draft, by=staff_actor)
    draft.refresh_from_db()
    return draft


def clock(work_order, technician, start, minutes):
    return TimeEntry.objects.create(
        work_order=work_order,
        technician=technician,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
    )


@pytest.fixture
def two_hours_clocked(ready_work_order, technician):
    start = timezone.now() - timedelta(days=2)
    clock(ready_work_order, technician, start, 75)
    clock(ready_work_order, technician, start + timedelta(days=1), 45)
    return Decimal("2.00")


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def technician_client(client, technician):
    client.force_login(technician)
    return client
