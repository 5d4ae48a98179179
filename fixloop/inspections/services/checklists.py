"""Working through a checklist: each point rated green / yellow / red becomes (or updates) one item of
the category the colour stands for; a point with a measurement keeps its value on the unit."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.core.text import clean_text
from fixloop.inspections.models import ChecklistPoint, Inspection, InspectionItem, Measurement, Rating
from fixloop.inspections.services import items
from fixloop.inspections.services.shared import editable, locked, note_change

MAX_VALUE = Decimal("99999999.99")


def _value(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Enter a number, e.g. 4.5.")}, code="invalid") from None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        raise ValidationError({"value": _("Enter a number, e.g. 4.5.")}, code="invalid")
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def rate_point(
    inspection: Inspection, point: ChecklistPoint, rating: str, *, by: Actor, note: str = "", value=None
) -> InspectionItem:
    inspection = editable(locked(inspection))
    if inspection.checklist_id is None or point.checklist_id != inspection.checklist_id:
        raise ValidationError(
            {"point": _("This point is not on the inspection's checklist.")}, code="other_checklist"
        )
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose green, yellow or red.")}, code="invalid")
    has_value = value not in (None, "")
    if has_value and not point.measurement:
        raise ValidationError({"value": _("This point has no measurement.")}, code="no_measurement")
    number = _value(value) if has_value else None
    category = Rating(rating).category
    item = inspection.items.filter(checklist_point=point, removed_at__isnull=True).first()
    fields = {"category": category, "rating": rating}
    if note or item is None:
        fields["technician_note"] = note
    if item is None:
        item = items.add_item(inspection, by=by, description=point.label, checklist_point=point, **fields)
    else:
        item = items.change_item(item, by=by, **fields)
    if number is not None:
        record_measurement(
            inspection,
            point.measurement,
            number,
            by=by,
            unit_of_measurement=point.measurement_unit,
            item=item,
        )
    return item


@transaction.atomic
def record_measurement(
    inspection: Inspection,
    name: str,
    value,
    *,
    by: Actor,
    unit_of_measurement: str = "",
    item: InspectionItem | None = None,
) -> Measurement:
    """The value of `name` measured on this inspection's unit (a second value replaces the first)."""
    inspection = editable(locked(inspection))
    name = clean_text(name, single_line=True)[:80]
    if not name:
        raise ValidationError({"name": _("Name the measurement.")}, code="required")
    number = _value(value)
    measurement, _created = Measurement.objects.update_or_create(
        inspection=inspection,
        name=name,
        defaults={
            "unit_id": inspection.work_order.unit_id,
            "value": number,
            "unit_of_measurement": clean_text(unit_of_measurement, single_line=True)[:12],
            "item": item,
            "taken_at": timezone.now(),
        },
    )
    note_change(
        inspection, "measured", by, name=name, value=str(number), unit=measurement.unit_of_measurement
    )
    return measurement
