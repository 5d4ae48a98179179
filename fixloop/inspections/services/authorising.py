"""Staff's thumbs up / thumbs down per item: an authorised item is work required, for the technician
and the invoice; the technician sees exactly the authorised items."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.inspections import signals
from fixloop.inspections.models import Category, Inspection, InspectionItem
from fixloop.inspections.services.shared import editable, locked_item, note_change


@transaction.atomic
def authorise(item: InspectionItem, *, by: Actor, authorised: bool | None) -> InspectionItem:
    item = locked_item(item)
    editable(item.inspection)
    if item.removed_at is not None:
        raise ValidationError(_("This item was removed."), code="removed")
    if authorised and item.category == Category.OK:
        raise ValidationError(_("An item checked and OK needs no work."), code="nothing_to_do")
    if item.authorised == authorised:
        return item
    item.authorised = authorised
    item.authorised_at = timezone.now() if authorised is not None else None
    item.authorised_by = by.user if authorised is not None else None
    item.save(update_fields=["authorised", "authorised_at", "authorised_by"])
    event = {True: "authorised", False: "not_authorised", None: "authorisation_withdrawn"}[authorised]
    note_change(item.inspection, event, by, item=item.pk, description=item.description)
    signals.item_authorised.send(sender=Inspection, inspection=item.inspection, item=item, by=by)
    return item
