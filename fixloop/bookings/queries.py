"""Which booking requests a page may show: the scoping helper every customer-facing booking query
goes through, the staff queue, and the look-up of an e-mail confirmation link."""

import hmac

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.bookings.machine import OPEN_STATES
from fixloop.bookings.models import BookingSlot, BookingStep, EmailConfirmation
from fixloop.core import tokens
from fixloop.customers.models import CustomerAccount
from fixloop.repairs.models import ServiceRequest

State = ServiceRequest.State


def _with_related(requests: QuerySet) -> QuerySet:
    return requests.select_related("customer", "unit", "preferred_location", "work_order").prefetch_related(
        Prefetch("booking_slots", queryset=BookingSlot.objects.select_related("location")),
        Prefetch("booking_steps", queryset=BookingStep.objects.select_related("user")),
        "booking_photos",
    )


def requests_for(customers) -> QuerySet[ServiceRequest]:
    """The booking requests of these customer accounts (one account, or the accounts a portal user
    belongs to: a queryset or a list). A request from the public form appears once its e-mail address
    is confirmed (before that it has no account)."""
    if isinstance(customers, CustomerAccount):
        customers = [customers]
    return _with_related(ServiceRequest.objects.filter(customer__in=customers)).order_by("-created_at", "-id")


def for_staff() -> QuerySet[ServiceRequest]:
    """Every request staff may see: all but those still waiting for their e-mail confirmation."""
    return _with_related(ServiceRequest.objects.exclude(state=State.UNCONFIRMED))


def staff_queue(state: str) -> QuerySet[ServiceRequest]:
    """One column of the queue: new (pending), waiting for the customer, waiting for the shop."""
    if state not in OPEN_STATES:
        raise ValueError(f"not a queue state: {state!r}")
    return for_staff().filter(state=state).order_by("updated_at", "id")


def confirmed_between(starts, ends) -> QuerySet[ServiceRequest]:
    """Confirmed requests whose booked time starts in [starts, ends) (e.g. today, this week), by time."""
    return (
        for_staff()
        .filter(
            state=State.ACCEPTED,
            booking_slots__state=BookingSlot.State.CHOSEN,
            booking_slots__starts_at__gte=starts,
            booking_slots__starts_at__lt=ends,
        )
        .order_by("booking_slots__starts_at", "id")
    )


def find_confirmation(token: str, *, lock: bool = False) -> EmailConfirmation | None:
    """The e-mail confirmation with this token (locked for update when asked), or None."""
    if not tokens.well_formed(token):
        return None
    token_hash = tokens.hash_token(token)
    confirmations = EmailConfirmation.objects.all()
    if lock:
        confirmations = confirmations.select_for_update()
    found = confirmations.filter(token_hash=token_hash).first()
    if found is None or not hmac.compare_digest(found.token_hash, token_hash):
        return None
    return found


def confirmation_problem(confirmation: EmailConfirmation | None) -> str:
    """Why this confirmation link cannot be used (any more), or "" when it can."""
    if confirmation is None:
        return _("This confirmation link is not valid.")
    if confirmation.used_at is not None:
        return _("This link has already been used: the shop has your request.")
    if confirmation.expires_at <= timezone.now():
        return _("This confirmation link has expired; please send your request again.")
    return ""
