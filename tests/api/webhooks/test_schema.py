"""The OpenAPI 3.1 `webhooks` object: one POST per event type, each body schema a valid JSON Schema
(2020-12) that stands alone (no references outside itself)."""

import json

import jsonschema_rs
import pytest

from fixloop.api.webhooks.events import EVENT_TYPES
from fixloop.api.webhooks.payloads import openapi_webhooks


def body_schema(type_name: str) -> dict:
    return openapi_webhooks()[type_name]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_every_event_type_is_in_the_openapi_webhooks():
    assert set(openapi_webhooks()) == set(EVENT_TYPES)


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
def test_each_body_schema_is_a_valid_json_schema(type_name):
    schema = body_schema(type_name)
    assert jsonschema_rs.meta.is_valid(schema)
    assert "$ref" not in json.dumps(schema)


@pytest.mark.parametrize("type_name", sorted(EVENT_TYPES))
def test_each_body_schema_fixes_the_type_and_requires_the_envelope(type_name):
    schema = body_schema(type_name)
    assert schema["properties"]["type"]["const"] == type_name
    assert set(schema["required"]) == {"id", "type", "created_at", "data"}


def test_a_body_of_another_type_does_not_fit(subscribe):
    validator = jsonschema_rs.validator_for(body_schema("estimate.decided.v1"))
    body = {
        "id": "evt_" + "0" * 32,
        "type": "work_order.status_changed.v1",
        "created_at": "2026-12-07T09:00:00Z",
        "data": {},
    }
    assert not validator.is_valid(body)


def test_each_webhook_documents_the_signature_event_and_delivery_headers():
    for webhook in openapi_webhooks().values():
        names = {parameter["name"] for parameter in webhook["post"]["parameters"]}
        assert names == {"Fixloop-Signature", "Fixloop-Event", "Fixloop-Delivery"}


def test_every_event_type_is_wired_and_none_says_it_is_not_sent_yet():
    for name, webhook in openapi_webhooks().items():
        assert "Sent once that feature" not in webhook["post"]["description"], name
