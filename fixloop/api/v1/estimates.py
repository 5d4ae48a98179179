"""Estimates of work orders: start one with its draft (jobs and their parts), change the draft,
send it to the customer as the next version, read the versions with the customer's decision per
job and the dispute thread, and issue or revoke the customer's approval link. Every write calls
fixloop.estimates.services as the back office's estimate tab does, with the integration as the
actor: the timeline entries, status moves and customer messages follow exactly as when staff act.

A job's `id` is its key in every version (`content.jobs[].key`, `decisions[].job_key`): a job the
customer approved and that is sent again unchanged keeps its approval."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema, Status

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.pagination import ListQuery, PageQuery, page
from fixloop.api.v1.problems import ApiProblem, field_error
from fixloop.api.v1.shared import ID_MAX, IdPath, dump, get
from fixloop.api.v1.work_orders import related
from fixloop.estimates import services
from fixloop.estimates.models import DisputeMessage, Estimate, EstimateVersion, Job, JobDecision, Part
from fixloop.portal.approval_links import url_of
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import VatRate

router = Router(tags=["estimates"], auth=TokenAuth("estimates"))

MONEY = {"max_digits": 9, "decimal_places": 2, "ge": 0}
JOBS_MAX = 100
PARTS_MAX = 100


# ----------------------------------------------------------------------------- schemas


class PartOut(Schema):
    id: int
    job_id: int
    position: int
    part_number: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate_id: int


class JobOut(Schema):
    id: int
    position: int
    description: str
    pricing: str = Field(..., description="hourly (hours × rate) or fixed")
    hours: Decimal | None
    hourly_rate: Decimal | None
    fixed_price: Decimal | None
    vat_rate_id: int
    parts: list[PartOut]

    @staticmethod
    def resolve_parts(job) -> list:
        return list(job.parts.all())


class EstimateOut(Schema):
    id: int
    work_order_id: int
    state: str = Field(..., description="draft, awaiting, approved, partly_approved, declined or disputed")
    valid_until: date
    note: str
    current_version: int | None = Field(..., description="The number of the version the customer has.")
    dispute_acknowledged_at: datetime | None
    jobs: list[JobOut] = Field(..., description="The working draft: what the next version will send.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_current_version(estimate) -> int | None:
        version = estimate.current_version
        return version.number if version is not None else None

    @staticmethod
    def resolve_jobs(estimate) -> list:
        return list(estimate.jobs.all())


class EstimatePage(Schema):
    items: list[EstimateOut]
    next_cursor: str | None


class DecisionOut(Schema):
    job_key: int = Field(..., description="The job's id.")
    decision: str = Field(..., description="approved, declined or disputed")
    dispute_subject: str
    note: str
    channel: str = Field(..., description="online, phone, fax, email, in_person or carried_over")
    signed_name: str
    decided_at: datetime


class VersionOut(Schema):
    id: int
    number: int
    content: dict[str, Any] = Field(..., description="What was sent: jobs with parts, totals, VAT per rate.")
    content_hash: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    submitted_at: datetime
    submitted_by_name: str
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_decisions(version) -> list:
        return list(version.decisions.all())


class VersionPage(Schema):
    items: list[VersionOut]
    next_cursor: str | None


class DisputeMessageOut(Schema):
    id: int
    version: int
    job_key: int | None
    side: str = Field(..., description="customer or staff")
    author_name: str
    text: str
    photo_attachment_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_version(message) -> int:
        return message.version.number

    @staticmethod
    def resolve_photo_attachment_id(message) -> int | None:
        return message.photo_id


class DisputeMessagePage(Schema):
    items: list[DisputeMessageOut]
    next_cursor: str | None


class ApprovalLinkOut(Schema):
    url: str | None = Field(..., description="The customer's page to decide on the estimate.")
    expires_at: datetime


class RevokedOut(Schema):
    revoked: int = Field(..., description="How many links stopped working.")


class EstimateQuery(ListQuery):
    work_order_id: int | None = Field(None, ge=1, le=ID_MAX)
    state: Estimate.State | None = None


class PartIn(Schema):
    description: str = Field(..., max_length=300)
    part_number: str = Field("", max_length=40)
    quantity: Decimal = Field(..., max_digits=10, decimal_places=3, gt=0)
    unit_price: Decimal = Field(..., **MONEY)
    vat_rate_id: int | None = Field(
        None, ge=1, le=ID_MAX, description="Default: the location's default rate."
    )


class PartPatch(Schema):
    """Only the fields sent are changed."""

    description: str = Field(None, max_length=300)
    part_number: str = Field(None, max_length=40)
    quantity: Decimal = Field(None, max_digits=10, decimal_places=3, gt=0)
    unit_price: Decimal = Field(None, **MONEY)
    vat_rate_id: int = Field(None, ge=1, le=ID_MAX)


class JobFields(Schema):
    pricing: str = Field("hourly", pattern="^(hourly|fixed)$", description="hourly or fixed")
    hours: Decimal | None = Field(None, max_digits=7, decimal_places=2, ge=0, description="With hourly.")
    hourly_rate: Decimal | None = Field(None, description="With hourly.", **MONEY)
    fixed_price: Decimal | None = Field(None, description="With fixed.", **MONEY)
    vat_rate_id: int | None = Field(
        None, ge=1, le=ID_MAX, description="Default: the location's default rate."
    )


class JobIn(JobFields):
    description: str = Field(..., max_length=300)
    parts: list[PartIn] = Field([], max_length=PARTS_MAX)


class JobPatch(JobFields):
    """Only the fields sent are changed (parts have their own endpoints)."""

    description: str = Field(None, max_length=300)
    pricing: str = Field(None, pattern="^(hourly|fixed)$")


class EstimateIn(Schema):
    work_order_id: int = Field(..., ge=1, le=ID_MAX)
    valid_until: date | None = Field(None, description="Default: 14 days from today.")
    note: str = Field("", max_length=services.NOTE_MAX_LENGTH, description="Shown to the customer.")
    jobs: list[JobIn] = Field([], max_length=JOBS_MAX)


class EstimatePatch(Schema):
    """Only the fields sent are changed; a new `valid_until` extends (or shortens) the validity."""

    note: str = Field(None, max_length=services.NOTE_MAX_LENGTH)
    valid_until: date = None


class SubmitIn(Schema):
    notify: bool = Field(True, description="Send the customer the estimate message (with the approval link).")


# ----------------------------------------------------------------------------- helpers


def estimates():
    return Estimate.objects.select_related("current_version", "work_order").prefetch_related(
        Prefetch("jobs", queryset=Job.objects.prefetch_related("parts"))
    )


def get_estimate(estimate_id: int) -> Estimate:
    return get(estimates(), pk=estimate_id)


def in_fields(prefix: str, call):
    """Run a service; its field errors are named under `prefix` (e.g. "jobs.0.") and vat_rate is
    vat_rate_id, as the body says."""
    try:
        return call()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {
                prefix + ("vat_rate_id" if name == "vat_rate" else name): errors
                for name, errors in error.error_dict.items()
            }
        ) from None


def vat_rate(estimate: Estimate, vat_rate_id: int | None, field: str) -> VatRate:
    """The rate the body names, or the default of the work order's location."""
    rates = VatRate.objects.filter(location_id=estimate.work_order.location_id)
    found = rates.filter(pk=vat_rate_id).first() if vat_rate_id else rates.filter(is_default=True).first()
    if found is None:
        message = "Not a VAT rate of the work order's location." if vat_rate_id else "Name a VAT rate."
        raise ApiProblem(422, message, errors=[field_error(field, message)], kind="refused")
    return found


def add_job(estimate: Estimate, job_in: JobIn, by, prefix: str = "") -> Job:
    job = in_fields(
        prefix,
        lambda: services.save_job(
            estimate,
            by=by,
            description=job_in.description,
            pricing=job_in.pricing,
            vat_rate=vat_rate(estimate, job_in.vat_rate_id, prefix + "vat_rate_id"),
            hours=job_in.hours,
            hourly_rate=job_in.hourly_rate,
            fixed_price=job_in.fixed_price,
        ),
    )
    for number, part_in in enumerate(job_in.parts):
        add_part(estimate, job, part_in, by, f"{prefix}parts.{number}.")
    return job


def add_part(estimate: Estimate, job: Job, part_in: PartIn, by, prefix: str = "") -> Part:
    return in_fields(
        prefix,
        lambda: services.save_part(
            estimate,
            by=by,
            job=job,
            part_number=part_in.part_number,
            description=part_in.description,
            quantity=part_in.quantity,
            unit_price=part_in.unit_price,
            vat_rate=vat_rate(estimate, part_in.vat_rate_id, prefix + "vat_rate_id"),
        ),
    )


def get_job(estimate: Estimate, job_id: int) -> Job:
    return get(Job.objects.prefetch_related("parts"), pk=job_id, estimate=estimate)


def get_part(estimate: Estimate, part_id: int) -> Part:
    return get(Part.objects.select_related("job"), pk=part_id, job__estimate=estimate)


def versions(estimate: Estimate):
    return EstimateVersion.objects.filter(estimate=estimate).prefetch_related(
        Prefetch("decisions", queryset=JobDecision.objects.order_by("job_key"))
    )


# ----------------------------------------------------------------------------- estimates


@router.get("", response=EstimatePage, summary="List estimates")
def list_estimates(request, query: Query[EstimateQuery]):
    found = estimates()
    if query.work_order_id:
        found = found.filter(work_order_id=query.work_order_id)
    if query.state:
        found = found.filter(state=query.state)
    return page(found, query)


@router.get("/{estimate_id}", response=EstimateOut, summary="Read an estimate and its draft")
def read_estimate(request, estimate_id: int = IdPath()):
    return get_estimate(estimate_id)


@router.post("", response={201: EstimateOut}, summary="Start an estimate with its draft")
def create_estimate(request, payload: EstimateIn, key: str | None = idempotency.IdempotencyKey):
    """A work order has one estimate. The draft's jobs (each with its parts) are written with it;
    nothing is sent to the customer until it is submitted."""

    def make():
        work_order = related(WorkOrder, payload.work_order_id, "work_order_id")
        by = actor(request)
        estimate = services.start_estimate(
            work_order, by=by, valid_until=payload.valid_until, note=payload.note
        )
        for number, job_in in enumerate(payload.jobs):
            add_job(estimate, job_in, by, f"jobs.{number}.")
        return 201, dump(EstimateOut, get_estimate(estimate.pk))

    return idempotency.create(request, key, make)


@router.patch("/{estimate_id}", response=EstimateOut, summary="Change the note or the validity")
def update_estimate(request, payload: EstimatePatch, estimate_id: int = IdPath()):
    estimate = get_estimate(estimate_id)
    sent = payload.dict(exclude_unset=True)
    if sent.get("note", "") is None:
        raise ApiProblem(422, "A note is text.", errors=[field_error("note", "Null is not text.")])
    if "valid_until" in sent and sent["valid_until"] is None:
        raise ApiProblem(422, "Give a date.", errors=[field_error("valid_until", "Give a date.")])
    by = actor(request)
    if "note" in sent:
        services.update_note(estimate, sent["note"], by=by)
    if "valid_until" in sent and sent["valid_until"] != estimate.valid_until:
        services.extend(estimate, sent["valid_until"], by=by)
    return get_estimate(estimate_id)


@router.post("/{estimate_id}/submit", response={201: VersionOut}, summary="Send the draft to the customer")
def submit(
    request, payload: SubmitIn, estimate_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey
):
    """Freezes the draft as the next version and asks the customer to decide (with `notify`, the
    customer gets the estimate message with the approval link)."""
    estimate = get_estimate(estimate_id)

    def make():
        version = services.submit(estimate, by=actor(request), notify=payload.notify)
        return 201, dump(VersionOut, versions(estimate).get(pk=version.pk))

    return idempotency.create(request, key, make)


# ----------------------------------------------------------------------------- the draft's jobs and parts


@router.post("/{estimate_id}/jobs", response={201: JobOut}, summary="Add a job (with parts) to the draft")
def create_job(
    request, payload: JobIn, estimate_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey
):
    estimate = get_estimate(estimate_id)

    def make():
        job = add_job(estimate, payload, actor(request))
        return 201, dump(JobOut, get_job(estimate, job.pk))

    return idempotency.create(request, key, make)


@router.patch("/{estimate_id}/jobs/{job_id}", response=JobOut, summary="Change a job of the draft")
def update_job(request, payload: JobPatch, estimate_id: int = IdPath(), job_id: int = IdPath()):
    estimate = get_estimate(estimate_id)
    job = get_job(estimate, job_id)
    sent = payload.dict(exclude_unset=True)
    for name in ("description", "pricing", "vat_rate_id"):
        if name in sent and sent[name] is None:
            raise ApiProblem(422, f"{name} cannot be null.", errors=[field_error(name, "Cannot be null.")])
    values = {
        "description": job.description,
        "pricing": job.pricing,
        "hours": job.hours,
        "hourly_rate": job.hourly_rate,
        "fixed_price": job.fixed_price,
        **sent,
    }
    rate = vat_rate(estimate, sent["vat_rate_id"], "vat_rate_id") if "vat_rate_id" in sent else job.vat_rate
    values.pop("vat_rate_id", None)
    in_fields("", lambda: services.save_job(estimate, by=actor(request), job=job, vat_rate=rate, **values))
    return get_job(estimate, job_id)


@router.delete("/{estimate_id}/jobs/{job_id}", response={204: None}, summary="Remove a job from the draft")
def delete_job(request, estimate_id: int = IdPath(), job_id: int = IdPath()):
    estimate = get_estimate(estimate_id)
    services.remove_job(get_job(estimate, job_id), by=actor(request))
    return Status(204, None)


@router.post("/{estimate_id}/jobs/{job_id}/parts", response={201: PartOut}, summary="Add a part to a job")
def create_part(
    request,
    payload: PartIn,
    estimate_id: int = IdPath(),
    job_id: int = IdPath(),
    key: str | None = idempotency.IdempotencyKey,
):
    estimate = get_estimate(estimate_id)
    job = get_job(estimate, job_id)

    def make():
        return 201, dump(PartOut, add_part(estimate, job, payload, actor(request)))

    return idempotency.create(request, key, make)


@router.patch("/{estimate_id}/parts/{part_id}", response=PartOut, summary="Change a part of the draft")
def update_part(request, payload: PartPatch, estimate_id: int = IdPath(), part_id: int = IdPath()):
    estimate = get_estimate(estimate_id)
    part = get_part(estimate, part_id)
    sent = payload.dict(exclude_unset=True)
    for name, value in sent.items():
        if value is None:
            raise ApiProblem(422, f"{name} cannot be null.", errors=[field_error(name, "Cannot be null.")])
    values = {
        "part_number": part.part_number,
        "description": part.description,
        "quantity": part.quantity,
        "unit_price": part.unit_price,
        **sent,
    }
    rate = vat_rate(estimate, sent["vat_rate_id"], "vat_rate_id") if "vat_rate_id" in sent else part.vat_rate
    values.pop("vat_rate_id", None)
    return in_fields(
        "",
        lambda: services.save_part(
            estimate, by=actor(request), job=part.job, part=part, vat_rate=rate, **values
        ),
    )


@router.delete("/{estimate_id}/parts/{part_id}", response={204: None}, summary="Remove a part from the draft")
def delete_part(request, estimate_id: int = IdPath(), part_id: int = IdPath()):
    estimate = get_estimate(estimate_id)
    services.remove_part(get_part(estimate, part_id), by=actor(request))
    return Status(204, None)


# ----------------------------------------------------------------------------- versions, decisions, disputes


@router.get("/{estimate_id}/versions", response=VersionPage, summary="List the versions sent, with decisions")
def list_versions(request, query: Query[PageQuery], estimate_id: int = IdPath()):
    """Oldest first; each with the customer's decision per job (`decisions`, by job key)."""
    return page(versions(get_estimate(estimate_id)), query, by_updated=False)


@router.get("/{estimate_id}/versions/{number}", response=VersionOut, summary="Read one version")
def read_version(request, estimate_id: int = IdPath(), number: int = IdPath("The version's number.")):
    return get(versions(get_estimate(estimate_id)), number=number)


@router.get("/{estimate_id}/dispute-messages", response=DisputeMessagePage, summary="Read the dispute thread")
def dispute_messages(request, query: Query[PageQuery], estimate_id: int = IdPath()):
    estimate = get_estimate(estimate_id)
    found = DisputeMessage.objects.filter(estimate=estimate).select_related("version")
    return page(found, query, by_updated=False)


# ----------------------------------------------------------------------------- approval links


@router.post(
    "/{estimate_id}/approval-link", response={201: ApprovalLinkOut}, summary="Issue the approval link"
)
def issue_approval_link(request, estimate_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey):
    """The customer's page to decide on this estimate (the current link if it runs for another week,
    else a new one), e.g. to put into a message of your own. Only for a sent estimate."""
    estimate = get_estimate(estimate_id)
    if estimate.state == Estimate.State.DRAFT:
        raise ApiProblem(409, "The estimate has not been sent to the customer yet.", kind="refused")

    def make():
        link = services.links.link_for_estimate(estimate, by=actor(request))
        return 201, {"url": url_of(link), "expires_at": link.expires_at}

    return idempotency.create(request, key, make)


@router.delete("/{estimate_id}/approval-link", response=RevokedOut, summary="Revoke the approval links")
def revoke_approval_links(request, estimate_id: int = IdPath()):
    """Every link of this estimate stops working at once; the next message carries a new one."""
    estimate = get_estimate(estimate_id)
    return {"revoked": services.links.revoke_links(estimate, by=actor(request))}
