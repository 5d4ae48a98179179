"""The demo workshop's clock: the ready status the technicians' "Unit ready" sets, a month of time
entries on the jobs the demo technicians worked on, and one technician clocked on a job now. Made
through repairs.services (clock_on, clock_off) on the demo clock."""

import random
from datetime import timedelta

from django.core.exceptions import ValidationError

from fixloop.core.actor import Actor
from fixloop.demo.clock import DemoClock
from fixloop.demo.configuration import DemoShop
from fixloop.repairs import services
from fixloop.repairs.models import Phase, WorkOrder, WorkshopSettings
from fixloop.shop.models import Role

# The statuses of work orders a technician has worked on (time entries), by the demo's STATUSES keys.
WORKED_ON = ("repair", "quality", "ready", "parts", "picked_up", "clarification")


def choose_ready_status(shop: DemoShop) -> None:
    """The status the technicians' "Unit ready" sets and invoicing takes as ready: the demo's
    "ready". Chosen once, before any story plays, so that the units made ready while the month is
    played (and invoiced) and those the technicians mark ready later have the same status."""
    WorkshopSettings.objects.update_or_create(pk=1, defaults={"ready_status": shop.statuses["ready"]})


def seed_workshop(rng: random.Random, shop: DemoShop, clock: DemoClock, leave_out=None) -> None:
    """Time entries on the repairs technicians worked on, played after the stories (their timeline
    entries come after the stories' own); `leave_out`: a work order whose history must stay in the
    order its story wrote it."""
    technicians = shop.staff_with_role(Role.TECHNICIAN)
    worked = list(
        WorkOrder.objects.filter(
            technician__in=technicians, status__in=[shop.statuses[key] for key in WORKED_ON]
        )
        .exclude(pk=getattr(leave_out, "pk", None))
        .order_by("opened_at")
    )
    sessions = []
    # every other approved repair not started yet: the service board's "work required"
    not_started = [wo.pk for wo in worked if wo.status_id == shop.statuses["repair"].pk][::2]
    for work_order in worked:
        if work_order.pk in not_started:
            continue
        start = work_order.opened_at
        for _ in range(rng.randint(1, 3)):
            start = start + timedelta(hours=rng.uniform(2, 30))
            sessions.append((start, timedelta(minutes=rng.uniform(20, 150)), work_order))
    for start, length, work_order in sorted(sessions, key=lambda session: session[0]):
        if start + length >= clock.end - timedelta(hours=2):
            continue
        by = Actor.staff_user(work_order.technician)
        clock.set(start)
        try:
            services.clock_on(work_order, work_order.technician, by=by)
        except ValidationError:  # on another job then, or the work order closed meanwhile
            continue
        clock.set(clock.now + length)
        services.clock_off(work_order, work_order.technician, by=by)
    # The first demo technician ("tech") is on a job now, since about forty minutes.
    technician = technicians[0]
    on_now = (
        WorkOrder.objects.filter(
            technician=technician, closed_at__isnull=True, status__phase=Phase.IN_PROGRESS
        )
        .order_by("opened_at")
        .first()
    )
    if on_now is not None and not services.clock.open_entries(technician).exists():  # seeded once already
        clock.set(clock.end - timedelta(minutes=40))
        services.clock_on(on_now, technician, by=Actor.staff_user(technician))
