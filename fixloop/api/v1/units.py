"""Units (devices, vehicles, equipment) of customers: list, read, create, update. Writes go through
fixloop.customers.services.save_unit, as the back office's unit form does."""

from typing import Literal

from ninja import Field, Query, Router, Schema

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth
from fixloop.api.v1.pagination import PageQuery, page
from fixloop.api.v1.problems import ApiProblem, field_error
from fixloop.api.v1.shared import ID_MAX, IdPath, dump, get
from fixloop.customers import services
from fixloop.customers.models import CustomerAccount, Unit

router = Router(tags=["units"], auth=TokenAuth("units"))

UNIT = {"unit_id": "$response.body#/id"}
LINKS = {
    "create_unit": {
        "201": {
            "read_unit": UNIT,
            "update_unit": UNIT,
            "create_work_order": {
                "requestBody": {"customer_id": "$response.body#/customer_id", "unit_id": "$response.body#/id"}
            },
        }
    },
    "update_unit": {"200": {"read_unit": UNIT}},
}


class UnitOut(Schema):
    id: int
    customer_id: int
    kind: str
    make: str
    model: str
    serial_number: str
    vin: str
    plate: str


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


class UnitQuery(PageQuery):
    customer_id: int | None = Field(None, ge=1, le=ID_MAX, description="Only this customer's units.")


class UnitFields(Schema):
    model: str = Field("", max_length=80)
    serial_number: str = Field("", max_length=60)
    vin: str = Field("", max_length=24, description="17 characters; spaces are removed.")
    plate: str = Field("", max_length=16)


class UnitIn(UnitFields):
    customer_id: int = Field(..., ge=1, le=ID_MAX)
    kind: Literal["device", "vehicle", "equipment"] = "device"
    make: str = Field(..., min_length=1, max_length=80, pattern=r"\S")


class UnitPatch(UnitFields):
    """Only the fields sent are changed; a unit stays with its customer."""

    kind: Literal["device", "vehicle", "equipment"] = None
    make: str = Field(None, min_length=1, max_length=80, pattern=r"\S")


def existing_customer(customer_id: int) -> CustomerAccount:
    customer = CustomerAccount.objects.filter(pk=customer_id).first()
    if customer is None:
        raise ApiProblem(
            422, "No such customer.", errors=[field_error("customer_id", "No such customer.")], kind="refused"
        )
    return customer


@router.get("", response=UnitPage, summary="List units")
def list_units(request, query: Query[UnitQuery]):
    units = Unit.objects.all()
    if query.customer_id:
        units = units.filter(customer_id=query.customer_id)
    return page(units, query, by_updated=False)


@router.get("/{unit_id}", response=UnitOut, summary="Read a unit")
def read_unit(request, unit_id: int = IdPath()):
    return get(Unit, pk=unit_id)


@router.post("", response={201: UnitOut}, summary="Add a unit to a customer")
def create_unit(request, payload: UnitIn, key: str | None = idempotency.IdempotencyKey):
    def make():
        fields = payload.dict()
        customer = existing_customer(fields.pop("customer_id"))
        return 201, dump(UnitOut, services.save_unit(Unit(customer=customer, **fields)))

    return idempotency.create(request, key, make)


@router.patch("/{unit_id}", response=UnitOut, summary="Change a unit")
def update_unit(request, payload: UnitPatch, unit_id: int = IdPath()):
    unit = get(Unit, pk=unit_id)
    for field, value in payload.dict(exclude_unset=True).items():
        setattr(unit, field, value)
    return services.save_unit(unit)
