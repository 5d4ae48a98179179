"""What the booking pages show, built from a request and its prefetched slots, steps and photos (no
further queries): the list's groups, and one request's history, times and the answers its state
allows. Used by portal/views/bookings.py."""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.bookings import machine, presentation
from fixloop.bookings.machine import Event
from fixloop.bookings.models import BookingSlot, Side
from fixloop.core.actor import ActorKind
from fixloop.core.contact import format_phone
from fixloop.portal.forms.bookings import AcceptForm, CounterForm, WithdrawForm
from fixloop.portal.slot_picker import picker_from
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import ShopProfile

State = ServiceRequest.State
OPEN, CHOSEN = BookingSlot.State.OPEN, BookingSlot.State.CHOSEN
CLOSED_SHOWN = 30  # the list shows the most recent closed requests only


def unit_text(service_request) -> str:
    return str(service_request.unit) if service_request.unit_id else service_request.unit_description


def _slots(service_request, *, state=None, side=None) -> list:
    return [
        slot
        for slot in service_request.booking_slots.all()
        if (state is None or slot.state == state) and (side is None or slot.offered_by == side)
    ]


# ----------------------------------------------------------------------------- the list


@dataclass
class Row:
    request: ServiceRequest
    state: str
    unit: str
    times: list  # labels
    url: str


@dataclass
class Group:
    key: str
    title: str
    hint: str
    rows: list = field(default_factory=list)


def _booked(service_request) -> BookingSlot | None:
    return next(iter(_slots(service_request, state=CHOSEN)), None)


def group_requests(requests, now: datetime | None = None) -> list[Group]:
    """The requests by what they wait for: the customer's answer, the shop, the appointment, nothing."""
    now = now or timezone.now()
    groups = {
        "answer": Group(
            "answer", _("Waiting for your answer"), _("The shop suggested other times. Please choose one.")
        ),
        "shop": Group("shop", _("Waiting for the shop"), ""),
        "upcoming": Group("upcoming", _("Confirmed appointments"), ""),
        "closed": Group("closed", _("Past and closed"), ""),
    }
    for service_request in requests:
        booked = _booked(service_request)
        if service_request.state == State.WAITING_CUSTOMER:
            key, times = "answer", _slots(service_request, state=OPEN, side=Side.SHOP)
        elif service_request.state in (State.PENDING, State.WAITING_SHOP):
            key, times = "shop", _slots(service_request, state=OPEN)
        elif booked is not None and service_request.state == State.ACCEPTED and booked.ends_at > now:
            key, times = "upcoming", [booked]
        else:
            key, times = "closed", [booked] if booked else []
        groups[key].rows.append(
            Row(
                request=service_request,
                state=presentation.customer_state(service_request.state),
                unit=unit_text(service_request),
                times=[presentation.when(slot.starts_at, slot.location) for slot in times],
                url=reverse("portal:booking", args=[service_request.pk]),
            )
        )
    groups["upcoming"].rows.sort(key=lambda row: _booked(row.request).starts_at)
    groups["closed"].rows = groups["closed"].rows[:CLOSED_SHOWN]
    return [group for group in groups.values() if group.rows]


# ----------------------------------------------------------------------------- one request


@dataclass
class HistoryRow:
    kind: str
    title: str
    side: str  # customer or shop
    who: str
    at: datetime
    at_text: str  # on the location's clock
    text: str
    times: list  # (label, state) of the times offered in this step
    chosen: str  # the time accepted or booked in this step


SLOT_STATE_TEXT = {
    OPEN: gettext_lazy("offered"),
    CHOSEN: gettext_lazy("booked"),
    BookingSlot.State.RELEASED: gettext_lazy("no longer offered"),
}


def history(service_request) -> list[HistoryRow]:
    slots = list(service_request.booking_slots.all())
    by_pk = {slot.pk: slot for slot in slots}
    shop_name = ShopProfile.get().name
    rows = []
    for step in service_request.booking_steps.all():
        side = Side.CUSTOMER if step.actor == ActorKind.CUSTOMER else Side.SHOP
        chosen = by_pk.get(step.data.get("slot")) if step.data.get("slot") else None
        rows.append(
            HistoryRow(
                kind=step.kind,
                title=presentation.step_title(step.kind),
                side=side,
                who=(step.actor_name or _("You")) if side == Side.CUSTOMER else shop_name,
                at=step.created_at,
                at_text=presentation.when(
                    step.created_at, service_request.preferred_location, with_zone=False
                ),
                text=step.text,
                times=[
                    (
                        presentation.when(slot.starts_at, slot.location),
                        slot.state,
                        SLOT_STATE_TEXT[slot.state],
                    )
                    for slot in slots
                    if slot.step_id == step.pk
                ],
                chosen=presentation.when(chosen.starts_at, chosen.location) if chosen else "",
            )
        )
    return rows


def state_hint(service_request) -> str:
    """What the state means for the customer, and what happens next."""
    return {
        State.PENDING: _("The shop has your request. We will e-mail you as soon as they answer."),
        State.WAITING_SHOP: _("The shop will confirm the time. We will e-mail you as soon as they do."),
        State.WAITING_CUSTOMER: _(
            "The shop cannot offer the times you picked. Please accept one of theirs or propose others."
        ),
        State.REJECTED: _("The shop cannot take on this request."),
        State.WITHDRAWN: _("You withdrew this request."),
    }.get(service_request.state, "")


def detail_context(
    request, service_request, *, accept_form=None, counter_form=None, withdraw_form=None, counter_data=None
) -> dict:
    """The page of one request: its times, history, photos and the answers its state allows (each
    form carrying the version shown)."""
    state, version = service_request.state, service_request.version
    location = service_request.preferred_location
    shop_offers = _slots(service_request, state=OPEN, side=Side.SHOP)
    offered = [(slot.pk, presentation.when(slot.starts_at, slot.location)) for slot in shop_offers]
    if accept_form is None:
        accept_form = AcceptForm(initial={"version": version}, offered=offered)
    accept_form.fields["slot"].widget.choices = offered
    can_counter = bool(machine.allowed(state, Event.COUNTER))
    if counter_form is None:
        counter_form = CounterForm(initial={"version": version})
    if counter_data is None:
        counter_data = counter_form.data if counter_form.is_bound else {}
    base = reverse("portal:booking", args=[service_request.pk])
    booked = _booked(service_request)
    return {
        "booking": service_request,
        "state_text": presentation.customer_state(state),
        "state_hint": state_hint(service_request),
        "location_phone": format_phone(location.phone),
        "unit": unit_text(service_request),
        "location": location,
        "booked": presentation.when(booked.starts_at, booked.location) if booked else "",
        "own_offers": [
            presentation.when(slot.starts_at, slot.location)
            for slot in _slots(service_request, state=OPEN, side=Side.CUSTOMER)
        ],
        "history": history(service_request)[::-1],  # newest first
        "photos": list(service_request.booking_photos.all()),
        "several_accounts": request.portal.several_accounts,
        "finished": state in machine.FINISHED_STATES,
        "can_accept": bool(machine.allowed(state, Event.ACCEPT)) and bool(offered),
        "can_counter": can_counter,
        "can_withdraw": bool(machine.allowed(state, Event.WITHDRAW)),
        "accept_form": accept_form,
        "counter_form": counter_form,
        "withdraw_form": withdraw_form or WithdrawForm(initial={"version": version}),
        "picker": picker_from(location, counter_data) if can_counter else None,
        "picker_open": bool(counter_data),
        "slots_url": reverse("portal:book_slots"),
        "urls": {
            "page": base,
            "state": reverse("portal:booking_state", args=[service_request.pk]),
            "accept": reverse("portal:booking_accept", args=[service_request.pk]),
            "counter": reverse("portal:booking_counter", args=[service_request.pk]),
            "withdraw": reverse("portal:booking_withdraw", args=[service_request.pk]),
            "ics": reverse("portal:booking_ics", args=[service_request.pk]),
            "list": reverse("portal:bookings"),
        },
    }
