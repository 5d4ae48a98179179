"""Customers (accounts with their contact details) and their units: list, read, create, update.
Writes go through fixloop.customers.services exactly as the back office's customer form does."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from fixloop.api.v1 import idempotency
from fixloop.api.v1.auth import TokenAuth
from fixloop.api.v1.pagination import ListQuery, page
from fixloop.api.v1.shared import IdPath, dump, get
from fixloop.customers import services
from fixloop.customers.models import CustomerAccount

router = Router(tags=["customers"], auth=TokenAuth("customers"))

CUSTOMER = {"customer_id": "$response.body#/id"}
LINKS = {
    "create_customer": {
        "201": {
            "read_customer": CUSTOMER,
            "update_customer": CUSTOMER,
            "create_unit": {"requestBody": {"customer_id": "$response.body#/id"}},
            "create_work_order": {"requestBody": {"customer_id": "$response.body#/id"}},
        }
    },
    "update_customer": {"200": {"read_customer": CUSTOMER}},
}


class CustomerOut(Schema):
    id: int
    number: str
    name: str
    contact_name: str
    language: str
    address_line: str
    postal_code: str
    city: str
    country: str
    email: str
    mobile: str
    fax: str
    preferred_channel: str
    notifications_enabled: bool
    created_at: datetime
    updated_at: datetime


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None


class CustomerFields(Schema):
    contact_name: str = Field("", max_length=120)
    language: Literal["en", "de"] = "en"
    address_line: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=12)
    city: str = Field("", max_length=80)
    country: str = Field("", pattern="^([A-Za-z]{2})?$", description="ISO 3166 code, e.g. DE")
    email: str = Field("", max_length=254)
    mobile: str = Field("", max_length=20)
    fax: str = Field("", max_length=20)
    preferred_channel: Literal["email", "sms", "fax"] = "email"
    notifications_enabled: bool = True
    notes: str = Field("", max_length=10_000, description="Internal notes (staff only).")


class CustomerIn(CustomerFields):
    name: str = Field(..., min_length=1, max_length=160, pattern=r"\S")


class CustomerPatch(CustomerFields):
    """Only the fields sent are changed."""

    name: str = Field(None, min_length=1, max_length=160, pattern=r"\S")


@router.get("", response=CustomerPage, summary="List customers")
def list_customers(request, query: Query[ListQuery]):
    return page(CustomerAccount.objects.all(), query)


@router.get("/{customer_id}", response=CustomerOut, summary="Read a customer")
def read_customer(request, customer_id: int = IdPath()):
    return get(CustomerAccount, pk=customer_id)


@router.post("", response={201: CustomerOut}, summary="Create a customer")
def create_customer(request, payload: CustomerIn, key: str | None = idempotency.IdempotencyKey):
    def make():
        customer = services.save_customer(CustomerAccount(**payload.dict()))
        return 201, dump(CustomerOut, customer)

    return idempotency.create(request, key, make)


@router.patch("/{customer_id}", response=CustomerOut, summary="Change a customer")
def update_customer(request, payload: CustomerPatch, customer_id: int = IdPath()):
    customer = get(CustomerAccount, pk=customer_id)
    for field, value in payload.dict(exclude_unset=True).items():
        setattr(customer, field, value)
    return services.save_customer(customer)
