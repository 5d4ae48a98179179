"""The workshop's clock: technicians clock on and off work orders (time entries), the time they
spent added up per work order, technician and day, and "Unit ready".

Clocking on and off take the work order's row lock and the technician's row lock, so two taps on
two tablets happen one after the other: a technician is on at most one job at a time unless the
shop allows more (ShopProfile.technicians_clock_on_several_jobs). Every change writes an internal
timeline entry; a refused one changes nothing.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.repairs import signals
from fixloop.repairs.models import CustomerNote, TimeEntry, TimelineEntry, WorkOrder, WorkshopSettings
from fixloop.repairs.services.locking import lock
from fixloop.repairs.services.work_orders import change_status
from fixloop.repairs.timeline import record
from fixloop.shop.models import ShopProfile

CLOCKED_ON = "clocked_on"
CLOCKED_OFF = "clocked_off"


def _lock_technician(technician):
    # Serialises one technician's clock changes across work orders (the one-job rule).
    get_user_model().objects.select_for_update().filter(pk=technician.pk).first()


def open_entries(technician):
    """The technician's time entries still running (the jobs they are on now)."""
    return TimeEntry.objects.filter(technician=technician, ended_at__isnull=True)


@transaction.atomic
def clock_on(work_order: WorkOrder, technician, *, by: Actor) -> TimeEntry:
    """Start a time entry of `technician` on the work order."""
    lock(work_order)
    _lock_technician(technician)
    if work_order.is_closed:
        raise ValidationError(
            _("Work order %(number)s is closed: nobody can clock on it.") % {"number": work_order.number}
        )
    running = list(open_entries(technician).select_related("work_order"))
    if any(entry.work_order_id == work_order.pk for entry in running):
        raise ValidationError(
            _("%(who)s is already clocked on work order %(number)s.")
            % {"who": technician, "number": work_order.number}
        )
    if running and not ShopProfile.get().technicians_clock_on_several_jobs:
        raise ValidationError(
            _("%(who)s is still clocked on work order %(number)s: clock off there first.")
            % {"who": technician, "number": running[0].work_order.number}
        )
    entry = TimeEntry.objects.create(work_order=work_order, technician=technician, started_at=timezone.now())
    timeline_entry = record(
        work_order,
        TimelineEntry.Kind.SYSTEM,
        by,
        public=False,
        data={"event": CLOCKED_ON, "technician": str(technician), "entry": entry.pk},
        at=entry.started_at,
    )
    signals.clocked_on.send(sender=WorkOrder, work_order=work_order, time_entry=entry, entry=timeline_entry)
    return entry


@transaction.atomic
def clock_off(work_order: WorkOrder, technician, *, by: Actor) -> TimeEntry:
    """End the technician's running time entry on the work order (allowed on a closed work order:
    the time was spent)."""
    lock(work_order)
    _lock_technician(technician)
    entry = open_entries(technician).filter(work_order=work_order).first()
    if entry is None:
        raise ValidationError(
            _("%(who)s is not clocked on work order %(number)s.")
            % {"who": technician, "number": work_order.number}
        )
    entry.ended_at = max(timezone.now(), entry.started_at)
    entry.save(update_fields=["ended_at"])
    timeline_entry = record(
        work_order,
        TimelineEntry.Kind.SYSTEM,
        by,
        public=False,
        data={
            "event": CLOCKED_OFF,
            "technician": str(technician),
            "entry": entry.pk,
            "seconds": int((entry.ended_at - entry.started_at).total_seconds()),
        },
        at=entry.ended_at,
    )
    signals.clocked_off.send(sender=WorkOrder, work_order=work_order, time_entry=entry, entry=timeline_entry)
    return entry


@transaction.atomic
def mark_ready(work_order: WorkOrder, *, by: Actor) -> TimelineEntry:
    """Give the work order the shop's ready status, as a normal status change (client notifications
    go out as for any). Refused when the shop chose no ready status."""
    ready = WorkshopSettings.current().ready_status
    if ready is None:
        raise ValidationError(
            _(
                "The shop has not chosen a status for “Unit ready”; an administrator sets it in the workshop settings."
            )
        )
    return change_status(work_order, ready, by=by)


@transaction.atomic
def show_to_technician(note: CustomerNote, visible: bool, *, by: Actor) -> CustomerNote:
    """Staff show a customer's remark to the technicians (or hide it again), with an internal entry."""
    note = CustomerNote.objects.select_for_update().get(pk=note.pk)
    if note.visible_to_technician == visible:
        return note
    note.visible_to_technician = visible
    note.save(update_fields=["visible_to_technician"])
    entry = record(
        note.work_order,
        TimelineEntry.Kind.SYSTEM,
        by,
        public=False,
        data={"event": "remark_shown" if visible else "remark_hidden", "note": note.pk},
    )
    signals.remark_visibility_changed.send(
        sender=WorkOrder, work_order=note.work_order, note=note, entry=entry
    )
    return note


# ----------------------------------------------------------------------------- adding up


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def split_by_day(started_at: datetime, ended_at: datetime, zone: ZoneInfo) -> dict[date, int]:
    """The seconds of [started_at, ended_at) on each local day of `zone`: an entry over midnight
    counts on both days, and a day with a DST change has 23 or 25 hours. Computed in UTC, so wall
    clock jumps neither add nor lose time."""
    seconds: dict[date, int] = defaultdict(int)
    start, end = _utc(started_at), _utc(ended_at)
    while start < end:
        day = start.astimezone(zone).date()
        next_midnight = _utc(datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone))
        stop = min(end, next_midnight)
        seconds[day] += int((stop - start).total_seconds())
        start = stop
    return dict(seconds)


def _zone_of(entry: TimeEntry, default: ZoneInfo) -> ZoneInfo:
    location = getattr(entry.work_order, "location", None) if entry.work_order_id else None
    name = getattr(location, "time_zone", "") if location else ""
    return ZoneInfo(name) if name else default


def totals(
    entries: Iterable[TimeEntry], *, by: str, now: datetime | None = None, zone: ZoneInfo | None = None
) -> dict:
    """Seconds per key: by="work_order" (work-order id), "technician" (user id), "day" (local date
    in the work order's location's time zone, or `zone` when given) or "technician_day"
    ((user id, date)). A running entry counts until `now`."""
    now = now or timezone.now()
    default_zone = zone or timezone.get_current_timezone()
    result: dict = defaultdict(int)
    for entry in entries:
        end = entry.ended_at or max(now, entry.started_at)
        if by == "work_order":
            result[entry.work_order_id] += int((_utc(end) - _utc(entry.started_at)).total_seconds())
        elif by == "technician":
            result[entry.technician_id] += int((_utc(end) - _utc(entry.started_at)).total_seconds())
        elif by in ("day", "technician_day"):
            for day, seconds in split_by_day(
                entry.started_at, end, zone or _zone_of(entry, default_zone)
            ).items():
                result[day if by == "day" else (entry.technician_id, day)] += seconds
        else:
            raise ValueError(by)
    return dict(result)


def seconds_today(technician, zone: ZoneInfo, now: datetime | None = None) -> int:
    """What the technician clocked today (in `zone`), the running entries until now."""
    now = now or timezone.now()
    today = now.astimezone(zone).date()
    since = _utc(datetime.combine(today, time(0), tzinfo=zone))
    entries = TimeEntry.objects.filter(technician=technician, started_at__lt=now).exclude(ended_at__lt=since)
    return totals(entries, by="day", now=now, zone=zone).get(today, 0)


def seconds_today_by_work_order(technician, zone: ZoneInfo, now: datetime | None = None) -> dict[int, int]:
    """{work-order id: seconds} the technician clocked today (in `zone`), running entries until now."""
    now = now or timezone.now()
    today = now.astimezone(zone).date()
    since = _utc(datetime.combine(today, time(0), tzinfo=zone))
    result: dict[int, int] = defaultdict(int)
    entries = TimeEntry.objects.filter(technician=technician, started_at__lt=now).exclude(ended_at__lt=since)
    for entry in entries:
        end = entry.ended_at or max(now, entry.started_at)
        result[entry.work_order_id] += split_by_day(entry.started_at, end, zone).get(today, 0)
    return dict(result)
