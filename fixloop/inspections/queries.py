"""Reads of inspections for pages, messages and other apps (the service board, the technician's view,
invoices, the portal)."""

from django.db.models import Exists, OuterRef, QuerySet

from fixloop.inspections.models import Answer, Choice, Inspection, InspectionItem, Measurement

# Answers that leave work open on the unit: offered again at the next inspection and by the reminder.
OPEN_CHOICES = (Choice.DECLINE, Choice.DISAGREE, Choice.CONTACT)


def current_answers(inspection: Inspection) -> dict[int, Answer]:
    """{item id: the customer's answer} for answers given to the item's present revision (an answer
    to an unchanged item is kept across versions; a changed item has none until answered again)."""
    answers: dict[int, Answer] = {}
    for answer in (
        Answer.objects.filter(item__inspection=inspection)
        .select_related("item", "version")
        .prefetch_related("media")
        .order_by("item_id", "-version__number")
    ):
        if answer.item_id not in answers and answer.item_revision == answer.item.revision:
            answers[answer.item_id] = answer
    return answers


def authorised_items(work_order_ids) -> QuerySet[InspectionItem]:
    """The items staff authorised (thumbs up) on these work orders: the work required."""
    return (
        InspectionItem.objects.filter(
            inspection__work_order_id__in=work_order_ids, authorised=True, removed_at__isnull=True
        )
        .select_related("vat_rate", "inspection")
        .order_by("inspection__work_order_id", "position", "id")
    )


def has_authorised_items() -> Exists:
    """For annotating work orders (the service board's "work required")."""
    return Exists(
        InspectionItem.objects.filter(
            inspection__work_order=OuterRef("pk"), authorised=True, removed_at__isnull=True
        )
    )


def open_from_earlier_visits(unit, *, exclude: Inspection | None = None) -> list[InspectionItem]:
    """Items of the unit's earlier inspections that the customer declined, disagreed with or wanted
    to be contacted about, never authorised, and not offered again since (newest first)."""
    if unit is None:
        return []
    offered_again = InspectionItem.objects.filter(carried_from=OuterRef("pk"))
    items = (
        InspectionItem.objects.filter(inspection__work_order__unit=unit, removed_at__isnull=True)
        .exclude(authorised=True)
        .annotate(offered_again=Exists(offered_again))
        .filter(offered_again=False)
        .select_related("inspection__work_order", "vat_rate")
        .prefetch_related("answers")
        .order_by("-inspection__created_at", "position")
    )
    if exclude is not None:
        items = items.exclude(inspection=exclude)
    result = []
    for item in items.filter(answers__choice__in=OPEN_CHOICES).distinct():
        answer = item.answers.all().order_by("-version__number", "-id").first()
        if answer is not None and answer.choice in OPEN_CHOICES and answer.item_revision == item.revision:
            item.last_answer = answer
            result.append(item)
    return result


def measurements_beside_last_visit(inspection: Inspection) -> list[tuple[Measurement, Measurement | None]]:
    """This inspection's measurements, each with the same measurement's latest value from an earlier
    inspection of the unit (None when there is none)."""
    earlier = last_visit_values(inspection)
    return [
        (measurement, earlier.get(measurement.name))
        for measurement in inspection.measurements.order_by("name")
    ]


def last_visit_values(inspection: Inspection) -> dict[str, Measurement]:
    """{measurement name: its latest value} on the unit from inspections before this one (the
    technician's form shows them beside its inputs)."""
    values: dict[str, Measurement] = {}
    if inspection.work_order.unit_id is None:
        return values
    for measurement in (
        Measurement.objects.filter(
            unit_id=inspection.work_order.unit_id, inspection__created_at__lt=inspection.created_at
        )
        .exclude(inspection=inspection)
        .order_by("name", "-taken_at", "-id")
    ):
        values.setdefault(measurement.name, measurement)
    return values


def for_customers(customer_ids) -> QuerySet[Inspection]:
    """The sent inspections of these customer accounts (the signed-in portal starts here)."""
    return (
        Inspection.objects.filter(work_order__customer_id__in=customer_ids, version__gt=0)
        .select_related("work_order__unit", "work_order__location", "work_order__customer")
        .order_by("-updated_at", "-id")
    )
