"""Units over the API, and the statuses and locations integrations name."""

from fixloop.customers.models import Unit


def test_a_unit_is_added_to_a_customer(api, customer):
    response = api.post(
        "/units", {"customer_id": customer.pk, "kind": "vehicle", "make": "VW", "plate": "b-ab 123"}
    )
    assert response.status_code == 201, response.content
    assert Unit.objects.get(pk=response.json()["id"]).plate == "B-AB 123"


def test_a_vehicle_without_plate_or_vin_is_refused_naming_the_field(api, customer):
    response = api.post("/units", {"customer_id": customer.pk, "kind": "vehicle", "make": "VW"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "plate"


def test_a_unit_for_an_unknown_customer_is_refused(api, db):
    response = api.post("/units", {"customer_id": 4711, "make": "VW"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "customer_id"


def test_units_are_listed_per_customer(api, unit, other_unit, customer):
    items = api.get("/units", {"customer_id": customer.pk}).json()["items"]
    assert [item["id"] for item in items] == [unit.pk]


def test_a_unit_is_changed(api, unit):
    assert api.patch(f"/units/{unit.pk}", {"serial_number": "SN-2"}).json()["serial_number"] == "SN-2"


def test_statuses_and_locations_are_listed(api, statuses, location):
    assert statuses["open"].pk in [item["id"] for item in api.get("/statuses").json()]
    assert [item["code"] for item in api.get("/locations").json()] == ["BER"]
