"""What the inspection services share: locking, the timeline entry, and "the customer would see this"."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.inspections.models import Inspection, InspectionItem
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.timeline import record


def locked(inspection: Inspection) -> Inspection:
    """The inspection re-read under a row lock (changes to one inspection happen one at a time)."""
    return Inspection.objects.select_for_update().select_related("work_order__location").get(pk=inspection.pk)


def locked_item(item: InspectionItem) -> InspectionItem:
    return InspectionItem.objects.select_for_update().select_related("inspection__work_order").get(pk=item.pk)


def editable(inspection: Inspection) -> Inspection:
    """Refuse changes to the inspection of a closed work order."""
    if inspection.work_order.closed_at is not None:
        raise ValidationError(
            _("The work order is closed; its inspection can no longer be changed."), code="closed"
        )
    return inspection


def note_change(inspection: Inspection, event: str, by: Actor, **data) -> TimelineEntry:
    """The internal timeline entry of a change (words at display time: backoffice/timeline.py)."""
    return record(
        inspection.work_order,
        TimelineEntry.Kind.INSPECTION,
        by,
        public=False,
        data={"event": f"inspection_{event}", "inspection": inspection.pk, **data},
    )


def changed_for_customer(inspection: Inspection) -> None:
    """After a change the customer would see: once sent, a new version can be sent."""
    if inspection.version and not inspection.changed_since_sent:
        inspection.changed_since_sent = True
        inspection.save(update_fields=["changed_since_sent", "updated_at"])
