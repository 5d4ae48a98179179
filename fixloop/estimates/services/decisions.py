"""The customer's decision: per job of the current version (approve, decline or dispute), online
with a typed name and authorisation or recorded by staff on the customer's behalf; several estimates
at once from an account's batch link; approvals carried over to a new version whose job did not
change; and the work required that approved jobs become."""

import hmac
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor, ActorKind
from fixloop.core.text import clean_text as tidy_text
from fixloop.estimates import machine, signals
from fixloop.estimates.machine import Event
from fixloop.estimates.models import (
    Decision,
    DecisionChannel,
    DisputeSubject,
    Estimate,
    EstimateVersion,
    JobDecision,
    RequiredWork,
)
from fixloop.estimates.presentation import expired_message
from fixloop.estimates.services.disputes import write_dispute_message
from fixloop.estimates.services.shared import NOTE_MAX_LENGTH, clean_text, is_expired, locked
from fixloop.estimates.services.status_moves import follow_estimate
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.timeline import record

State = Estimate.State
STAFF_CHANNELS = {
    DecisionChannel.PHONE,
    DecisionChannel.FAX,
    DecisionChannel.EMAIL,
    DecisionChannel.IN_PERSON,
}


@dataclass(frozen=True)
class Choice:
    """The decision on one job, as the customer (or staff on their behalf) gave it."""

    decision: str
    dispute_subject: str = ""
    note: str = ""
    photo: object = None  # an uploaded file, for a dispute


@dataclass(frozen=True)
class BatchItem:
    """One estimate on the batch-approval page: approve or decline every job still awaiting a decision."""

    estimate_id: int
    version_number: int
    version_hash: str
    decision: str  # Decision.APPROVED or Decision.DECLINED


@dataclass(frozen=True)
class _Signature:
    """Who gave the decision, how and when: the name typed or given, the channel and the moment."""

    name: str
    channel: str
    at: datetime


def pending_jobs(version: EstimateVersion) -> list[dict]:
    decided = set(version.decisions.values_list("job_key", flat=True))
    return [job for job in version.jobs if job["key"] not in decided]


def _outcome(decisions: list[str]) -> str:
    if Decision.DISPUTED in decisions:
        return State.DISPUTED
    if all(decision == Decision.APPROVED for decision in decisions):
        return State.APPROVED
    if all(decision == Decision.DECLINED for decision in decisions):
        return State.DECLINED
    return State.PARTLY_APPROVED


# ----------------------------------------------------------------------------- checking the input


def _check_current(
    estimate: Estimate, version: EstimateVersion, version_number: int, version_hash: str
) -> None:
    """Refuse a decision made on a page showing an older version, or on an expired estimate."""
    if version.number != version_number or not hmac.compare_digest(version.content_hash, str(version_hash)):
        raise ValidationError(
            _(
                "This estimate has changed since the page was opened. Please look at the new version and decide again."
            ),
            code="stale",
        )
    if is_expired(estimate):
        raise ValidationError(expired_message(estimate), code="expired")


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
            elif not tidy_text(choice.note):
                errors[field] = _("Tell us what you dispute in a short note.")
            elif len(tidy_text(choice.note)) > NOTE_MAX_LENGTH:
                errors[field] = _("Keep the note under %(count)d characters.") % {"count": NOTE_MAX_LENGTH}
    return pending


def _check_channel(
    version: EstimateVersion, channel: str, authorised: bool, by: Actor, decided_at, now, errors: dict
) -> None:
    """Online the customer ticks the authorisation; staff give a channel and a moment in the past."""
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


def _checked_input(
    version: EstimateVersion,
    choices: dict,
    signed_name: str,
    authorised: bool,
    by: Actor,
    channel,
    decided_at,
) -> tuple[list[dict], _Signature]:
    """The jobs awaiting a decision and the signature, or every problem at once."""
    errors: dict = {}
    pending = _check_choices(version, choices, errors)
    signed_name = clean_text(signed_name, "signed_name", errors, max_length=200)
    now = timezone.now()
    _check_channel(version, channel, authorised, by, decided_at, now, errors)
    if errors:
        raise ValidationError(errors)
    return pending, _Signature(signed_name, channel, decided_at or now)


# ----------------------------------------------------------------------------- recording it


def _store_decision(
    estimate: Estimate,
    version: EstimateVersion,
    job_key: int,
    choice: Choice,
    signature: _Signature,
    by: Actor,
) -> JobDecision:
    """The decision on one job, and a disputed job's note as the first message of the thread."""
    decision = JobDecision.objects.create(
        version=version,
        job_key=job_key,
        decision=choice.decision,
        dispute_subject=choice.dispute_subject if choice.decision == Decision.DISPUTED else "",
        note=tidy_text(choice.note),
        channel=signature.channel,
        signed_name=signature.name,
        recorded_by=by.user if signature.channel != DecisionChannel.ONLINE else None,
        ip=by.ip,
        user_agent=by.user_agent,
        decided_at=signature.at,
    )
    if choice.decision == Decision.DISPUTED:
        write_dispute_message(
            estimate, version, job_key, choice.note, choice.photo, by=by, name=signature.name
        )
    return decision


def _record_decisions(
    estimate: Estimate,
    version: EstimateVersion,
    decisions: list[JobDecision],
    signature: _Signature,
    by: Actor,
) -> TimelineEntry:
    return record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        data={
            "event": "decided",
            "estimate": estimate.pk,
            "state": estimate.state,
            "version": version.number,
            "hash": version.content_hash,
            "decisions": {str(d.job_key): d.decision for d in decisions},
            "channel": signature.channel,
            "signed_name": signature.name,
            "decided_at": signature.at.isoformat(),
        },
    )


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
    locked(estimate)
    machine.check(estimate.state, Event.DECIDE)
    version = estimate.current_version
    _check_current(estimate, version, version_number, version_hash)
    pending, signature = _checked_input(version, choices, signed_name, authorised, by, channel, decided_at)
    decisions = [
        _store_decision(estimate, version, job["key"], choices[job["key"]], signature, by) for job in pending
    ]
    target = _outcome(list(version.decisions.values_list("decision", flat=True)))
    machine.check(estimate.state, Event.DECIDE, target)
    estimate.state = target
    estimate.save(update_fields=["state", "updated_at"])
    sync_required_work(estimate, version)
    entry = _record_decisions(estimate, version, decisions, signature, by)
    signals.estimate_decided.send(
        sender=Estimate, estimate=estimate, version=version, decisions=decisions, entry=entry
    )
    follow_estimate(estimate, by=by)
    return decisions


# ----------------------------------------------------------------------------- approvals and work required


def carry_over_approvals(estimate: Estimate, version: EstimateVersion) -> set[int]:
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


def _required_work(
    estimate: Estimate, version: EstimateVersion, job: dict, decision: JobDecision
) -> RequiredWork:
    return RequiredWork.objects.create(
        work_order_id=estimate.work_order_id,
        version=version,
        decision=decision,
        job_key=job["key"],
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


def sync_required_work(estimate: Estimate, version: EstimateVersion) -> None:
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
        if key not in kept:
            _required_work(estimate, version, jobs[key], decision)


# ----------------------------------------------------------------------------- batch approval


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
