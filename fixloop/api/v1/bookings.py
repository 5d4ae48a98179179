"""Booking requests as a negotiation: every time either side offered (open, booked or released) and
the history both sides see, and the shop's answers the back office gives — suggest other times,
confirm one time (the work order is opened), decline with a reason — through
fixloop.bookings.services with the integration as the actor. Each answer carries the `version` of
the request as read: a request that changed meanwhile is answered 409."""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from fixloop.api.v1.auth import TokenAuth, actor
from fixloop.api.v1.pagination import ListQuery, page
from fixloop.api.v1.problems import ApiProblem, field_error
from fixloop.api.v1.service_requests import decided
from fixloop.api.v1.shared import ID_MAX, IdPath, get
from fixloop.api.v1.work_orders import related, technicians
from fixloop.bookings import queries
from fixloop.bookings import services as booking_services
from fixloop.bookings.validation import MESSAGE_MAX_LENGTH
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import User

router = Router(tags=["bookings"], auth=TokenAuth("bookings"))

# The services' field names → the API's.
YEARS = (2000, 2999)  # times outside are no bookings (and the far ends overflow in other zones)
FIELD_NAMES = {"slot": "slot_id", "technician": "technician_id", "location": "preferred_location_id"}


class BookingSlotOut(Schema):
    id: int
    location_id: int
    starts_at: datetime
    ends_at: datetime
    offered_by: str = Field(..., description="customer or shop")
    state: str = Field(..., description="open (offered), chosen (booked) or released")
    step_id: int


class BookingStepOut(Schema):
    id: int
    kind: str = Field(..., description="requested, suggested, accepted, countered, confirmed, declined, …")
    state: str = Field(..., description="The request's state afterwards.")
    text: str
    actor: str = Field(..., description="staff, customer, system or integration")
    actor_name: str
    created_at: datetime


class BookingOut(Schema):
    id: int
    state: str
    version: int
    source: str
    customer_id: int | None
    unit_id: int | None
    unit_description: str
    problem_description: str
    preferred_location_id: int | None
    work_order_id: int | None
    rejection_reason: str
    slots: list[BookingSlotOut]
    steps: list[BookingStepOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_slots(request) -> list:
        return sorted(request.booking_slots.all(), key=lambda slot: (slot.starts_at, slot.pk))

    @staticmethod
    def resolve_steps(request) -> list:
        return list(request.booking_steps.all())


class BookingPage(Schema):
    items: list[BookingOut]
    next_cursor: str | None


class BookingQuery(ListQuery):
    state: ServiceRequest.State | None = Field(
        None, description="pending, waiting_customer, waiting_shop, accepted, rejected, withdrawn"
    )
    customer_id: int | None = Field(None, ge=1, le=ID_MAX)


class SuggestIn(Schema):
    version: int = Field(..., ge=1, le=ID_MAX)
    slots: list[datetime] = Field(
        ...,
        max_length=booking_services.MAX_SHOP_SLOTS,
        description="Start times (ISO 8601 with a time zone) at the request's location; the customer's "
        "open times are released.",
    )
    message: str = Field("", max_length=MESSAGE_MAX_LENGTH, description="For the customer.")


class ConfirmIn(Schema):
    version: int = Field(..., ge=1, le=ID_MAX)
    slot_id: int | None = Field(None, ge=1, le=ID_MAX, description="May be left out when one time is open.")
    technician_id: int | None = Field(None, ge=1, le=ID_MAX)
    promised_date: date | None = None
    create_estimate: bool = Field(False, description="Start an estimate draft for the new work order.")
    message: str = Field("", max_length=MESSAGE_MAX_LENGTH, description="For the customer.")


class DeclineIn(Schema):
    version: int = Field(..., ge=1, le=ID_MAX)
    reason: str = Field(..., max_length=MESSAGE_MAX_LENGTH, description="The customer is told.")


def get_booking(booking_id: int) -> ServiceRequest:
    return get(queries.for_staff(), pk=booking_id)


def answered(call):
    """Run a bookings service: a stale version is 409, a refusal names the API's fields."""

    def renamed():
        try:
            return call()
        except booking_services.StaleRequest:
            raise
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(
                {FIELD_NAMES.get(name, name): errors for name, errors in error.error_dict.items()}
            ) from None

    return decided(renamed)


@router.get("", response=BookingPage, summary="List booking requests")
def list_bookings(request, query: Query[BookingQuery]):
    found = queries.for_staff()
    if query.state:
        found = found.filter(state=query.state)
    if query.customer_id:
        found = found.filter(customer_id=query.customer_id)
    return page(found, query)


@router.get("/{booking_id}", response=BookingOut, summary="Read a booking request")
def read_booking(request, booking_id: int = IdPath()):
    return get_booking(booking_id)


@router.post("/{booking_id}/suggest", response=BookingOut, summary="Suggest other times")
def suggest(request, payload: SuggestIn, booking_id: int = IdPath()):
    """The customer is asked to accept one of these times (or to propose others)."""
    booking = get_booking(booking_id)
    for number, start in enumerate(payload.slots):
        try:
            usable = timezone.is_aware(start) and YEARS[0] <= start.astimezone(UTC).year <= YEARS[1]
        except OverflowError:
            usable = False
        if not usable:
            raise ApiProblem(
                422,
                "Give each time with a time zone, e.g. 2026-12-08T09:00:00+01:00.",
                errors=[field_error(f"slots.{number}", "A time with a time zone, within these years.")],
                kind="invalid-input",
            )
    answered(
        lambda: booking_services.suggest(
            booking, version=payload.version, slots=payload.slots, message=payload.message, by=actor(request)
        )
    )
    return get_booking(booking_id)


@router.post("/{booking_id}/confirm", response=BookingOut, summary="Confirm a time")
def confirm(request, payload: ConfirmIn, booking_id: int = IdPath()):
    """Books one of the open times: the work order is opened (`work_order_id`) and the customer told."""
    booking = get_booking(booking_id)
    technician = related(User, payload.technician_id, "technician_id", technicians())
    answered(
        lambda: booking_services.confirm(
            booking,
            version=payload.version,
            slot=payload.slot_id,
            technician=technician,
            promised_date=payload.promised_date,
            create_estimate=payload.create_estimate,
            message=payload.message,
            by=actor(request),
        )
    )
    return get_booking(booking_id)


@router.post("/{booking_id}/decline", response=BookingOut, summary="Decline with a reason")
def decline(request, payload: DeclineIn, booking_id: int = IdPath()):
    booking = get_booking(booking_id)
    answered(
        lambda: booking_services.decline(
            booking, version=payload.version, reason=payload.reason, by=actor(request)
        )
    )
    return get_booking(booking_id)
