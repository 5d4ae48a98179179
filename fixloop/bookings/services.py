"""The only place the booking negotiation changes: new requests, the answers of both sides, and
the end of a request (confirmed, declined, withdrawn).

Each function validates (field-level ValidationErrors), locks the request row, refuses a stale
`version` (StaleRequest, with the request as it is now), checks the transition table (machine.py),
writes the step both sides see, and sends a signal from bookings/signals.py, all in one transaction:
a refused or failed change leaves nothing behind. Slots are checked against the location's opening
hours and capacity under a row lock on the location (slots.py).

Confirming and declining go through repairs' accept_service_request / reject_service_request, so the
work order is opened and today's "service request accepted / rejected" notifications fire.
"""

import dataclasses
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fixloop.bookings import machine, queries, signals, validation
from fixloop.bookings import photos as booking_photos
from fixloop.bookings.machine import Event
from fixloop.bookings.models import BookingSlot, BookingStep, EmailConfirmation, Side
from fixloop.bookings.slots import check_slot, lock_location
from fixloop.core import tokens
from fixloop.core.actor import Actor
from fixloop.core.contact import normalise_phone
from fixloop.customers import services as customer_services
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.estimates import services as estimate_services
from fixloop.repairs import services as repair_services
from fixloop.repairs.models import ServiceRequest, TimelineEntry
from fixloop.repairs.timeline import record
from fixloop.shop.models import LANGUAGE_CHOICES, Location, ShopProfile

State = ServiceRequest.State
Source = ServiceRequest.Source
PROBLEM_MAX_LENGTH = 5000
UNIT_DESCRIPTION_MAX_LENGTH = 200
MAX_CUSTOMER_SLOTS = 3
MAX_SHOP_SLOTS = 5
CONFIRMATION_VALID = timedelta(hours=24)
CONFIRMATION_PURPOSE = b"fixloop.booking-confirmation:"


class StaleRequest(ValidationError):
    """The request changed after the form was shown (the other side acted, or a second tab);
    `current` is the request as it is now, to show again."""

    def __init__(self, current: ServiceRequest):
        super().__init__(_("This request changed meanwhile; here is its current state."), code="stale")
        self.current = current


# ----------------------------------------------------------------------------- helpers


def _checked_slots(location: Location, starts: list[datetime], errors: validation.Errors) -> list[tuple]:
    """(start, end) of each wanted time that can be booked; a message per refused one. The caller
    holds the location's lock (taken here) until the slots are written."""
    location = lock_location(location)
    now, taken = timezone.now(), []
    for start in starts:
        try:
            taken.append(check_slot(location, start, now, also=taken))
        except ValidationError as error:
            shown = start.astimezone(location.zone) if timezone.is_aware(start) else start
            when = formats.date_format(shown, "DATETIME_FORMAT")
            errors.add("slots", [f"{when}: {message}" for message in error.messages])
    return taken


def _add_slots(request, location, times, side: str, step: BookingStep, *, held_until=None) -> list:
    return BookingSlot.objects.bulk_create(
        BookingSlot(
            request=request,
            location=location,
            starts_at=start,
            ends_at=end,
            offered_by=side,
            step=step,
            held_until=held_until,
        )
        for start, end in times
    )


def _release_open(request: ServiceRequest, *, keep: BookingSlot | None = None) -> list[int]:
    released = request.booking_slots.filter(state=BookingSlot.State.OPEN)
    if keep is not None:
        released = released.exclude(pk=keep.pk)
    ids = list(released.values_list("pk", flat=True))
    released.update(state=BookingSlot.State.RELEASED, released_at=timezone.now())
    return ids


def _step(request: ServiceRequest, kind: str, by: Actor, *, text: str = "", data=None) -> BookingStep:
    return BookingStep.objects.create(
        request=request,
        kind=kind,
        state=request.state,
        actor=by.kind,
        user=by.user,
        actor_name=by.display_name[:200],
        ip=by.ip,
        user_agent=by.user_agent,
        text=text,
        data=data or {},
    )


def _locked(request: ServiceRequest, version: int, event: str) -> ServiceRequest:
    """The request re-read under a row lock; StaleRequest if it changed since `version` was shown,
    ValidationError if `event` does not fit its state."""
    fresh = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("preferred_location", "customer")
        .get(pk=request.pk)
    )
    try:
        stale = fresh.version != int(version)
    except (TypeError, ValueError):
        stale = True
    if stale:
        raise StaleRequest(fresh)
    machine.check(fresh.state, event)
    return fresh


def _move(request: ServiceRequest, state: str) -> None:
    request.state = state
    request.version += 1
    request.updated_at = timezone.now()
    request.save(update_fields=["state", "version", "updated_at"])


def _announce(request: ServiceRequest, step: BookingStep, previous_state: str) -> None:
    signals.booking_step.send(
        sender=ServiceRequest, request=request, step=step, previous_state=previous_state
    )
    if step.kind in (BookingStep.Kind.REQUESTED, BookingStep.Kind.EMAIL_CONFIRMED):
        signals.booking_requested.send(sender=ServiceRequest, request=request, step=step)


def _open_slot(request: ServiceRequest, slot, *, offered_by: str | None = None) -> BookingSlot:
    """One of the request's open slots (a BookingSlot or its pk), or ValidationError on "slot"."""
    slots = request.booking_slots.filter(state=BookingSlot.State.OPEN)
    if offered_by:
        slots = slots.filter(offered_by=offered_by)
    if slot is None:
        candidates = list(slots[:2])
        if len(candidates) != 1:
            raise ValidationError({"slot": _("Choose one of the offered times.")})
        chosen = candidates[0]
    else:
        try:
            chosen = slots.filter(pk=int(getattr(slot, "pk", slot))).first()
        except (TypeError, ValueError):
            chosen = None
        if chosen is None:
            message = (
                _("Choose one of the times the shop suggested.")
                if offered_by == Side.SHOP
                else _("Choose one of the offered times.")
            )
            raise ValidationError({"slot": message})
    if chosen.starts_at <= timezone.now():
        raise ValidationError({"slot": _("This time is in the past.")})
    return chosen


def _named(by: Actor, name: str) -> Actor:
    """A customer without an account acts under the name they gave."""
    if by.user is None and not by.name:
        return dataclasses.replace(by, name=name[:200])
    return by


def _finish(passed: ServiceRequest, fresh: ServiceRequest, step: BookingStep, previous_state: str):
    _announce(fresh, step, previous_state)
    if passed is not fresh:
        passed.refresh_from_db()
    return fresh


# ----------------------------------------------------------------------------- new requests


def _prepare(errors: validation.Errors, location: Location | None, starts, uploads, *, limit: int) -> tuple:
    """What every new request needs: its location, 1..limit bookable times and acceptable photos.
    Returns (times, photos); messages go to `errors`."""
    starts = validation.slot_count(starts, errors, limit=limit)
    checked = []
    try:
        checked = booking_photos.check_photos(uploads)
    except ValidationError as error:
        errors.add("photos", error.message_dict["photos"])
    times = []
    if validation.check_location(location, errors) and starts and "slots" not in errors.by_field:
        times = _checked_slots(location, starts, errors)
    return times, checked


def submit(
    *,
    customer: CustomerAccount,
    location: Location,
    problem_description: str,
    slots: list[datetime],
    by: Actor,
    unit: Unit | None = None,
    new_unit: Unit | None = None,
    unit_description: str = "",
    photos=(),
    source: str = Source.PORTAL,
) -> ServiceRequest:
    """A request from a customer with an account (the portal, or staff entering it for them): it goes
    straight to the shop's queue. `new_unit`: an unsaved Unit to add to the customer's units."""
    if source not in (Source.PORTAL, Source.STAFF):
        raise ValueError(f"submit() takes requests from the portal or staff, not {source!r}")
    with booking_photos.removed_on_failure() as stored, transaction.atomic():
        errors = validation.Errors()
        problem = errors.text(
            problem_description,
            "problem_description",
            max_length=PROBLEM_MAX_LENGTH,
            missing=_("Describe the problem."),
        )
        unit_description = errors.text(
            unit_description, "unit_description", max_length=UNIT_DESCRIPTION_MAX_LENGTH
        )
        validation.check_unit(customer, unit, new_unit, unit_description, errors)
        times, checked = _prepare(errors, location, slots, photos, limit=MAX_CUSTOMER_SLOTS)
        errors.raise_any()
        if new_unit is not None:
            unit = customer_services.save_unit(new_unit)
        request = ServiceRequest.objects.create(
            customer=customer,
            unit=unit,
            unit_description=unit_description,
            problem_description=problem,
            preferred_location=location,
            state=State.PENDING,
            source=source,
            language=customer.language,
            submitted_ip=by.ip,
            submitted_user_agent=by.user_agent,
        )
        step = _step(request, BookingStep.Kind.REQUESTED, by)
        _add_slots(request, location, times, Side.CUSTOMER, step)
        booking_photos.store(request, checked, stored)
        _announce(request, step, machine.NEW)
    return request


def submit_public(
    *,
    name: str,
    email: str,
    location: Location,
    unit_description: str,
    problem_description: str,
    slots: list[datetime],
    by: Actor,
    phone: str = "",
    photos=(),
    language: str = "",
) -> ServiceRequest:
    """A request from the public form: kept "unconfirmed" (staff do not see it; its times are held
    until the link expires) until the requester opens the link in the confirmation e-mail
    (booking_confirmation_requested carries its token)."""
    with booking_photos.removed_on_failure() as stored, transaction.atomic():
        errors = validation.Errors()
        shop = ShopProfile.get()
        country = (location.country if location else "") or shop.country
        name, email, phone = validation.public_contact(name, email, phone, country, errors)
        unit_description = errors.text(
            unit_description,
            "unit_description",
            max_length=UNIT_DESCRIPTION_MAX_LENGTH,
            missing=_("Say which device or vehicle needs the repair."),
        )
        problem = errors.text(
            problem_description,
            "problem_description",
            max_length=PROBLEM_MAX_LENGTH,
            missing=_("Describe the problem."),
        )
        times, checked = _prepare(errors, location, slots, photos, limit=MAX_CUSTOMER_SLOTS)
        errors.raise_any()
        expires_at = timezone.now() + CONFIRMATION_VALID
        request = ServiceRequest.objects.create(
            unit_description=unit_description,
            problem_description=problem,
            preferred_location=location,
            state=State.UNCONFIRMED,
            source=Source.PUBLIC,
            requester_name=name,
            requester_email=email,
            requester_phone=phone,
            language=language if language in dict(LANGUAGE_CHOICES) else shop.default_language,
            submitted_ip=by.ip,
            submitted_user_agent=by.user_agent,
        )
        step = _step(request, BookingStep.Kind.REQUESTED, _named(by, name))
        _add_slots(request, location, times, Side.CUSTOMER, step, held_until=expires_at)
        nonce = tokens.new_nonce()
        confirmation = EmailConfirmation.objects.create(
            request=request,
            email=email,
            nonce=nonce,
            token_hash=tokens.token_hash_for_new_link(CONFIRMATION_PURPOSE, nonce),
            expires_at=expires_at,
        )
        booking_photos.store(request, checked, stored)
        signals.booking_confirmation_requested.send(
            sender=ServiceRequest,
            request=request,
            confirmation=confirmation,
            token=confirmation_token(confirmation),
        )
    return request


def confirmation_token(confirmation: EmailConfirmation) -> str | None:
    """The secret of the confirmation link (None when the key it was made with is gone)."""
    return tokens.token_of(CONFIRMATION_PURPOSE, confirmation.nonce, confirmation.token_hash)


def _confirmation(token: str) -> EmailConfirmation:
    """The confirmation with this token, locked, or ValidationError on "token"."""
    found = queries.find_confirmation(token, lock=True)
    problem = queries.confirmation_problem(found)
    if problem:
        raise ValidationError({"token": problem})
    return found


def _customer_for(request: ServiceRequest) -> CustomerAccount:
    """The one account with the confirmed address, or a new account for the requester."""
    matches = list(CustomerAccount.objects.filter(email__iexact=request.requester_email)[:2])
    if len(matches) == 1:
        return matches[0]
    shop = ShopProfile.get()
    country = request.preferred_location.country if request.preferred_location else shop.country
    customer = CustomerAccount(
        name=request.requester_name,
        email=request.requester_email,
        language=request.language or shop.default_language,
        country=country,
    )
    try:  # a mobile number can take text messages; a landline stays on the request only
        customer.mobile = normalise_phone(request.requester_phone, country, mobile=True)
    except ValidationError:
        customer.mobile = ""
    return customer_services.save_customer(customer)


@transaction.atomic
def confirm_email(token: str, *, by: Actor) -> ServiceRequest:
    """The requester opened the confirmation link: the request gets a customer account (the one
    with this address, or a new one) and goes to the shop's queue. Single use."""
    confirmation = _confirmation(token)
    request = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("preferred_location")
        .get(pk=confirmation.request_id)
    )
    machine.check(request.state, Event.CONFIRM_EMAIL)
    now = timezone.now()
    confirmation.used_at = now
    confirmation.save(update_fields=["used_at"])
    request.customer = _customer_for(request)
    request.booking_slots.filter(held_until__isnull=False).update(held_until=None)
    request.state = State.PENDING
    request.version += 1
    request.updated_at = now
    request.save(update_fields=["customer", "state", "version", "updated_at"])
    step = _step(request, BookingStep.Kind.EMAIL_CONFIRMED, _named(by, request.requester_name))
    _announce(request, step, State.UNCONFIRMED)
    return request


# ----------------------------------------------------------------------------- the negotiation


def _new_times(fresh: ServiceRequest, starts, *, limit: int) -> list[tuple]:
    errors = validation.Errors()
    starts = validation.slot_count(starts, errors, limit=limit)
    times = []
    if validation.check_location(fresh.preferred_location, errors) and "slots" not in errors.by_field:
        times = _checked_slots(fresh.preferred_location, starts, errors)
    errors.raise_any()
    return times


@transaction.atomic
def suggest(request: ServiceRequest, *, version: int, slots: list[datetime], by: Actor, message: str = ""):
    """The shop suggests other times (the customer's open ones are released)."""
    message = validation.message_text(message)
    fresh = _locked(request, version, Event.SUGGEST)
    previous = fresh.state
    released = _release_open(fresh)  # before the check: the request's own times don't count against it
    times = _new_times(fresh, slots, limit=MAX_SHOP_SLOTS)
    _move(fresh, State.WAITING_CUSTOMER)
    step = _step(fresh, BookingStep.Kind.SUGGESTED, by, text=message, data={"released": released})
    _add_slots(fresh, fresh.preferred_location, times, Side.SHOP, step)
    return _finish(request, fresh, step, previous)


@transaction.atomic
def accept(request: ServiceRequest, *, version: int, by: Actor, slot=None, message: str = ""):
    """The customer accepts one of the shop's suggested times (a BookingSlot or its pk; may be left
    out when the shop suggested one); the shop confirms it next."""
    message = validation.message_text(message)
    fresh = _locked(request, version, Event.ACCEPT)
    previous = fresh.state
    chosen = _open_slot(fresh, slot, offered_by=Side.SHOP)
    released = _release_open(fresh, keep=chosen)
    _move(fresh, State.WAITING_SHOP)
    step = _step(
        fresh, BookingStep.Kind.ACCEPTED, by, text=message, data={"slot": chosen.pk, "released": released}
    )
    return _finish(request, fresh, step, previous)


@transaction.atomic
def counter(request: ServiceRequest, *, version: int, slots: list[datetime], by: Actor, message: str = ""):
    """The customer proposes other times instead of the shop's suggestions."""
    message = validation.message_text(message)
    fresh = _locked(request, version, Event.COUNTER)
    previous = fresh.state
    released = _release_open(fresh)
    times = _new_times(fresh, slots, limit=MAX_CUSTOMER_SLOTS)
    _move(fresh, State.WAITING_SHOP)
    step = _step(fresh, BookingStep.Kind.COUNTERED, by, text=message, data={"released": released})
    _add_slots(fresh, fresh.preferred_location, times, Side.CUSTOMER, step)
    return _finish(request, fresh, step, previous)


@transaction.atomic
def confirm(
    request: ServiceRequest,
    *,
    version: int,
    by: Actor,
    slot=None,
    message: str = "",
    create_estimate: bool = False,
    technician=None,
    promised_date: date | None = None,
):
    """The shop confirms one of the open times (a BookingSlot or its pk; may be left out when only
    one is open): the others are released, the work order is opened (repairs'
    accept_service_request: its notification fires) and, with create_estimate, an estimate draft is
    started for it (request.work_order.estimate)."""
    message = validation.message_text(message)
    fresh = _locked(request, version, Event.CONFIRM)
    previous = fresh.state
    chosen = _open_slot(fresh, slot)
    released = _release_open(fresh, keep=chosen)
    chosen.state = BookingSlot.State.CHOSEN
    chosen.save(update_fields=["state"])
    work_order = repair_services.accept_service_request(
        fresh, location=chosen.location, by=by, technician=technician, promised_date=promised_date
    )
    _move(fresh, State.ACCEPTED)
    step = _step(
        fresh,
        BookingStep.Kind.CONFIRMED,
        by,
        text=message,
        data={"slot": chosen.pk, "released": released, "work_order": work_order.pk},
    )
    record(
        work_order,
        TimelineEntry.Kind.SYSTEM,
        by,
        public=True,
        text=message,
        data={
            "event": "booking_confirmed",
            "service_request": fresh.pk,
            "starts_at": chosen.starts_at.isoformat(),
            "ends_at": chosen.ends_at.isoformat(),
        },
    )
    if create_estimate:
        estimate_services.start_estimate(work_order, by=by)
    return _finish(request, fresh, step, previous)


@transaction.atomic
def decline(request: ServiceRequest, *, version: int, reason: str, by: Actor):
    """The shop declines, saying why (repairs' reject_service_request: its notification fires)."""
    reason = validation.message_text(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Tell the customer why the request is declined.")})
    fresh = _locked(request, version, Event.DECLINE)
    previous = fresh.state
    released = _release_open(fresh)
    repair_services.reject_service_request(fresh, reason=reason, by=by)
    _move(fresh, State.REJECTED)
    step = _step(fresh, BookingStep.Kind.DECLINED, by, text=reason, data={"released": released})
    return _finish(request, fresh, step, previous)


@transaction.atomic
def withdraw(request: ServiceRequest, *, version: int, by: Actor, reason: str = ""):
    """The customer withdraws the request; its times are released."""
    reason = validation.message_text(reason, "reason")
    fresh = _locked(request, version, Event.WITHDRAW)
    previous = fresh.state
    released = _release_open(fresh)
    _move(fresh, State.WITHDRAWN)
    step = _step(fresh, BookingStep.Kind.WITHDRAWN, by, text=reason, data={"released": released})
    return _finish(request, fresh, step, previous)
