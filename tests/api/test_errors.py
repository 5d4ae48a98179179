"""Every error is a problem-details body naming the fields; nothing is written on bad input."""

import pytest

from fixloop.customers.models import CustomerAccount

PROBLEM = "application/problem+json"


def assert_problem(response, status, field=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "errors"} <= set(body)
    if field:
        assert field in [error["field"] for error in body["errors"]], body


def test_a_missing_field_names_it(api):
    assert_problem(api.post("/customers", {"contact_name": "x"}), 422, "name")
    assert not CustomerAccount.objects.exists()


def test_a_field_of_the_wrong_type_names_it(api):
    assert_problem(
        api.post("/customers", {"name": "A", "notifications_enabled": "often"}), 422, "notifications_enabled"
    )


def test_a_service_validation_error_becomes_422_with_its_fields(api):
    assert_problem(api.post("/customers", {"name": "A", "email": "not an address"}), 422, "email")
    assert not CustomerAccount.objects.exists()


def test_a_body_that_is_not_json_is_400(api):
    assert_problem(api.post("/customers", raw="{not json"), 400)


def test_a_nul_character_in_a_body_is_refused(api):
    assert_problem(api.post("/customers", {"name": "A\u0000B"}), 422, "body")
    assert not CustomerAccount.objects.exists()


def test_an_unknown_object_is_404(api):
    assert_problem(api.get("/customers/4711"), 404)


def test_an_id_beyond_32_bits_is_422_not_a_database_error(api):
    assert_problem(api.get("/customers/99999999999"), 422, "customer_id")


def test_an_unknown_path_under_the_api_is_404(api):
    assert_problem(api.get("/nothing/here"), 404)


def test_a_method_the_path_does_not_have_is_405_with_allow(api):
    response = api.send("DELETE", "/customers")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("key", ["", " "])
def test_a_blank_idempotency_key_is_refused(api, key):
    assert_problem(
        api.post("/customers", {"name": "A"}, headers={"Idempotency-Key": key}), 422, "Idempotency-Key"
    )


def test_a_nul_character_in_the_query_is_a_400_problem_not_an_html_page(api):
    assert_problem(api.get("/customers", {"cursor": "a\x00b"}), 400)


def test_operation_ids_are_unique_view_names(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    ids = [operation["operationId"] for path in schema["paths"].values() for operation in path.values()]
    assert len(ids) == len(set(ids))
    assert "create_work_order" in ids


def test_creating_a_work_order_links_to_reading_and_changing_it(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    links = schema["paths"]["/api/v1/work-orders"]["post"]["responses"]["201"]["links"]
    assert links["read_work_order"]["parameters"] == {"work_order_id": "$response.body#/id"}
    assert {"change_work_order_status", "close_work_order", "issue_tracking_link"} <= set(links)
