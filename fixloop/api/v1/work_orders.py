"""Work orders: list, read, open, change details, change status, comment (public or internal),
attach a file, close, reopen, and read the timeline. Every write calls the service the back office's
work-order page calls (fixloop.repairs.services), with the integration as the actor: timeline
entries, signals and customer notifications happen exactly as when staff act."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, File, Form, Query, Router, Schema, UploadedFile

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.pagination import ListQuery, PageQuery, page
from fixloop.api.v1.problems import ApiProblem, field_error
from fixloop.api.v1.shared import ID_MAX, IdPath, dump, get
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.repairs import services
from fixloop.repairs.models import Status, TimelineEntry, WorkOrder
from fixloop.shop.models import Location, Role, User

router = Router(tags=["work orders"], auth=TokenAuth("work_orders"))

WORK_ORDER = {"work_order_id": "$response.body#/id"}
WORK_ORDER_OPERATIONS = [
    "read_work_order",
    "update_work_order",
    "change_work_order_status",
    "comment_on_work_order",
    "close_work_order",
    "reopen_work_order",
    "read_timeline",
    "read_tracking_link",
    "issue_tracking_link",
    "revoke_tracking_link",
]
LINKS = {
    source: {status: {target: WORK_ORDER for target in WORK_ORDER_OPERATIONS}}
    for source, status in [
        ("create_work_order", "201"),
        ("update_work_order", "200"),
        ("change_work_order_status", "200"),
        ("close_work_order", "200"),
        ("reopen_work_order", "200"),
    ]
}

TEXT_MAX = services.COMMENT_MAX_LENGTH


class WorkOrderOut(Schema):
    id: int
    number: str
    customer_id: int
    unit_id: int | None
    location_id: int
    status_id: int
    status_name: str = Field(..., description="The staff name of the status, in the request's language.")
    phase: str
    problem_description: str
    promised_date: date | None
    technician_id: int | None
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_status_name(work_order) -> str:
        return work_order.status.name()

    @staticmethod
    def resolve_phase(work_order) -> str:
        return work_order.status.phase


class WorkOrderPage(Schema):
    items: list[WorkOrderOut]
    next_cursor: str | None


class WorkOrderQuery(ListQuery):
    customer_id: int | None = Field(None, ge=1, le=ID_MAX)
    status_id: int | None = Field(None, ge=1, le=ID_MAX)
    state: Literal["open", "closed", "all"] = "all"


class WorkOrderIn(Schema):
    customer_id: int = Field(..., ge=1, le=ID_MAX)
    problem_description: str = Field(..., min_length=1, max_length=TEXT_MAX, pattern=r"\S")
    unit_id: int | None = Field(None, ge=1, le=ID_MAX)
    location_id: int | None = Field(None, ge=1, le=ID_MAX, description="Default: the first active location.")
    promised_date: date | None = None
    technician_id: int | None = Field(None, ge=1, le=ID_MAX)
    number: str = Field(
        "",
        pattern=r"^([A-Za-z0-9][A-Za-z0-9._-]{0,19})?$",
        description="Your own number; default: Fixloop's next one.",
    )


class WorkOrderPatch(Schema):
    """Only the fields sent are changed (technician_id and promised_date may be null)."""

    problem_description: str = Field(None, min_length=1, max_length=TEXT_MAX, pattern=r"\S")
    promised_date: date | None = None
    technician_id: int | None = Field(None, ge=1, le=ID_MAX)


class StatusChange(Schema):
    status_id: int = Field(..., ge=1, le=ID_MAX)


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=TEXT_MAX, pattern=r"\S")
    public: bool = Field(False, description="Shown to the customer (and notified) when true.")


class CloseIn(Schema):
    status_id: int | None = Field(None, ge=1, le=ID_MAX, description="Default: the first closed status.")
    note: str = Field("", max_length=TEXT_MAX)


class ReopenIn(Schema):
    reason: str = Field(..., min_length=1, max_length=TEXT_MAX, pattern=r"\S")
    status_id: int | None = Field(None, ge=1, le=ID_MAX, description="Default: the first open status.")


class TimelineEntryOut(Schema):
    id: int
    kind: str
    public: bool
    text: str
    data: dict[str, Any]
    actor: str = Field(..., description="staff, customer, system or integration")
    actor_name: str
    attachment_id: int | None
    created_at: datetime


class TimelinePage(Schema):
    items: list[TimelineEntryOut]
    next_cursor: str | None


class AttachmentOut(Schema):
    id: int
    work_order_id: int
    original_name: str
    content_type: str
    size: int
    public: bool
    created_at: datetime


def refused(field: str, message: str):
    return ApiProblem(422, message, errors=[field_error(field, message)], kind="refused")


def related(model, pk, field: str, queryset=None):
    """The object a body's `field` names, or a 422 naming the field."""
    if pk is None:
        return None
    found = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if found is None:
        raise refused(field, f"No such {model._meta.model_name} ({pk}).")
    return found


def technicians():
    return User.objects.filter(is_active=True, groups__name=Role.TECHNICIAN)


def work_orders():
    return WorkOrder.objects.with_related()


def get_work_order(work_order_id: int) -> WorkOrder:
    return get(work_orders(), pk=work_order_id)


def fresh(work_order: WorkOrder) -> WorkOrder:
    return work_orders().get(pk=work_order.pk)


@router.get("", response=WorkOrderPage, summary="List work orders")
def list_work_orders(request, query: Query[WorkOrderQuery]):
    found = work_orders()
    if query.customer_id:
        found = found.filter(customer_id=query.customer_id)
    if query.status_id:
        found = found.filter(status_id=query.status_id)
    if query.state != "all":
        found = found.filter(closed_at__isnull=query.state == "open")
    return page(found, query)


@router.get("/{work_order_id}", response=WorkOrderOut, summary="Read a work order")
def read_work_order(request, work_order_id: int = IdPath()):
    return get_work_order(work_order_id)


@router.post("", response={201: WorkOrderOut}, summary="Open a work order")
def create_work_order(request, payload: WorkOrderIn, key: str | None = idempotency.IdempotencyKey):
    def make():
        customer = related(CustomerAccount, payload.customer_id, "customer_id")
        if payload.location_id is None:
            location = Location.objects.filter(active=True).order_by("id").first()
            if location is None:
                raise refused("location_id", "No active location is configured.")
        else:
            location = related(Location, payload.location_id, "location_id")
        work_order = services.open_work_order(
            customer=customer,
            location=location,
            problem_description=payload.problem_description,
            unit=related(Unit, payload.unit_id, "unit_id"),
            promised_date=payload.promised_date,
            technician=related(User, payload.technician_id, "technician_id", technicians()),
            number=payload.number,
            by=actor(request),
        )
        return 201, dump(WorkOrderOut, work_order)  # as written, with its status: no second read

    return idempotency.create(request, key, make)


@router.patch("/{work_order_id}", response=WorkOrderOut, summary="Change a work order's details")
def update_work_order(request, payload: WorkOrderPatch, work_order_id: int = IdPath()):
    work_order = get_work_order(work_order_id)
    sent = payload.dict(exclude_unset=True)
    changes = {}
    if "problem_description" in sent:
        if sent["problem_description"] is None:
            raise refused("problem_description", "Describe the problem.")
        changes["problem_description"] = sent["problem_description"]
    if "promised_date" in sent:
        changes["promised_date"] = sent["promised_date"]
    if "technician_id" in sent:
        changes["technician"] = related(User, sent["technician_id"], "technician_id", technicians())
    services.update_details(work_order, by=actor(request), **changes)
    return fresh(work_order)


@router.post("/{work_order_id}/status", response=WorkOrderOut, summary="Change the status")
def change_work_order_status(request, payload: StatusChange, work_order_id: int = IdPath()):
    work_order = get_work_order(work_order_id)
    status = related(Status, payload.status_id, "status_id")
    services.change_status(work_order, status, by=actor(request))
    return fresh(work_order)


@router.post("/{work_order_id}/comments", response={201: TimelineEntryOut}, summary="Add a comment")
def comment_on_work_order(
    request, payload: CommentIn, work_order_id: int = IdPath(), key: str | None = idempotency.IdempotencyKey
):
    work_order = get_work_order(work_order_id)

    def make():
        entry = services.add_comment(work_order, payload.text, public=payload.public, by=actor(request))
        return 201, dump(TimelineEntryOut, entry)

    return idempotency.create(request, key, make)


@router.post("/{work_order_id}/files", response={201: AttachmentOut}, summary="Attach a file")
def attach_file_to_work_order(
    request,
    file: File[UploadedFile],
    public: Form[bool] = False,
    note: Form[str] = "",
    work_order_id: int = IdPath(),
    key: str | None = idempotency.IdempotencyKey,
):
    """multipart/form-data with `file` (PDF, images, text…: checked by content, as in the back
    office), `public` and `note`."""
    work_order = get_work_order(work_order_id)
    if "\x00" in note or len(note) > TEXT_MAX:
        raise refused("note", f"A note has at most {TEXT_MAX} characters and no NUL character.")

    def make():
        attachment = services.attach_file(work_order, file, public=public, note=note, by=actor(request))
        return 201, dump(AttachmentOut, attachment)

    return idempotency.create(request, key, make)


@router.post("/{work_order_id}/close", response=WorkOrderOut, summary="Close a work order")
def close_work_order(request, payload: CloseIn, work_order_id: int = IdPath()):
    work_order = get_work_order(work_order_id)
    status = related(Status, payload.status_id, "status_id")
    services.close(work_order, status=status, note=payload.note, by=actor(request))
    return fresh(work_order)


@router.post("/{work_order_id}/reopen", response=WorkOrderOut, summary="Reopen a work order")
def reopen_work_order(request, payload: ReopenIn, work_order_id: int = IdPath()):
    work_order = get_work_order(work_order_id)
    status = related(Status, payload.status_id, "status_id")
    services.reopen(work_order, reason=payload.reason, status=status, by=actor(request))
    return fresh(work_order)


@router.get("/{work_order_id}/timeline", response=TimelinePage, summary="Read the timeline")
def read_timeline(request, query: Query[PageQuery], work_order_id: int = IdPath()):
    """Every entry, public and internal, oldest first."""
    work_order = get_work_order(work_order_id)
    return page(TimelineEntry.objects.filter(work_order=work_order), query, by_updated=False)
