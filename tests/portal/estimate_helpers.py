"""Helpers for the tests of the customer's estimate pages (tests/portal/test_estimate_*.py)."""

from decimal import Decimal

from django.urls import reverse

from fixloop.estimates import services
from fixloop.estimates.models import Job
from fixloop.estimates.services import links
from fixloop.repairs import services as repairs
from tests.estimates.fixtures import add_job, add_part, decide_all, job_keys

# Re-exported for the test modules.
HELPERS = (add_job, add_part, decide_all, job_keys)


def path_of(link) -> str:
    """The path of an approval link (per estimate or batch)."""
    token = links.token_of(link)
    name = "portal:estimate" if link.estimate_id else "portal:approvals"
    return reverse(name, kwargs={"token": token})


def send_estimate(work_order, by, vat_rate, *, description="Replace the battery", hours="1.00", rate="60.00"):
    """A sent estimate with one hourly job on `work_order`."""
    draft = services.start_estimate(work_order, by=by)
    services.save_job(
        draft,
        by=by,
        description=description,
        pricing=Job.Pricing.HOURLY,
        hours=Decimal(hours),
        hourly_rate=Decimal(rate),
        vat_rate=vat_rate,
    )
    services.submit(draft, by=by)
    draft.refresh_from_db()
    return draft


def decision_data(estimate, decisions: dict | None = None, *, name="Anna Becker", authorised=True, **extra):
    """The decision form as the page sends it: `decisions` maps a job key to "approved", "declined"
    or "disputed" (default: approve every pending job); `extra` adds or overrides fields."""
    version = estimate.current_version
    if decisions is None:
        decisions = {job["key"]: "approved" for job in services.pending_jobs(version)}
    data = {"version": str(version.number), "version_hash": version.content_hash, "signed_name": name}
    if authorised:
        data["authorised"] = "on"
    for key, decision in decisions.items():
        data[f"job_{key}"] = decision
    data.update(extra)
    return data


def open_work_order(customer, unit, location, by, problem="Does not charge."):
    return repairs.open_work_order(
        customer=customer, unit=unit, location=location, problem_description=problem, by=by
    )
