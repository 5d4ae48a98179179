"""Bad input on every write: a 4xx problem naming the field, and nothing written."""

import pytest

from fixloop.api.models import IdempotentRequest
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.repairs.models import Attachment, TimelineEntry, TrackingLink, WorkOrder

LONG = "x" * 10_001

# (method, path, body, the field the problem names)
WRITES = [
    ("POST", "/customers", {"name": 5}, "name"),
    ("POST", "/customers", {"name": "A", "country": "DEU"}, "country"),
    ("POST", "/customers", {"name": "A", "mobile": "call me"}, "mobile"),
    ("PATCH", "/customers/{customer}", {"email": "nope"}, "email"),
    ("PATCH", "/customers/{customer}", {"name": None}, "name"),
    ("POST", "/units", {"customer_id": "{customer}", "make": "VW", "vin": "123"}, "vin"),
    ("POST", "/units", {"customer_id": "{customer}"}, "make"),
    ("PATCH", "/units/{unit}", {"kind": "boat"}, "kind"),
    (
        "POST",
        "/work-orders",
        {"customer_id": "{customer}", "problem_description": " "},
        "problem_description",
    ),
    (
        "POST",
        "/work-orders",
        {"customer_id": "{customer}", "problem_description": "x", "number": "a/b"},
        "number",
    ),
    (
        "POST",
        "/work-orders",
        {"customer_id": "{customer}", "problem_description": "x", "promised_date": "soon"},
        "promised_date",
    ),
    (
        "POST",
        "/work-orders",
        {"customer_id": "{customer}", "problem_description": "x", "technician_id": 4711},
        "technician_id",
    ),
    ("PATCH", "/work-orders/{work_order}", {"problem_description": ""}, "problem_description"),
    ("PATCH", "/work-orders/{work_order}", {"technician_id": "{advisor}"}, "technician_id"),
    ("POST", "/work-orders/{work_order}/status", {"status_id": "{inactive}"}, "status"),
    ("POST", "/work-orders/{work_order}/status", {"status_id": 4711}, "status_id"),
    ("POST", "/work-orders/{work_order}/status", {}, "status_id"),
    ("POST", "/work-orders/{work_order}/comments", {"text": ""}, "text"),
    ("POST", "/work-orders/{work_order}/comments", {"text": LONG}, "text"),
    ("POST", "/work-orders/{work_order}/comments", {"text": "x", "public": "maybe"}, "public"),
    ("POST", "/work-orders/{work_order}/close", {"status_id": "{open}"}, "status"),
    ("POST", "/work-orders/{work_order}/reopen", {"reason": "x"}, "status"),
    ("POST", "/work-orders/{work_order}/reopen", {}, "reason"),
    ("POST", "/service-requests/{request}/accept", {}, "version"),
    ("POST", "/service-requests/{request}/accept", {"version": "{version}", "slot_id": 4711}, "slot_id"),
    ("POST", "/service-requests/{request}/reject", {"version": "{version}", "reason": LONG}, "reason"),
]


def written():
    models = [CustomerAccount, Unit, WorkOrder, TimelineEntry, TrackingLink, Attachment, IdempotentRequest]
    return [model.objects.count() for model in models] + [
        list(CustomerAccount.objects.values()),
        list(Unit.objects.values()),
    ]


@pytest.fixture
def names(customer, unit, work_order, statuses, advisor, submit):
    request = submit()
    return {
        "customer": customer.pk,
        "unit": unit.pk,
        "work_order": work_order.pk,
        "inactive": statuses["inactive"].pk,
        "open": statuses["open"].pk,
        "advisor": advisor.pk,
        "request": request.pk,
        "version": request.version,
    }


def filled(value, names):
    if isinstance(value, dict):
        return {key: filled(item, names) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    return value


@pytest.mark.parametrize(("method", "path", "body", "field"), WRITES)
def test_bad_input_is_a_problem_naming_the_field_and_writes_nothing(api, names, method, path, body, field):
    before = written()
    response = api.send(method, path.format(**names), filled(body, names), headers={"Idempotency-Key": "bad"})
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]], response.json()
    assert written() == before


@pytest.mark.parametrize(
    ("method", "path"), sorted({(method, path) for method, path, _body, _field in WRITES})
)
def test_a_body_that_is_not_an_object_is_refused(api, names, method, path):
    response = api.send(method, path.format(**names), raw="[1, 2")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
