from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from fixloop.estimates import services
from fixloop.estimates.models import Job


@pytest.fixture
def vat_standard(location):
    return location.vat_rates.get(label="Standard")


@pytest.fixture
def vat_reduced(location):
    return location.vat_rates.get(label="Reduced")


def add_job(estimate, by, vat_rate, description="Replace the display", hours="1.50", rate="80.00"):
    return services.save_job(
        estimate,
        by=by,
        description=description,
        pricing=Job.Pricing.HOURLY,
        hours=Decimal(hours),
        hourly_rate=Decimal(rate),
        vat_rate=vat_rate,
    )


def add_part(estimate, by, job, vat_rate, number="4711", price="320.00", quantity="1"):
    return services.save_part(
        estimate,
        by=by,
        job=job,
        part_number=number,
        description=f"Part {number}",
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        vat_rate=vat_rate,
    )


@pytest.fixture
def estimate(work_order, staff_actor, vat_standard, vat_reduced):
    """A draft with two jobs: "Replace the display" (1.5 h × 80.00 + part 4711 at 320.00) and
    "Clean the fan" (fixed 25.00, reduced VAT)."""
    estimate = services.start_estimate(work_order, by=staff_actor)
    display = add_job(estimate, staff_actor, vat_standard)
    add_part(estimate, staff_actor, display, vat_standard)
    services.save_job(
        estimate,
        by=staff_actor,
        description="Clean the fan",
        pricing=Job.Pricing.FIXED,
        fixed_price=Decimal("25.00"),
        vat_rate=vat_reduced,
    )
    return estimate


@pytest.fixture
def sent_estimate(estimate, staff_actor):
    """The estimate, sent a day ago (so a decision recorded "two hours ago" comes after it)."""
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        services.submit(estimate, by=staff_actor)
    estimate.refresh_from_db()
    return estimate


def job_keys(estimate):
    return [job["key"] for job in estimate.current_version.jobs]


def decide_all(estimate, by, decision, **kwargs):
    version = estimate.current_version
    choices = {job["key"]: services.Choice(decision, **kwargs) for job in services.pending_jobs(version)}
    return services.decide(
        estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices=choices,
        signed_name="Anna Becker",
        authorised=True,
        by=by,
    )
