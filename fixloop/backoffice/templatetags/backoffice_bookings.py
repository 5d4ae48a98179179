"""Booking times on the back office's pages, on the location's wall clock (booking_times.py): the
template's own `date` filter would show them in the shop's time zone."""

from django import template

from fixloop.backoffice import booking_queue, booking_times

register = template.Library()


@register.filter
def slot_time(slot, zone: bool = False) -> str:
    """A BookingSlot's start, e.g. "Tue 19 Mar 2030, 09:00" (with `zone`: "… (Europe/Berlin)")."""
    return booking_times.when(slot.starts_at, slot.location, zone=bool(zone))


@register.filter
def slot_short(slot) -> str:
    """A BookingSlot's start without the year, for lists: "Tue 19 Mar, 09:00"."""
    return booking_times.when(slot.starts_at, slot.location, short=True)


@register.filter
def slot_end(slot) -> str:
    return booking_times.clock(slot.ends_at, slot.location)


@register.filter
def zone_of(location) -> str:
    """The location's time zone, e.g. "Europe/Berlin (CET)"."""
    return booking_times.zone_name(location) if location is not None else ""


@register.filter
def booking_state(service_request) -> str:
    """The request's state as the queue names it ("Waiting for us", "Declined", ...)."""
    state = service_request.state
    return str(booking_queue.STATE_LABELS.get(state, state))
