"""Customers in the back office: list, page, and editing with validated contact points."""

import pytest

from fixloop.customers.models import CustomerAccount, Unit


def form_data(**overrides) -> dict:
    data = {
        "name": "Carla Dietz",
        "language": "de",
        "address_line": "Lindenstraße 5",
        "postal_code": "10969",
        "city": "Berlin",
        "country": "DE",
        "email": "carla@example.com",
        "mobile": "0151 23456789",
        "fax": "",
        "preferred_channel": "email",
        "notifications_enabled": "on",
    }
    data.update(overrides)
    return data


def test_the_list_searches_by_name_number_and_postal_code(advisor_client, customer, other_customer):
    for query in ("anna", customer.number, "10115"):
        response = advisor_client.get("/staff/customers/", {"q": query})
        assert list(response.context["page"].object_list) == [customer], query


def test_the_customer_page_lists_units_and_work_orders(advisor_client, customer, work_order):
    page = advisor_client.get(f"/staff/customers/{customer.number}/").content.decode()
    assert "PF-11111" in page
    assert work_order.number in page


def test_creating_a_customer_normalises_the_contact_points(advisor_client, shop):
    response = advisor_client.post("/staff/customers/new/", form_data(email="  Carla@EXAMPLE.com "))
    customer = CustomerAccount.objects.get(name="Carla Dietz")
    assert response.status_code == 302
    assert customer.email == "Carla@example.com"
    assert customer.mobile == "+4915123456789"
    assert customer.number


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "carla@", "valid e-mail address"),
        ("mobile", "030 1234567", "not a mobile number"),
        ("fax", "030-FAX-ME", "letters are not allowed"),
    ],
)
def test_an_invalid_contact_point_is_refused_on_its_field(advisor_client, shop, field, value, message):
    response = advisor_client.post("/staff/customers/new/", form_data(**{field: value}))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert not CustomerAccount.objects.filter(name="Carla Dietz").exists()


def test_a_failed_edit_changes_nothing(advisor_client, customer, shop):
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/edit/", form_data(name="Renamed", email="no-at-sign")
    )
    assert response.status_code == 422
    customer.refresh_from_db()
    assert (customer.name, customer.email) == ("Anna Becker", "anna@example.com")


def test_adding_a_vehicle_needs_a_plate_or_vin(advisor_client, customer):
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/units/new/", {"kind": "vehicle", "make": "VW", "model": "Golf"}
    )
    assert response.status_code == 422
    assert "plate" in response.context["form"].errors
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/units/new/",
        {"kind": "vehicle", "make": "VW", "model": "Golf", "plate": "b-ab 12"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(customer=customer, kind="vehicle").plate == "B-AB 12"
