"""E-mails to the customer about a booking request (bookings/signals.py): the link that confirms a
request from the public form, and each answer of the shop (other times suggested, the appointment
confirmed with its calendar file, the request declined), in the language the request was made in.

They are answers to what the customer asked, so the region's client-notification rules do not
apply (as for "estimate ready"); the customer's opt-outs do. They go by e-mail, to the person who
asked: the portal user who sent the request (with a link to its page while they still have
access), the address given on the public form, or the account's address for one staff entered.
The customer's own steps (accept, counter-propose, withdraw) send them nothing: they see the page.

One e-mail per step: confirming and declining also fire repairs' service_request_accepted /
rejected, whose notifications (and the "new work order" one) would tell the same again. This
message is the one that carries the appointment and its calendar file, so those are cancelled
while they wait to go out (notifications.leave_to_booking_message). When this one cannot be sent
(no valid address, an opt-out), they are left to go out as before.
"""

from django.utils import translation

from fixloop.bookings import presentation, signals
from fixloop.bookings.calendar import ics_for
from fixloop.bookings.models import BookingSlot, BookingStep
from fixloop.core.actor import ActorKind
from fixloop.core.contact import format_phone
from fixloop.customers.services.portal_access import is_portal_user
from fixloop.messaging import notifications, services
from fixloop.messaging.models import DUE_STATES, Channel
from fixloop.portal import links
from fixloop.portal.scope import PortalScope
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import ShopProfile

Kind = BookingStep.Kind
# The shop's steps that the customer is told of, and the message kind of each.
SHOP_ANSWERS = {
    Kind.SUGGESTED: "booking.suggested",
    Kind.CONFIRMED: "booking.confirmed",
    Kind.DECLINED: "booking.declined",
}
CALENDAR_FILE = ("appointment.ics", "text/calendar")


def connect() -> None:
    """Listen to the bookings signals (called once from MessagingConfig.ready)."""
    signals.booking_confirmation_requested.connect(
        on_confirmation_requested, dispatch_uid="fixloop.messaging.bookings.on_confirmation_requested"
    )
    signals.booking_step.connect(on_booking_step, dispatch_uid="fixloop.messaging.bookings.on_booking_step")


def language_of(request: ServiceRequest) -> str:
    customer_language = request.customer.language if request.customer_id else ""
    return request.language or customer_language or ShopProfile.get().default_language


def _location_context(request: ServiceRequest) -> dict:
    """The unit and location placeholders; a request entered before locations were asked for has none."""
    location = request.preferred_location
    return {
        "unit": str(request.unit) if request.unit_id else request.unit_description,
        "location_name": location.name if location else "",
        "location_phone": format_phone(location.phone) if location else "",
    }


def on_confirmation_requested(sender, request, confirmation, token, **kwargs):
    if token is None:  # the key the link was made with is gone: there is no link to send
        return
    language = language_of(request)
    location = request.preferred_location
    slots = request.booking_slots.filter(state=BookingSlot.State.OPEN).select_related("location")
    with translation.override(language):
        context = {
            **_location_context(request),
            "customer_name": request.requester_name,
            "booking_link": "",
            "confirm_link": links.absolute(links.booking_confirm_path(token)),
            "valid_until": presentation.when(confirmation.expires_at, location),
            "requested_times": presentation.slot_lines(slots),
        }
    services.queue_message(
        "booking.confirm_email",
        channel=Channel.EMAIL,
        to=confirmation.email,
        language=language,
        context=context,
        dedupe_key=f"booking-confirmation:{confirmation.pk}",
        purpose=confirmation,
        reply_to=location.email,
    )


def recipient(request: ServiceRequest) -> tuple[str, str, bool]:
    """(address, name, whether they may open the request's portal page) of the person to tell."""
    if request.source == ServiceRequest.Source.PUBLIC:
        return request.requester_email, request.requester_name, False
    requested = next((step for step in request.booking_steps.all() if step.kind == Kind.REQUESTED), None)
    person = requested.user if requested is not None else None
    if (
        person is not None
        and person.email
        and is_portal_user(person)
        and request.customer_id in PortalScope(person).customer_ids
    ):
        return person.email, person.get_full_name() or request.customer.name, True
    customer = request.customer
    return customer.email, customer.contact_name or customer.name, False


def _answer_context(request: ServiceRequest, step: BookingStep, portal: bool) -> dict:
    context = {**_location_context(request), "message": step.text, "reason": step.text}
    context["booking_link"] = links.absolute(links.booking_path(request.pk)) if portal else ""
    slots = request.booking_slots.filter(step=step).select_related("location")
    context["suggested_times"] = presentation.slot_lines(slots)
    if step.kind == Kind.CONFIRMED:
        booked = request.booking_slots.select_related("location").get(pk=step.data["slot"])
        location = booked.location
        context["appointment"] = presentation.when(booked.starts_at, location)
        context["location_address"] = f"{location.address_line}, {location.postal_code} {location.city}"
        context["location_name"] = location.name
    return context


def on_booking_step(sender, request, step, previous_state, **kwargs):
    kind = SHOP_ANSWERS.get(step.kind)
    if kind is None or step.actor == ActorKind.CUSTOMER:
        return
    address, name, portal = recipient(request)
    language = language_of(request)
    with translation.override(language):
        context = {**_answer_context(request, step, portal), "customer_name": name}
    confirmed = step.kind == Kind.CONFIRMED
    message = services.queue_message(
        kind,
        channel=Channel.EMAIL,
        customer=request.customer,
        to=address,
        work_order=request.work_order if confirmed else None,
        language=language,
        context=context,
        dedupe_key=f"booking-step:{step.pk}",
        purpose=step,
        attachments=[(*CALENDAR_FILE, ics_for(request))] if confirmed else [],
        reply_to=request.preferred_location.email if request.preferred_location else "",
        created_by=step.user,
    )
    if step.kind in (Kind.CONFIRMED, Kind.DECLINED) and message.state in DUE_STATES:
        notifications.leave_to_booking_message(request, by=step.user or step.actor_name)
