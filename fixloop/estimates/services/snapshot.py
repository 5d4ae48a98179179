"""The content of an estimate as it would be sent, and its hash: pure calculation, no writes.

`snapshot()` turns the working draft into the JSON a version freezes (every line with its amounts,
the totals and the VAT per rate); the hash of that content names a version, and a job's hash tells
whether the customer approved exactly this job before.
"""

import hashlib
import json
from decimal import Decimal

from fixloop.estimates import money
from fixloop.estimates.models import Estimate, Job


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(_canonical(content)).hexdigest()


def _part_content(part) -> dict:
    return {
        "key": part.pk,
        "part_number": part.part_number,
        "description": part.description,
        "quantity": str(part.quantity.normalize()),
        "unit_price": str(part.unit_price),
        "vat_rate": str(part.vat_rate.rate),
        "amounts": money.line(part.quantity, part.unit_price, part.vat_rate.rate).as_dict(),
    }


def _job_content(job: Job) -> dict:
    rate = job.vat_rate.rate
    if job.pricing == Job.Pricing.HOURLY:
        labour = money.line(job.hours or 0, job.hourly_rate or 0, rate)
    else:
        labour = money.line(Decimal(1), job.fixed_price or 0, rate)
    parts = [_part_content(part) for part in job.parts.all()]
    parts_total = money.total(money.Amounts.from_dict(part["amounts"]) for part in parts)
    content = {
        "key": job.pk,
        "description": job.description,
        "pricing": job.pricing,
        "hours": None if job.hours is None else str(job.hours),
        "hourly_rate": None if job.hourly_rate is None else str(job.hourly_rate),
        "fixed_price": None if job.fixed_price is None else str(job.fixed_price),
        "vat_rate": str(rate),
        "labour": labour.as_dict(),
        "parts": parts,
        "parts_total": parts_total.as_dict(),
        "total": (labour + parts_total).as_dict(),
    }
    content["hash"] = content_hash(content)
    return content


def snapshot(estimate: Estimate) -> dict:
    """The draft as it would be sent: every line with its amounts, the totals and the VAT per rate."""
    location = estimate.work_order.location
    jobs = [
        _job_content(job)
        for job in estimate.jobs.select_related("vat_rate")
        .prefetch_related("parts__vat_rate")
        .order_by("position", "id")
    ]
    lines: list[tuple[str, money.Amounts]] = []
    for job in jobs:
        lines.append((job["vat_rate"], money.Amounts.from_dict(job["labour"])))
        lines += [(part["vat_rate"], money.Amounts.from_dict(part["amounts"])) for part in job["parts"]]
    by_rate: dict[str, money.Amounts] = {}
    for rate, amounts in lines:
        by_rate[rate] = by_rate.get(rate, money.Amounts()) + amounts
    return {
        "currency": location.currency,
        "prices_include_vat": location.prices_include_vat,
        "note": estimate.note,
        "jobs": jobs,
        "vat": [{"rate": rate, **by_rate[rate].as_dict()} for rate in sorted(by_rate, key=Decimal)],
        "total": money.total(amounts for _rate, amounts in lines).as_dict(),
    }


def has_unsent_changes(estimate: Estimate) -> bool:
    version = estimate.current_version
    return version is None or content_hash(snapshot(estimate)) != version.content_hash
