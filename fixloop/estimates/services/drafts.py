"""What staff edit: the working draft (its note, jobs and parts), its validity date, and sending it
to the customer as the next version.

Editing the draft writes no timeline entry: what the customer was sent is the version, recorded
when it is submitted. Amounts are checked here and computed by snapshot.py.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.estimates import machine, money, signals
from fixloop.estimates.machine import Event
from fixloop.estimates.models import Estimate, EstimateVersion, Job, Part
from fixloop.estimates.services.decisions import carry_over_approvals, sync_required_work
from fixloop.estimates.services.shared import NOTE_MAX_LENGTH, clean_text, is_expired, local_today, locked
from fixloop.estimates.services.snapshot import content_hash, snapshot
from fixloop.estimates.services.status_moves import follow_estimate
from fixloop.repairs.models import TimelineEntry, WorkOrder
from fixloop.repairs.timeline import record
from fixloop.shop.models import VatRate

State = Estimate.State
DEFAULT_VALID_DAYS = 14
VALIDITY_MAX_DAYS = 365
AMOUNT_MAX = Decimal("9999999.99")
HOURS_MAX = Decimal("99999.99")


# ----------------------------------------------------------------------------- checks


def _check_amount(
    value, field: str, errors: dict, *, required: bool = True, maximum: Decimal = AMOUNT_MAX, places: int = 2
) -> None:
    if value is None:
        if required:
            errors[field] = _("Enter an amount.")
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        errors[field] = _("Enter a number.")
    elif value < 0:
        errors[field] = _("Enter an amount of zero or more.")
    elif value > maximum:
        errors[field] = _("Enter a smaller amount.")
    elif value.as_tuple().exponent < -places:
        errors[field] = _("Use at most %(places)d decimal places.") % {"places": places}


def _check_vat_rate(estimate: Estimate, vat_rate, errors: dict) -> None:
    if not isinstance(vat_rate, VatRate) or vat_rate.location_id != estimate.work_order.location_id:
        errors["vat_rate"] = _("Choose one of the VAT rates of this work order's location.")


def _check_validity(valid_until: date, today: date) -> None:
    if valid_until < today:
        raise ValidationError({"valid_until": _("Choose today or a later date.")})
    if valid_until > today + timedelta(days=VALIDITY_MAX_DAYS):
        raise ValidationError({"valid_until": _("Choose a date within a year.")})


# ----------------------------------------------------------------------------- the working draft


@transaction.atomic
def start_estimate(
    work_order: WorkOrder, *, by: Actor, valid_until: date | None = None, note: str = ""
) -> Estimate:
    if Estimate.objects.filter(work_order=work_order).exists():
        raise ValidationError(_("This work order already has an estimate: revise it instead."))
    if work_order.closed_at is not None:
        raise ValidationError(_("The work order is closed."))
    today = timezone.now().astimezone(work_order.location.zone).date()
    valid_until = valid_until or today + timedelta(days=DEFAULT_VALID_DAYS)
    _check_validity(valid_until, today)
    errors: dict = {}
    note = clean_text(note, "note", errors, max_length=NOTE_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    return Estimate.objects.create(work_order=work_order, valid_until=valid_until, note=note)


@transaction.atomic
def update_note(estimate: Estimate, note: str, *, by: Actor) -> Estimate:
    errors: dict = {}
    note = clean_text(note, "note", errors, max_length=NOTE_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    locked(estimate)
    estimate.note = note
    estimate.save(update_fields=["note", "updated_at"])
    return estimate


@transaction.atomic
def save_job(
    estimate: Estimate,
    *,
    by: Actor,
    job: Job | None = None,
    description: str,
    pricing: str,
    vat_rate: VatRate,
    hours: Decimal | None = None,
    hourly_rate: Decimal | None = None,
    fixed_price: Decimal | None = None,
) -> Job:
    """Add a job to the draft, or change one (`job`)."""
    errors: dict = {}
    description = clean_text(description, "description", errors, max_length=300)
    if pricing == Job.Pricing.HOURLY:
        _check_amount(hours, "hours", errors, maximum=HOURS_MAX)
        _check_amount(hourly_rate, "hourly_rate", errors)
        fixed_price = None
    elif pricing == Job.Pricing.FIXED:
        _check_amount(fixed_price, "fixed_price", errors)
        hours = hourly_rate = None
    else:
        errors["pricing"] = _("Choose hours × rate or a fixed price.")
    _check_vat_rate(estimate, vat_rate, errors)
    if job is not None and job.estimate_id != estimate.pk:
        errors["job"] = _("This job belongs to another estimate.")
    if errors:
        raise ValidationError(errors)
    locked(estimate)
    if job is None:
        job = Job(estimate=estimate, position=estimate.jobs.count() + 1)
    job.description, job.pricing, job.vat_rate = description, pricing, vat_rate
    job.hours, job.hourly_rate, job.fixed_price = hours, hourly_rate, fixed_price
    job.save()
    estimate.save(update_fields=["updated_at"])
    return job


@transaction.atomic
def remove_job(job: Job, *, by: Actor) -> None:
    estimate = locked(job.estimate)
    job.delete()
    estimate.save(update_fields=["updated_at"])


@transaction.atomic
def save_part(
    estimate: Estimate,
    *,
    by: Actor,
    job: Job | None,
    part: Part | None = None,
    part_number: str = "",
    description: str,
    quantity: Decimal | None,
    unit_price: Decimal | None,
    vat_rate: VatRate,
) -> Part:
    """Add a part to one of the draft's jobs, or change one (`part`). A part always has a job."""
    errors: dict = {}
    if job is None:
        errors["job"] = _("Choose the job this part is for.")
    elif job.estimate_id != estimate.pk:
        errors["job"] = _("This job belongs to another estimate.")
    part_number = clean_text(part_number, "part_number", errors, max_length=40, required=False)
    description = clean_text(description, "description", errors, max_length=300)
    _check_amount(quantity, "quantity", errors, places=3)
    if "quantity" not in errors and quantity == 0:
        errors["quantity"] = _("Enter a quantity above zero.")
    _check_amount(unit_price, "unit_price", errors)
    _check_vat_rate(estimate, vat_rate, errors)
    if part is not None and part.job.estimate_id != estimate.pk:
        errors["part"] = _("This part belongs to another estimate.")
    if errors:
        raise ValidationError(errors)
    locked(estimate)
    if part is None:
        part = Part(position=Part.objects.filter(job__estimate=estimate).count() + 1)
    part.job, part.part_number, part.description = job, part_number, description
    part.quantity, part.unit_price, part.vat_rate = quantity, unit_price, vat_rate
    part.save()
    estimate.save(update_fields=["updated_at"])
    return part


@transaction.atomic
def remove_part(part: Part, *, by: Actor) -> None:
    estimate = locked(part.job.estimate)
    part.delete()
    estimate.save(update_fields=["updated_at"])


# ----------------------------------------------------------------------------- sending a version


def _shown_total(version: EstimateVersion) -> str:
    return str(money.Amounts.from_dict(version.content["total"]).shown(version.content["prices_include_vat"]))


def _new_version(estimate: Estimate, content: dict, digest: str, by: Actor) -> EstimateVersion:
    previous = estimate.current_version
    total = money.Amounts.from_dict(content["total"])
    return EstimateVersion.objects.create(
        estimate=estimate,
        number=(previous.number + 1) if previous else 1,
        content=content,
        content_hash=digest,
        net=total.net,
        vat=total.vat,
        gross=total.gross,
        submitted_by=by.user,
        submitted_by_name=by.display_name[:200],
    )


@transaction.atomic
def submit(estimate: Estimate, *, by: Actor, notify: bool = True) -> EstimateVersion:
    """Freeze the draft as the next version and ask the customer to decide. Jobs the customer
    already approved and that did not change keep their approval; everything else needs a decision."""
    locked(estimate)
    machine.check(estimate.state, Event.SUBMIT)
    content = snapshot(estimate)
    if not content["jobs"]:
        raise ValidationError(_("Add at least one job before sending the estimate."))
    if is_expired(estimate):
        raise ValidationError({"valid_until": _("The estimate's validity date has passed: extend it first.")})
    digest = content_hash(content)
    previous = estimate.current_version
    if previous is not None and estimate.state == State.AWAITING and previous.content_hash == digest:
        raise ValidationError(
            _("Nothing has changed since version %(number)d was sent.") % {"number": previous.number}
        )
    version = _new_version(estimate, content, digest, by)
    carried = carry_over_approvals(estimate, version)
    decided = len(carried) == len(content["jobs"])
    target = State.APPROVED if decided else State.AWAITING
    machine.check(estimate.state, Event.SUBMIT, target)
    estimate.state, estimate.current_version, estimate.dispute_acknowledged_at = target, version, None
    estimate.save(update_fields=["state", "current_version", "dispute_acknowledged_at", "updated_at"])
    if decided:
        sync_required_work(estimate, version)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        data={
            "event": "submitted",
            "estimate": estimate.pk,
            "version": version.number,
            "hash": digest,
            "total": _shown_total(version),
            "currency": content["currency"],
            "carried_over": sorted(carried),
        },
    )
    signals.estimate_submitted.send(
        sender=Estimate, estimate=estimate, version=version, entry=entry, notify=notify
    )
    follow_estimate(estimate, by=by)
    return version


# ----------------------------------------------------------------------------- validity


@transaction.atomic
def extend(estimate: Estimate, valid_until: date, *, by: Actor) -> Estimate:
    locked(estimate)
    machine.check(estimate.state, Event.EXTEND)
    if not isinstance(valid_until, date):
        raise ValidationError({"valid_until": _("Enter a date.")})
    _check_validity(valid_until, local_today(estimate))
    previous = estimate.valid_until
    if valid_until == previous:
        raise ValidationError({"valid_until": _("The estimate is already valid until this date.")})
    estimate.valid_until = valid_until
    estimate.save(update_fields=["valid_until", "updated_at"])
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=estimate.state != State.DRAFT,
        data={
            "event": "extended",
            "estimate": estimate.pk,
            "from": previous.isoformat(),
            "to": valid_until.isoformat(),
        },
    )
    signals.estimate_extended.send(sender=Estimate, estimate=estimate, entry=entry)
    return estimate
