"""What integrations need to name things: the statuses and locations (read with work_orders:read)."""

from ninja import Router, Schema

from fixloop.api.v1.auth import TokenAuth
from fixloop.repairs.models import Status
from fixloop.shop.models import Location

router = Router(tags=["statuses and locations"], auth=TokenAuth("work_orders"))


class StatusOut(Schema):
    id: int
    name_en: str
    name_de: str
    phase: str
    visible_to_customers: bool
    active: bool


class LocationOut(Schema):
    id: int
    code: str
    name: str
    active: bool


@router.get("/statuses", response=list[StatusOut], summary="List the work-order statuses")
def list_statuses(request):
    return Status.objects.order_by("position", "id")


@router.get("/locations", response=list[LocationOut], summary="List the locations")
def list_locations(request):
    return Location.objects.order_by("id")
