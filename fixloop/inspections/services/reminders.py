"""The declined-work reminder in the communication log: messaging queues the reminder (the items the
customer declined or wants to talk about, offered again after ShopProfile.declined_work_reminder_days)
and, once it has gone out, records it here as an Event(REMINDED) with a timeline entry."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from fixloop.core.actor import Actor
from fixloop.inspections.models import Event, Inspection
from fixloop.inspections.services.shared import note_change


@transaction.atomic
def record_reminder(
    inspection: Inspection,
    *,
    version: int,
    channel: str,
    address: str,
    at: datetime | None = None,
    by: Actor | None = None,
) -> Event:
    """The reminder about version `version`'s declined work went out to `address` on `channel`."""
    by = by or Actor.system("messaging")
    entry = note_change(inspection, "reminded", by, version=version, recipient=address)
    return Event.objects.create(
        inspection=inspection,
        version=version,
        kind=Event.Kind.REMINDED,
        at=at or timezone.now(),
        channel=channel,
        address=address[:254],
        name=by.display_name[:200],
        timeline_entry=entry,
    )
