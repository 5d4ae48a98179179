"""What the technician's inspection page shows (reads only): the checklist's points, each with its
rating, the value measured now and the value measured on this unit at the last visit; the items
found beside the checklist; the open items of earlier visits; the progress. A fixed number of
queries, however long the checklist."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from fixloop.inspections import queries
from fixloop.inspections.models import ChecklistPoint, Inspection, InspectionItem, Measurement, Media
from fixloop.repairs.models import WorkOrder


@dataclass
class PointRow:
    point: ChecklistPoint
    item: InspectionItem | None = None
    measured: Measurement | None = None  # this inspection's value
    last: Measurement | None = None  # the last earlier visit's value on this unit
    form: object = None

    @property
    def rating(self) -> str:
        return self.item.rating if self.item else ""


@dataclass
class Sheet:
    work_order: WorkOrder
    inspection: Inspection | None
    points: list[PointRow] = field(default_factory=list)
    items: list[InspectionItem] = field(default_factory=list)  # not from a checklist point
    earlier: list[InspectionItem] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(1 for row in self.points if row.rating)

    @property
    def total(self) -> int:
        return len(self.points)


def inspection_of(work_order: WorkOrder) -> Inspection | None:
    return Inspection.objects.select_related("checklist").filter(work_order=work_order).first()


def current_items(inspection: Inspection):
    """The items not removed, with their photos and videos."""
    return (
        InspectionItem.objects.filter(inspection=inspection, removed_at__isnull=True)
        .select_related("checklist_point")
        .prefetch_related(Prefetch("media", queryset=Media.objects.order_by("created_at", "id")))
        .order_by("position", "id")
    )


def sheet(work_order: WorkOrder) -> Sheet:
    inspection = inspection_of(work_order)
    if inspection is None:
        return Sheet(work_order=work_order, inspection=None)
    items = list(current_items(inspection))
    by_point = {item.checklist_point_id: item for item in items if item.checklist_point_id}
    points = list(inspection.checklist.points.order_by("position", "id")) if inspection.checklist else []
    names = {point.measurement for point in points if point.measurement}
    measured = {m.name: m for m in inspection.measurements.filter(name__in=names)} if names else {}
    last = queries.last_visit_values(inspection) if names else {}
    rows = [
        PointRow(
            point=point,
            item=by_point.get(point.pk),
            measured=measured.get(point.measurement) if point.measurement else None,
            last=last.get(point.measurement) if point.measurement else None,
        )
        for point in points
    ]
    point_ids = {point.pk for point in points}
    return Sheet(
        work_order=work_order,
        inspection=inspection,
        points=rows,
        items=[item for item in items if item.checklist_point_id not in point_ids],
        earlier=queries.open_from_earlier_visits(work_order.unit, exclude=inspection)
        if work_order.unit
        else [],
    )


def point_row(inspection: Inspection, point: ChecklistPoint) -> PointRow:
    """One point's row (after rating it): its item, its value now and at the last visit."""
    item = current_items(inspection).filter(checklist_point=point).first()
    row = PointRow(point=point, item=item)
    if point.measurement:
        row.measured = inspection.measurements.filter(name=point.measurement).first()
        row.last = queries.last_visit_values(inspection).get(point.measurement)
    return row


def rated_count(inspection: Inspection) -> int:
    if inspection.checklist_id is None:
        return 0
    return (
        InspectionItem.objects.filter(
            inspection=inspection,
            removed_at__isnull=True,
            checklist_point__checklist_id=inspection.checklist_id,
        )
        .exclude(rating="")
        .values("checklist_point")
        .distinct()
        .count()
    )
