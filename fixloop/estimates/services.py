"""The only place estimates change state.

Each function validates, writes, appends a timeline entry on the work order (who, when, from which
IP address and browser) and sends a domain signal, all in one transaction: a refused or failed
change leaves nothing behind. Editing the working draft (jobs and parts) writes no timeline entry:
what the customer was sent is the version, recorded when it is submitted.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor, ActorKind
from fixloop.estimates import machine, money, signals
from fixloop.estimates.machine import Event
from fixloop.estimates.models import (
    Decision,
    DecisionChannel,
    DisputeMessage,
    DisputeSubject,
    Estimate,
    EstimateVersion,
    Job,
    JobDecision,
    Part,
    RequiredWork,
)
from fixloop.repairs.models import TimelineEntry, WorkOrder
from fixloop.repairs.services import attach_file
from fixloop.repairs.timeline import record
from fixloop.shop.models import VatRate

State = Estimate.State
DEFAULT_VALID_DAYS = 14
VALIDITY_MAX_DAYS = 365
NOTE_MAX_LENGTH = 2000
AMOUNT_MAX = Decimal("9999999.99")
HOURS_MAX = Decimal("99999.99")
STAFF_CHANNELS = {
    DecisionChannel.PHONE,
    DecisionChannel.FAX,
    DecisionChannel.EMAIL,
    DecisionChannel.IN_PERSON,
}


# ----------------------------------------------------------------------------- helpers


def local_today(estimate: Estimate) -> date:
    return timezone.now().astimezone(estimate.work_order.location.zone).date()


def is_expired(estimate: Estimate, today: date | None = None) -> bool:
    return (today or local_today(estimate)) > estimate.valid_until


def _locked(estimate: Estimate) -> Estimate:
    """Re-read the estimate under a row lock: two tabs or two clerks act one after the other, and the
    second sees what the first did."""
    fresh = Estimate.objects.select_for_update().select_related("work_order__location").get(pk=estimate.pk)
    for field in ("state", "valid_until", "note", "current_version_id", "dispute_acknowledged_at"):
        setattr(estimate, field, getattr(fresh, field))
    return fresh


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


def _text(value: str, field: str, errors: dict, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > max_length:
        errors[field] = _("Keep it under %(count)d characters.") % {"count": max_length}
    return value


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
    note = _text(note, "note", errors, max_length=NOTE_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    return Estimate.objects.create(work_order=work_order, valid_until=valid_until, note=note)


def _check_validity(valid_until: date, today: date) -> None:
    if valid_until < today:
        raise ValidationError({"valid_until": _("Choose today or a later date.")})
    if valid_until > today + timedelta(days=VALIDITY_MAX_DAYS):
        raise ValidationError({"valid_until": _("Choose a date within a year.")})


@transaction.atomic
def update_note(estimate: Estimate, note: str, *, by: Actor) -> Estimate:
    errors: dict = {}
    note = _text(note, "note", errors, max_length=NOTE_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    _locked(estimate)
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
    description = _text(description, "description", errors, max_length=300)
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
    _locked(estimate)
    if job is None:
        job = Job(estimate=estimate, position=estimate.jobs.count() + 1)
    job.description, job.pricing, job.vat_rate = description, pricing, vat_rate
    job.hours, job.hourly_rate, job.fixed_price = hours, hourly_rate, fixed_price
    job.save()
    estimate.save(update_fields=["updated_at"])
    return job


@transaction.atomic
def remove_job(job: Job, *, by: Actor) -> None:
    estimate = _locked(job.estimate)
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
    part_number = _text(part_number, "part_number", errors, max_length=40, required=False)
    description = _text(description, "description", errors, max_length=300)
    _check_amount(quantity, "quantity", errors, places=3)
    if "quantity" not in errors and quantity == 0:
        errors["quantity"] = _("Enter a quantity above zero.")
    _check_amount(unit_price, "unit_price", errors)
    _check_vat_rate(estimate, vat_rate, errors)
    if part is not None and part.job.estimate_id != estimate.pk:
        errors["part"] = _("This part belongs to another estimate.")
    if errors:
        raise ValidationError(errors)
    _locked(estimate)
    if part is None:
        part = Part(position=Part.objects.filter(job__estimate=estimate).count() + 1)
    part.job, part.part_number, part.description = job, part_number, description
    part.quantity, part.unit_price, part.vat_rate = quantity, unit_price, vat_rate
    part.save()
    estimate.save(update_fields=["updated_at"])
    return part


@transaction.atomic
def remove_part(part: Part, *, by: Actor) -> None:
    estimate = _locked(part.job.estimate)
    part.delete()
    estimate.save(update_fields=["updated_at"])


# ----------------------------------------------------------------------------- snapshots


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(data) -> str:
    return hashlib.sha256(_canonical(data)).hexdigest()


def _job_content(job: Job) -> dict:
    rate = job.vat_rate.rate
    if job.pricing == Job.Pricing.HOURLY:
        labour = money.line(job.hours or 0, job.hourly_rate or 0, rate)
    else:
        labour = money.line(Decimal(1), job.fixed_price or 0, rate)
    parts = []
    for part in job.parts.all():
        amounts = money.line(part.quantity, part.unit_price, part.vat_rate.rate)
        parts.append(
            {
                "key": part.pk,
                "part_number": part.part_number,
                "description": part.description,
                "quantity": str(part.quantity.normalize()),
                "unit_price": str(part.unit_price),
                "vat_rate": str(part.vat_rate.rate),
                "amounts": amounts.as_dict(),
            }
        )
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
    content["hash"] = _sha256(content)
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


def content_hash(content: dict) -> str:
    return _sha256(content)


def has_unsent_changes(estimate: Estimate) -> bool:
    version = estimate.current_version
    return version is None or content_hash(snapshot(estimate)) != version.content_hash


# ----------------------------------------------------------------------------- sending a version


@transaction.atomic
def submit(estimate: Estimate, *, by: Actor, notify: bool = True) -> EstimateVersion:
    """Freeze the draft as the next version and ask the customer to decide. Jobs the customer
    already approved and that did not change keep their approval; everything else needs a decision."""
    _locked(estimate)
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
    total = money.Amounts.from_dict(content["total"])
    version = EstimateVersion.objects.create(
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
    carried = _carry_over_approvals(estimate, version)
    decided = len(carried) == len(content["jobs"])
    target = State.APPROVED if decided else State.AWAITING
    machine.check(estimate.state, Event.SUBMIT, target)
    estimate.state, estimate.current_version, estimate.dispute_acknowledged_at = target, version, None
    estimate.save(update_fields=["state", "current_version", "dispute_acknowledged_at", "updated_at"])
    if decided:
        _sync_required_work(estimate, version)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        text=_("Estimate version %(number)d sent: %(amount)s %(currency)s.")
        % {"number": version.number, "amount": _shown_total(version), "currency": content["currency"]},
        data={
            "event": "submitted",
            "estimate": estimate.pk,
            "version": version.number,
            "hash": digest,
            "carried_over": sorted(carried),
        },
    )
    signals.estimate_submitted.send(
        sender=Estimate, estimate=estimate, version=version, entry=entry, notify=notify
    )
    return version


def _shown_total(version: EstimateVersion) -> str:
    return str(money.Amounts.from_dict(version.content["total"]).shown(version.content["prices_include_vat"]))


def _carry_over_approvals(estimate: Estimate, version: EstimateVersion) -> set[int]:
    """Approve again, without asking, every job whose content is exactly what the customer approved."""
    approved = {
        work.job_key: work
        for work in RequiredWork.objects.filter(
            work_order_id=estimate.work_order_id, cancelled_at__isnull=True
        )
    }
    carried = set()
    for job in version.jobs:
        work = approved.get(job["key"])
        if work is not None and work.job_hash == job["hash"]:
            JobDecision.objects.create(
                version=version,
                job_key=job["key"],
                decision=Decision.APPROVED,
                channel=DecisionChannel.CARRIED_OVER,
                carried_over_from_id=work.decision_id,
            )
            carried.add(job["key"])
    return carried


# ----------------------------------------------------------------------------- the customer's decision


@dataclass(frozen=True)
class Choice:
    """The decision on one job, as the customer (or staff on their behalf) gave it."""

    decision: str
    dispute_subject: str = ""
    note: str = ""
    photo: object = None  # an uploaded file, for a dispute


def _outcome(decisions: list[str]) -> str:
    if Decision.DISPUTED in decisions:
        return State.DISPUTED
    if all(decision == Decision.APPROVED for decision in decisions):
        return State.APPROVED
    if all(decision == Decision.DECLINED for decision in decisions):
        return State.DECLINED
    return State.PARTLY_APPROVED


def pending_jobs(version: EstimateVersion) -> list[dict]:
    decided = set(version.decisions.values_list("job_key", flat=True))
    return [job for job in version.jobs if job["key"] not in decided]


def _check_choices(version: EstimateVersion, choices: dict, errors: dict) -> list[dict]:
    pending = pending_jobs(version)
    pending_keys = {job["key"] for job in pending}
    for key in choices:
        if key not in pending_keys:
            errors[f"job_{key}"] = _("This job is not awaiting a decision on this estimate.")
    for job in pending:
        field = f"job_{job['key']}"
        choice = choices.get(job["key"])
        if choice is None or choice.decision not in Decision.values:
            errors[field] = _("Approve, decline or dispute this job.")
        elif choice.decision == Decision.DISPUTED:
            if choice.dispute_subject not in DisputeSubject.values:
                errors[field] = _("Say what you dispute: labour, parts or both.")
            elif not (choice.note or "").strip():
                errors[field] = _("Tell us what you dispute in a short note.")
            elif len(choice.note.strip()) > NOTE_MAX_LENGTH:
                errors[field] = _("Keep the note under %(count)d characters.") % {"count": NOTE_MAX_LENGTH}
    return pending


def _expired_message(estimate: Estimate) -> str:
    location = estimate.work_order.location
    return _(
        "This estimate expired on %(date)s and can no longer be approved. "
        "Please call %(location)s at %(phone)s to have it renewed."
    ) % {
        "date": estimate.valid_until.strftime("%d.%m.%Y"),
        "location": location.name,
        "phone": location.phone or "—",
    }


@transaction.atomic
def decide(
    estimate: Estimate,
    *,
    version_number: int,
    version_hash: str,
    choices: dict[int, Choice],
    signed_name: str,
    authorised: bool,
    by: Actor,
    channel: str = DecisionChannel.ONLINE,
    decided_at: datetime | None = None,
) -> list[JobDecision]:
    """Record the customer's decision on every job of the current version still awaiting one.

    Online, the customer types their name and ticks the authorisation. Staff recording a decision
    received by phone, fax, e-mail or in person give the channel, the contact's name and when it was
    given. The version number and hash come from the page the decision was made on: a decision on
    a version that is no longer current (a stale page) is refused.
    """
    _locked(estimate)
    machine.check(estimate.state, Event.DECIDE)
    version = estimate.current_version
    if version.number != version_number or not hmac.compare_digest(version.content_hash, str(version_hash)):
        raise ValidationError(
            _(
                "This estimate has changed since the page was opened. Please look at the new version and decide again."
            ),
            code="stale",
        )
    if is_expired(estimate):
        raise ValidationError(_expired_message(estimate), code="expired")
    errors: dict = {}
    pending = _check_choices(version, choices, errors)
    signed_name = _text(signed_name, "signed_name", errors, max_length=200)
    now = timezone.now()
    if channel == DecisionChannel.ONLINE:
        if not authorised:
            errors["authorised"] = _("Tick the box to confirm your authorisation.")
    elif channel in STAFF_CHANNELS and by.kind == ActorKind.STAFF:
        decided_at = decided_at or now
        if decided_at > now:
            errors["decided_at"] = _("The time the customer decided cannot be in the future.")
        elif decided_at < version.submitted_at:
            errors["decided_at"] = _("The time the customer decided cannot be before the version was sent.")
    else:
        errors["channel"] = _("Choose how the customer gave the decision.")
    if errors:
        raise ValidationError(errors)
    decided_at = decided_at or now
    on_behalf = channel != DecisionChannel.ONLINE
    decisions = []
    for job in pending:
        choice = choices[job["key"]]
        decisions.append(
            JobDecision.objects.create(
                version=version,
                job_key=job["key"],
                decision=choice.decision,
                dispute_subject=choice.dispute_subject if choice.decision == Decision.DISPUTED else "",
                note=(choice.note or "").strip(),
                channel=channel,
                signed_name=signed_name,
                recorded_by=by.user if on_behalf else None,
                ip=by.ip,
                user_agent=by.user_agent,
                decided_at=decided_at,
            )
        )
        if choice.decision == Decision.DISPUTED:
            _add_dispute_message(
                estimate, version, job["key"], choice.note, choice.photo, by=by, name=signed_name
            )
    all_decisions = list(version.decisions.values_list("decision", flat=True))
    target = _outcome(all_decisions)
    machine.check(estimate.state, Event.DECIDE, target)
    estimate.state = target
    estimate.save(update_fields=["state", "updated_at"])
    _sync_required_work(estimate, version)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        text=_decision_summary(version, decisions, target, signed_name, channel, by, decided_at),
        data={
            "event": "decided",
            "estimate": estimate.pk,
            "version": version.number,
            "hash": version.content_hash,
            "decisions": {str(d.job_key): d.decision for d in decisions},
            "channel": channel,
            "signed_name": signed_name,
            "decided_at": decided_at.isoformat(),
        },
    )
    signals.estimate_decided.send(
        sender=Estimate, estimate=estimate, version=version, decisions=decisions, entry=entry
    )
    return decisions


def _channel_phrase(channel: str) -> str:
    """How the decision came, as it reads inside a sentence."""
    return {
        DecisionChannel.PHONE: _("by phone"),
        DecisionChannel.FAX: _("by fax"),
        DecisionChannel.EMAIL: _("by e-mail"),
        DecisionChannel.IN_PERSON: _("in person"),
    }[channel]


def _decision_summary(version, decisions, state, signed_name, channel, by: Actor, decided_at) -> str:
    counts = {value: sum(1 for d in decisions if d.decision == value) for value in Decision.values}
    summary = _(
        "Estimate version %(number)d %(state)s: %(approved)d approved, %(declined)d declined, %(disputed)d disputed."
    ) % {
        "number": version.number,
        "state": State(state).label.lower(),
        "approved": counts[Decision.APPROVED],
        "declined": counts[Decision.DECLINED],
        "disputed": counts[Decision.DISPUTED],
    }
    if channel == DecisionChannel.ONLINE:
        return summary + " " + _("Authorised online by %(name)s.") % {"name": signed_name}
    return (
        summary
        + " "
        + _("Recorded by %(staff)s on the customer's behalf: %(channel)s, %(name)s, %(time)s.")
        % {
            "staff": by.display_name,
            "channel": _channel_phrase(channel),
            "name": signed_name,
            "time": decided_at.astimezone(version.estimate.work_order.location.zone).strftime(
                "%d.%m.%Y %H:%M"
            ),
        }
    )


def _sync_required_work(estimate: Estimate, version: EstimateVersion) -> None:
    """Work required = the approved jobs of the version just decided. A job approved earlier and
    carried over keeps its row; a job no longer approved (changed, declined, removed) is cancelled."""
    now = timezone.now()
    approved = {d.job_key: d for d in version.decisions.filter(decision=Decision.APPROVED)}
    current = {
        work.job_key: work
        for work in RequiredWork.objects.select_for_update().filter(
            work_order_id=estimate.work_order_id, cancelled_at__isnull=True
        )
    }
    kept = set()
    for key, work in current.items():
        decision = approved.get(key)
        if decision is not None and work.decision_id in (decision.pk, decision.carried_over_from_id):
            kept.add(key)
        else:
            work.cancelled_at = now
            work.save(update_fields=["cancelled_at"])
    jobs = {job["key"]: job for job in version.jobs}
    for key, decision in approved.items():
        if key in kept:
            continue
        job = jobs[key]
        RequiredWork.objects.create(
            work_order_id=estimate.work_order_id,
            version=version,
            decision=decision,
            job_key=key,
            job_hash=job["hash"],
            description=job["description"],
            hours=Decimal(job["hours"]) if job["hours"] is not None else None,
            parts=[
                {
                    "part_number": part["part_number"],
                    "description": part["description"],
                    "quantity": part["quantity"],
                }
                for part in job["parts"]
            ],
            gross=Decimal(job["total"]["gross"]),
            approved_at=decision.decided_at,
        )


# ----------------------------------------------------------------------------- disputes and validity


def _add_dispute_message(
    estimate, version, job_key, text, photo, *, by: Actor, name: str = ""
) -> DisputeMessage:
    attachment = None
    if photo is not None:
        attachment = attach_file(
            estimate.work_order, photo, public=False, by=by, note=_("Photo for the estimate dispute")
        )
    return DisputeMessage.objects.create(
        estimate=estimate,
        version=version,
        job_key=job_key,
        side=DisputeMessage.Side.STAFF if by.kind == ActorKind.STAFF else DisputeMessage.Side.CUSTOMER,
        author_name=(name or by.display_name)[:200],
        user=by.user,
        text=text.strip(),
        photo=attachment,
        ip=by.ip,
    )


@transaction.atomic
def add_dispute_message(
    estimate: Estimate, text: str, *, by: Actor, photo=None, name: str = ""
) -> DisputeMessage:
    """A note in the dispute thread, from the customer (through their link) or from staff."""
    errors: dict = {}
    text = _text(text, "text", errors, max_length=NOTE_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)
    _locked(estimate)
    machine.check(estimate.state, Event.DISCUSS)
    message = _add_dispute_message(estimate, estimate.current_version, None, text, photo, by=by, name=name)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        text=text,
        data={"event": "dispute_note", "estimate": estimate.pk, "message": message.pk, "side": message.side},
    )
    estimate.save(update_fields=["updated_at"])
    signals.dispute_message_added.send(sender=Estimate, estimate=estimate, message=message, entry=entry)
    return message


@transaction.atomic
def acknowledge_dispute(estimate: Estimate, *, by: Actor, note: str = "") -> Estimate:
    """Staff tell the customer they are looking at the dispute (optionally with a note)."""
    errors: dict = {}
    note = _text(note, "note", errors, max_length=NOTE_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    _locked(estimate)
    machine.check(estimate.state, Event.ACKNOWLEDGE)
    if estimate.dispute_acknowledged_at is not None:
        raise ValidationError(_("The dispute was already acknowledged."))
    estimate.dispute_acknowledged_at = timezone.now()
    estimate.save(update_fields=["dispute_acknowledged_at", "updated_at"])
    message = None
    if note:
        message = _add_dispute_message(estimate, estimate.current_version, None, note, None, by=by)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        text=_("The shop acknowledged the dispute and is reviewing the estimate."),
        data={"event": "dispute_acknowledged", "estimate": estimate.pk},
    )
    if message is not None:
        signals.dispute_message_added.send(sender=Estimate, estimate=estimate, message=message, entry=entry)
    return estimate


@transaction.atomic
def extend(estimate: Estimate, valid_until: date, *, by: Actor) -> Estimate:
    _locked(estimate)
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
        text=_("Estimate valid until %(date)s.") % {"date": valid_until.strftime("%d.%m.%Y")},
        data={
            "event": "extended",
            "estimate": estimate.pk,
            "from": previous.isoformat(),
            "to": valid_until.isoformat(),
        },
    )
    signals.estimate_extended.send(sender=Estimate, estimate=estimate, entry=entry)
    return estimate


# ----------------------------------------------------------------------------- batch approval


@dataclass(frozen=True)
class BatchItem:
    """One estimate on the batch-approval page: approve or decline every job still awaiting a decision."""

    estimate_id: int
    version_number: int
    version_hash: str
    decision: str  # Decision.APPROVED or Decision.DECLINED


@transaction.atomic
def decide_batch(
    estimates: QuerySet[Estimate], items: list[BatchItem], *, signed_name: str, authorised: bool, by: Actor
) -> dict[int, list[JobDecision]]:
    """Decide several estimates in one submit, all or nothing. `estimates` is what the customer's
    link may see (links.estimates_for): an estimate outside it is refused like any other error."""
    if not items:
        raise ValidationError(_("Choose approve or decline for at least one estimate."))
    errors: dict = {}
    results: dict[int, list[JobDecision]] = {}
    for item in items:
        field = f"estimate_{item.estimate_id}"
        estimate = estimates.filter(pk=item.estimate_id).first()
        if estimate is None:
            errors[field] = _("This estimate was not found.")
            continue
        if item.decision not in (Decision.APPROVED, Decision.DECLINED):
            errors[field] = _("Choose approve or decline.")
            continue
        version = estimate.current_version
        choices = (
            {} if version is None else {job["key"]: Choice(item.decision) for job in pending_jobs(version)}
        )
        try:
            with transaction.atomic():
                results[estimate.pk] = decide(
                    estimate,
                    version_number=item.version_number,
                    version_hash=item.version_hash,
                    choices=choices,
                    signed_name=signed_name,
                    authorised=authorised,
                    by=by,
                )
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {field: error.messages}
            for key, value in messages.items():
                target = key if key in ("signed_name", "authorised") else field
                errors.setdefault(target, []).extend(value)
    if errors:
        raise ValidationError(errors)
    return results
