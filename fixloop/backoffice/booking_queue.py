"""The back office's booking-requests queue: its sections, the requests each holds and how many, and
the number of requests waiting for the shop that the menu shows.

Requests still waiting for their e-mail confirmation (public form) are never shown: every query starts
from bookings.queries.for_staff() or filters on states they cannot have. "Today" and "this week" are
the shop's days (its time zone), like every other date of the back office.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fixloop.bookings import queries
from fixloop.bookings.models import BookingSlot
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import ShopProfile

State = ServiceRequest.State
NEEDS_THE_SHOP = (State.PENDING, State.WAITING_SHOP)
CLOSED_STATES = (State.REJECTED, State.WITHDRAWN)
FAR_AHEAD = timedelta(days=3660)


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    empty: Promise  # what an empty section says


SECTIONS = [
    Section("new", _("New"), _("No new booking requests.")),
    Section("waiting_shop", _("Waiting for us"), _("Nothing is waiting for an answer from the shop.")),
    Section(
        "waiting_customer",
        _("Waiting for the customer"),
        _("No suggestion of yours is waiting for a customer's answer."),
    ),
    Section("today", _("Confirmed today"), _("No confirmed bookings today.")),
    Section("week", _("This week"), _("No more confirmed bookings this week.")),
    Section("later", _("Later"), _("No confirmed bookings after this week.")),
    Section("closed", _("Declined, withdrawn, past"), _("Nothing here yet.")),
]
BY_KEY = {section.key: section for section in SECTIONS}
# A request's state in the words of the queue (the model's labels speak of accepting and rejecting).
STATE_LABELS = {
    State.UNCONFIRMED: _("E-mail address not yet confirmed"),
    State.PENDING: _("New"),
    State.WAITING_SHOP: _("Waiting for us"),
    State.WAITING_CUSTOMER: _("Waiting for the customer"),
    State.ACCEPTED: _("Confirmed"),
    State.REJECTED: _("Declined"),
    State.WITHDRAWN: _("Withdrawn"),
}
DEFAULT = "new"


@dataclass(frozen=True)
class Days:
    """The bounds of the shop's today and this week (Monday to Sunday), as aware datetimes."""

    today: datetime
    tomorrow: datetime
    next_week: datetime

    @property
    def sunday(self):
        return (self.next_week - timedelta(days=1)).date()

    @classmethod
    def around(cls, now: datetime | None = None) -> "Days":
        zone = zoneinfo.ZoneInfo(ShopProfile.get().time_zone)
        local_today = (now or timezone.now()).astimezone(zone).date()
        start = datetime.combine(local_today, time.min, tzinfo=zone)
        monday = local_today + timedelta(days=7 - local_today.weekday())
        return cls(
            today=start,
            tomorrow=datetime.combine(local_today + timedelta(days=1), time.min, tzinfo=zone),
            next_week=datetime.combine(monday, time.min, tzinfo=zone),
        )


def needs_the_shop() -> int:
    """New requests and the customers' answers: what the menu counts."""
    return ServiceRequest.objects.filter(state__in=NEEDS_THE_SHOP).count()


def _booked_from(days: Days) -> Exists:
    return Exists(
        BookingSlot.objects.filter(
            request=OuterRef("pk"), state=BookingSlot.State.CHOSEN, starts_at__gte=days.today
        )
    )


def requests_in(key: str, days: Days) -> QuerySet[ServiceRequest]:
    """The requests of one section, in the order staff work through them."""
    if key == "new":
        return queries.staff_queue(State.PENDING)
    if key in ("waiting_shop", "waiting_customer"):
        return queries.staff_queue(key)
    if key == "today":
        return queries.confirmed_between(days.today, days.tomorrow)
    if key == "week":
        return queries.confirmed_between(days.today, days.next_week)
    if key == "later":
        return queries.confirmed_between(days.next_week, days.next_week + FAR_AHEAD)
    if key == "closed":
        # Declined, withdrawn, and confirmed ones whose time has passed (or that never had one).
        return (
            queries.for_staff()
            .filter(Q(state__in=CLOSED_STATES) | (Q(state=State.ACCEPTED) & ~_booked_from(days)))
            .order_by("-updated_at", "-id")
        )
    raise ValueError(f"not a section of the queue: {key!r}")


def counts(days: Days) -> dict[str, int]:
    """{section key: number of requests}, in three queries."""
    by_state = dict(
        ServiceRequest.objects.filter(state__in=(*NEEDS_THE_SHOP, State.WAITING_CUSTOMER))
        .values_list("state")
        .annotate(number=Count("id"))
        .order_by()
    )

    def starting(since, until):
        return Count("id", filter=Q(booking_slots__starts_at__gte=since, booking_slots__starts_at__lt=until))

    booked = ServiceRequest.objects.filter(
        state=State.ACCEPTED, booking_slots__state=BookingSlot.State.CHOSEN
    ).aggregate(
        today=starting(days.today, days.tomorrow),
        week=starting(days.today, days.next_week),
        later=starting(days.next_week, days.next_week + FAR_AHEAD),
    )
    closed = ServiceRequest.objects.filter(
        Q(state__in=CLOSED_STATES) | (Q(state=State.ACCEPTED) & ~_booked_from(days))
    ).count()
    return {
        "new": by_state.get(State.PENDING, 0),
        "waiting_shop": by_state.get(State.WAITING_SHOP, 0),
        "waiting_customer": by_state.get(State.WAITING_CUSTOMER, 0),
        **booked,
        "closed": closed,
    }
