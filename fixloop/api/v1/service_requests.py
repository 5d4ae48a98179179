"""Service (booking) requests from customers: list and read them with their open times; accept one
(confirm a time: the work order is opened) or reject one with a reason — through
fixloop.bookings.services.confirm / decline, as the back office's buttons do. `version` is the
request's version as read: a request that changed meanwhile is answered 409."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema

from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.pagination import ListQuery, page
from fixloop.api.v1.problems import ApiProblem, field_error
from fixloop.api.v1.shared import ID_MAX, IdPath, get
from fixloop.api.v1.work_orders import related, technicians
from fixloop.bookings import queries
from fixloop.bookings import services as booking_services
from fixloop.bookings.models import BookingSlot
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import User

router = Router(tags=["service requests"], auth=TokenAuth("service_requests"))


LINKS = {
    "accept_service_request": {
        "200": {"read_work_order": {"work_order_id": "$response.body#/work_order_id"}}
    },
}


class SlotOut(Schema):
    id: int
    location_id: int
    starts_at: datetime
    ends_at: datetime
    offered_by: str


class ServiceRequestOut(Schema):
    id: int
    state: str
    version: int
    customer_id: int | None
    unit_id: int | None
    unit_description: str
    problem_description: str
    preferred_location_id: int | None
    requester_name: str
    requester_email: str
    requester_phone: str
    work_order_id: int | None
    rejection_reason: str
    open_slots: list[SlotOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_open_slots(request) -> list:
        return list(request.booking_slots.filter(state=BookingSlot.State.OPEN).order_by("starts_at", "id"))


class ServiceRequestPage(Schema):
    items: list[ServiceRequestOut]
    next_cursor: str | None


class ServiceRequestQuery(ListQuery):
    state: str | None = Field(None, max_length=20, description="pending, waiting_shop, accepted, …")


class AcceptIn(Schema):
    version: int = Field(..., ge=1, le=ID_MAX)
    slot_id: int | None = Field(None, ge=1, le=ID_MAX, description="May be left out when one time is open.")
    technician_id: int | None = Field(None, ge=1, le=ID_MAX)
    promised_date: date | None = None
    message: str = Field("", max_length=2000, description="For the customer.")


class RejectIn(Schema):
    version: int = Field(..., ge=1, le=ID_MAX)
    reason: str = Field(..., max_length=2000, description="The customer is told.")


def get_request(request_id: int) -> ServiceRequest:
    return get(queries.for_staff(), pk=request_id)


def decided(call):
    try:
        return call()
    except booking_services.StaleRequest as stale:
        raise ApiProblem(
            409,
            "The request changed meanwhile; read it again.",
            errors=[field_error("version", f"The request is now at version {stale.current.version}.")],
            kind="stale",
        ) from None


@router.get("", response=ServiceRequestPage, summary="List service requests")
def list_service_requests(request, query: Query[ServiceRequestQuery]):
    found = queries.for_staff()
    if query.state:
        found = found.filter(state=query.state)
    return page(found, query)


@router.get("/{request_id}", response=ServiceRequestOut, summary="Read a service request")
def read_service_request(request, request_id: int = IdPath()):
    return get_request(request_id)


@router.post("/{request_id}/accept", response=ServiceRequestOut, summary="Accept: confirm a time")
def accept_service_request(request, payload: AcceptIn, request_id: int = IdPath()):
    """Confirms one of the open times; the work order is opened and the customer is told."""
    service_request = get_request(request_id)
    technician = related(User, payload.technician_id, "technician_id", technicians())
    if payload.slot_id is not None and not service_request.booking_slots.filter(pk=payload.slot_id).exists():
        raise ApiProblem(422, "No such time.", errors=[field_error("slot_id", "Not a time of this request.")])
    decided(
        lambda: booking_services.confirm(
            service_request,
            version=payload.version,
            slot=payload.slot_id,
            technician=technician,
            promised_date=payload.promised_date,
            message=payload.message,
            by=actor(request),
        )
    )
    return get_request(request_id)


@router.post("/{request_id}/reject", response=ServiceRequestOut, summary="Reject with a reason")
def reject_service_request(request, payload: RejectIn, request_id: int = IdPath()):
    service_request = get_request(request_id)
    decided(
        lambda: booking_services.decline(
            service_request, version=payload.version, reason=payload.reason, by=actor(request)
        )
    )
    return get_request(request_id)
