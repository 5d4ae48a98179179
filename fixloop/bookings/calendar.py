"""The calendar file (.ics, RFC 5545) of a confirmed booking, for the confirmation e-mail and the
portal: the booked time in the location's time zone (with its VTIMEZONE), where, and what for."""

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from fixloop.bookings.models import BookingSlot
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import ShopProfile

PRODUCT_ID = "-//Fixloop//Bookings//EN"


def booked_slot(request: ServiceRequest) -> BookingSlot | None:
    return request.booking_slots.select_related("location").filter(state=BookingSlot.State.CHOSEN).first()


def uid_of(request: ServiceRequest) -> str:
    """The same for every file of one request, so a calendar replaces the event instead of adding
    another one."""
    host = urlsplit(settings.SITE_URL).hostname or "fixloop.invalid"
    return f"booking-{request.pk}@{host}"


def _description(request: ServiceRequest) -> str:
    lines = []
    if request.work_order_id:
        lines.append(_("Work order %(number)s") % {"number": request.work_order.number})
    unit = str(request.unit) if request.unit_id else request.unit_description
    if unit:
        lines.append(unit)
    lines.extend(["", request.problem_description])
    return "\n".join(lines).strip()


def ics_for(request: ServiceRequest) -> bytes:
    """The .ics file of the request's booked time; ValueError when nothing is booked yet."""
    slot = booked_slot(request)
    if slot is None:
        raise ValueError("The request has no booked time.")
    location = slot.location
    zone = location.zone
    starts, ends = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
    shop = ShopProfile.get()
    event = Event()
    event.add("uid", uid_of(request))
    event.add("dtstamp", timezone.now())
    event.add("sequence", request.version)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add(
        "summary",
        _("Repair appointment: %(shop)s, %(location)s") % {"shop": shop.name, "location": location.name},
    )
    event.add("location", f"{location.name}, {location.address_line}, {location.postal_code} {location.city}")
    event.add("description", _description(request))
    event.add("status", "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    # Only the years around the booking: a calendar needs no VTIMEZONE history back to 1970.
    calendar.add_missing_timezones(
        first_date=date(starts.year - 1, 1, 1), last_date=date(ends.year + 2, 1, 1)
    )
    return calendar.to_ical()
