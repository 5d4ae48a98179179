"""The timeline writer: every service that changes a work order appends its entry here.

Entries are append-only: who acted (staff member, customer, system), when, public or internal, and the
client's address and browser when a customer acted.
"""

from django.utils import timezone

from fixloop.core.actor import Actor
from fixloop.repairs.models import TimelineEntry, WorkOrder


def new_entry(
    work_order: WorkOrder,
    kind: str,
    by: Actor,
    *,
    public: bool,
    text: str = "",
    data=None,
    attachment=None,
    at=None,
) -> TimelineEntry:
    """The entry record() writes, unsaved (record_many() writes many with one insert)."""
    return TimelineEntry(
        created_at=at or timezone.now(),
        work_order=work_order,
        kind=kind,
        actor=by.kind,
        user=by.user,
        actor_name=by.display_name[:200],
        public=public,
        text=text,
        data=data or {},
        attachment=attachment,
        ip=by.ip,
        user_agent=by.user_agent,
    )


def record(work_order: WorkOrder, kind: str, by: Actor, **fields) -> TimelineEntry:
    """Append one entry to the work order's timeline (inside the caller's transaction); `fields` are
    new_entry()'s keyword arguments."""
    entry = new_entry(work_order, kind, by, **fields)
    entry.save(force_insert=True)
    return entry


def record_many(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Write entries made with new_entry() in one insert."""
    return TimelineEntry.objects.bulk_create(entries)
