"""Start an inspection, and add, change and remove its items (technicians and advisors)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.core.text import clean_text
from fixloop.inspections.models import (
    Category,
    Checklist,
    ChecklistPoint,
    Inspection,
    InspectionItem,
    ItemTemplate,
    Rating,
)
from fixloop.inspections.services.shared import (
    changed_for_customer,
    editable,
    locked,
    locked_item,
    note_change,
)
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import VatRate

DESCRIPTION_MAX = 300
NOTE_MAX = 4000
MAX_AMOUNT = Decimal("9999999.99")

# The fields a customer sees: changing one of them makes a new revision of the item.
CUSTOMER_FIELDS = (
    "category",
    "description",
    "technician_note",
    "labour",
    "parts",
    "vat_rate",
    "visible_to_customer",
)


@transaction.atomic
def start(work_order: WorkOrder, *, by: Actor, checklist: Checklist | None = None) -> Inspection:
    work_order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
    if work_order.closed_at is not None:
        raise ValidationError(
            _("The work order is closed; an inspection can no longer be started."), code="closed"
        )
    if Inspection.objects.filter(work_order=work_order).exists():
        raise ValidationError(_("This work order already has an inspection."), code="exists")
    if checklist is not None and not checklist.active:
        raise ValidationError({"checklist": _("This checklist is no longer in use.")}, code="inactive")
    inspection = Inspection.objects.create(work_order=work_order, checklist=checklist, created_by=by.user)
    note_change(inspection, "started", by, checklist=checklist.name if checklist else "")
    return inspection


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise ValidationError({field: _("Enter an amount.")}, code="invalid") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError({field: _("Enter an amount between 0 and 9,999,999.99.")}, code="range")
    return amount.quantize(Decimal("0.01"))


def _cleaned(inspection: Inspection, fields: dict) -> dict:
    """The item fields checked and tidied; ValidationError names every field that is wrong."""
    errors: dict[str, list] = {}
    values = dict(fields)
    if "category" in values and values["category"] not in Category.values:
        errors.setdefault("category", []).append(_("Choose a category."))
    if "rating" in values and values["rating"] not in ("", *Rating.values):
        errors.setdefault("rating", []).append(_("Choose green, yellow or red."))
    if "description" in values:
        values["description"] = clean_text(values["description"], single_line=True)
        if not values["description"]:
            errors.setdefault("description", []).append(_("Describe the item."))
        elif len(values["description"]) > DESCRIPTION_MAX:
            errors.setdefault("description", []).append(
                _("At most %(limit)d characters.") % {"limit": DESCRIPTION_MAX}
            )
    if "technician_note" in values:
        values["technician_note"] = clean_text(values["technician_note"])
        if len(values["technician_note"]) > NOTE_MAX:
            errors.setdefault("technician_note", []).append(
                _("At most %(limit)d characters.") % {"limit": NOTE_MAX}
            )
    for field in ("labour", "parts"):
        if field in values:
            try:
                values[field] = _amount(values[field], field)
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.message_dict[field])
    if values.get("vat_rate") is not None:
        rate = values["vat_rate"]
        if not isinstance(rate, VatRate) or rate.location_id != inspection.work_order.location_id:
            errors.setdefault("vat_rate", []).append(_("Choose a VAT rate of this work order's location."))
    if "visible_to_customer" in values:
        values["visible_to_customer"] = bool(values["visible_to_customer"])
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_item(
    inspection: Inspection,
    *,
    by: Actor,
    category: str,
    description: str,
    technician_note: str = "",
    labour=0,
    parts=0,
    vat_rate: VatRate | None = None,
    visible_to_customer: bool = True,
    template: ItemTemplate | None = None,
    rating: str = "",
    checklist_point: ChecklistPoint | None = None,
    carried_from: InspectionItem | None = None,
) -> InspectionItem:
    inspection = editable(locked(inspection))
    values = _cleaned(
        inspection,
        {
            "category": category,
            "description": description,
            "technician_note": technician_note,
            "labour": labour,
            "parts": parts,
            "vat_rate": vat_rate,
            "visible_to_customer": visible_to_customer,
            "rating": rating,
        },
    )
    if (
        carried_from is not None
        and carried_from.inspection.work_order.unit_id != inspection.work_order.unit_id
    ):
        raise ValidationError({"carried_from": _("This item belongs to another unit.")}, code="other_unit")
    if values["vat_rate"] is None:
        values["vat_rate"] = inspection.work_order.location.default_vat_rate()
    last = inspection.items.order_by("-position").values_list("position", flat=True).first()
    item = InspectionItem.objects.create(
        inspection=inspection,
        position=(last or 0) + 1,
        template=template,
        checklist_point=checklist_point,
        carried_from=carried_from,
        created_by=by.user,
        **values,
    )
    note_change(inspection, "item_added", by, item=item.pk, description=item.description)
    if item.visible_to_customer:
        changed_for_customer(inspection)
    return item


def add_from_template(inspection: Inspection, template: ItemTemplate, *, by: Actor) -> InspectionItem:
    if not template.active:
        raise ValidationError({"template": _("This template is no longer in use.")}, code="inactive")
    return add_item(
        inspection,
        by=by,
        category=template.category,
        description=template.description,
        labour=template.labour,
        parts=template.parts,
        template=template,
    )


@transaction.atomic
def change_item(item: InspectionItem, *, by: Actor, **fields) -> InspectionItem:
    unknown = set(fields) - {*CUSTOMER_FIELDS, "rating"}
    if unknown:
        raise TypeError(f"change_item() got unexpected fields {sorted(unknown)}")
    item = locked_item(item)
    inspection = editable(locked(item.inspection))
    if item.removed_at is not None:
        raise ValidationError(_("This item was removed."), code="removed")
    values = _cleaned(inspection, fields)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return item
    seen_before = item.visible_to_customer
    for name in changed:
        setattr(item, name, values[name])
    customer_sees = [name for name in changed if name in CUSTOMER_FIELDS]
    if customer_sees:
        item.revision += 1
    item.save()
    note_change(inspection, "item_changed", by, item=item.pk, description=item.description, fields=changed)
    if customer_sees and (seen_before or item.visible_to_customer):
        changed_for_customer(inspection)
    return item


@transaction.atomic
def remove_item(item: InspectionItem, *, by: Actor) -> None:
    item = locked_item(item)
    inspection = editable(locked(item.inspection))
    if item.removed_at is not None:
        raise ValidationError(_("This item was removed already."), code="removed")
    item.removed_at = timezone.now()
    item.revision += 1
    item.save(update_fields=["removed_at", "revision"])
    note_change(inspection, "item_removed", by, item=item.pk, description=item.description)
    if item.visible_to_customer:
        changed_for_customer(inspection)


@transaction.atomic
def set_note_for_customer(inspection: Inspection, text: str, *, by: Actor) -> Inspection:
    inspection = editable(locked(inspection))
    text = clean_text(text)
    if len(text) > NOTE_MAX:
        raise ValidationError({"note_for_customer": _("At most %(limit)d characters.") % {"limit": NOTE_MAX}})
    if text == inspection.note_for_customer:
        return inspection
    inspection.note_for_customer = text
    inspection.save(update_fields=["note_for_customer", "updated_at"])
    note_change(inspection, "note_changed", by)
    changed_for_customer(inspection)
    return inspection
