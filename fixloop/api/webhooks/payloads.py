"""The JSON of every webhook event, as Pydantic models: one envelope (`id`, `type`, `created_at`,
`data`) and one `data` model per event type. The models are the schema: listeners.py builds each
body through them, `openapi_webhooks()` publishes them (OpenAPI 3.1 `webhooks`), and
docs/webhooks.md describes them.

The schema is stable: a field is never removed or changes its meaning within a version; a change
that would break a receiver is a new type name (`….v2`), sent beside the old one for a while.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MONEY = r"^-?\d+\.\d{2}$"


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StatusData(Payload):
    id: int = Field(description="The status's id (stable while the shop keeps the status).")
    name: str = Field(description="The staff name in English.")
    phase: str = Field(description="The phase of the workflow, e.g. `open`, `in_progress`, `closed`.")
    visible_to_customers: bool


class WorkOrderData(Payload):
    number: str = Field(description="The work order number, e.g. `2026-00042`.")
    customer_number: str
    unit_id: int | None = Field(description="The device or vehicle, when one is recorded.")
    location_id: int
    status: StatusData


class WorkOrderStatusChanged(Payload):
    work_order: WorkOrderData
    previous_status: StatusData
    changed_at: datetime
    changed_by: Literal["staff", "customer", "integration", "system"] = Field(
        description="Who made the change."
    )


class JobDecisionData(Payload):
    job_key: int = Field(description="The job's key in the estimate version.")
    description: str
    decision: Literal["approved", "declined", "disputed"]
    dispute_subject: Literal["labour", "parts", "both"] | None = Field(
        description="What is disputed, for a disputed job."
    )
    note: str = Field(description="The customer's note (a dispute's reason); may be empty.")


class EstimateDecisionData(Payload):
    work_order_number: str
    customer_number: str
    estimate_id: int
    state: str = Field(
        description="The estimate's state afterwards, e.g. `approved`, `partly_approved`, `declined`, "
        "`disputed`."
    )
    version: int = Field(description="The version the customer decided on.")
    content_hash: str = Field(description="SHA-256 of that version's content, as shown to the customer.")
    gross: str = Field(pattern=MONEY, description="The version's total incl. VAT, a decimal string.")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    channel: str = Field(description="How the decision came: `online`, `phone`, `fax`, `email`, `in_person`.")
    signed_name: str = Field(description="The name the customer signed (typed) with.")
    decided_at: datetime
    decisions: list[JobDecisionData] = Field(description="The jobs decided now.")


class EstimateDecided(EstimateDecisionData):
    pass


class DisputeOpened(EstimateDecisionData):
    disputed: list[JobDecisionData] = Field(description="The jobs the customer disputes.")


class BookingChanged(Payload):
    service_request_id: int
    customer_number: str | None = Field(
        description="None for a request from the public form without an account."
    )
    work_order_number: str | None = Field(description="Set once the booking is confirmed into a work order.")
    step: str = Field(
        description="What happened: `requested`, `email_confirmed`, `suggested`, `accepted`, `countered`, "
        "`confirmed`, `declined`, `withdrawn`."
    )
    state: str = Field(description="The request's state afterwards.")
    previous_state: str = Field(description="The state before; empty for a new request.")
    by: Literal["shop", "customer"]
    at: datetime


class ValueChange(Payload):
    old: str
    new: str


class CustomerContactChanged(Payload):
    customer_number: str
    changes: dict[str, ValueChange] = Field(
        description="Each changed field (`email`, `mobile`, `phone`, `name`, …) with its old and new value."
    )
    source: Literal["portal", "tracking_page"] = Field(description="Where the customer changed it.")
    changed_at: datetime


class MessageFailed(Payload):
    message_id: int
    kind: str = Field(description="The kind of message, e.g. `estimate.ready`, `workorder.status_changed`.")
    channel: Literal["email", "sms", "fax"]
    customer_number: str | None
    work_order_number: str | None
    recipient: str
    reason: str = Field(description="Why it failed, as staff read it.")
    failed_at: datetime


class InvoiceAuthorised(Payload):
    invoice_number: str
    customer_number: str
    work_order_number: str | None
    gross: str = Field(pattern=MONEY)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    authorised_by: str = Field(description="The name the customer signed with.")
    authorised_at: datetime


class InvoiceDisputed(Payload):
    invoice_number: str
    customer_number: str
    work_order_number: str | None
    gross: str = Field(pattern=MONEY)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    reason: str = Field(description="The customer's note.")
    disputed_line: str | None = Field(
        default=None, description="The description of the line the customer disputed, if one line."
    )
    disputed_at: datetime


class InspectionAnswer(Payload):
    item_id: int = Field(description="The inspection item's id.")
    item: str = Field(description="The item's description, as the customer read it.")
    category: Literal["scheduled", "necessary", "recommended", "ok"]
    answer: Literal["repair", "decline", "contact", "disagree"] = Field(
        description="repair; decline (don't repair); contact (contact me); disagree (do not agree, "
        "recommended items only)."
    )
    note: str = Field(description="The customer's comment on the item, if any.")


class InspectionAnswered(Payload):
    work_order_number: str
    customer_number: str
    inspection_id: int
    version: int = Field(description="The version of the inspection the customer answered (1, 2, …).")
    answered_by: str = Field(description="The name the customer typed.")
    answers: list[InspectionAnswer]
    answered_at: datetime


class Envelope(Payload):
    """What every delivery POSTs: the event, the same `id` on every delivery of it."""

    id: str = Field(pattern=r"^evt_[0-9a-f]{32}$", description="Unique per event; deduplicate on it.")
    type: str = Field(description="The event type with its version, e.g. `estimate.decided.v1`.")
    created_at: datetime = Field(description="When the event happened (UTC, ISO 8601).")
    data: dict


def inline_refs(schema: dict) -> dict:
    """The schema with every `#/$defs/…` reference replaced by its definition, so it stands alone
    wherever it is embedded (an OpenAPI document resolves `#/…` from its own root)."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node and node["$ref"].startswith("#/$defs/"):
                target = dict(definitions[node["$ref"].removeprefix("#/$defs/")])
                rest = {key: value for key, value in node.items() if key != "$ref"}
                return resolve({**target, **rest})
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def event_schema(type_name: str, data_model: type[Payload]) -> dict:
    """The JSON Schema (2020-12) of a whole event body of one type."""
    envelope = inline_refs(Envelope.model_json_schema())
    envelope["title"] = type_name
    envelope["properties"]["type"] = {"const": type_name, "type": "string", "title": "Type"}
    envelope["properties"]["data"] = inline_refs(data_model.model_json_schema())
    return envelope


HEADERS = [
    (
        "Fixloop-Signature",
        '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; during a secret rotation a second '
        "`v1=` (the previous secret). Accept the body when any `v1` matches and `t` is recent.",
    ),
    ("Fixloop-Event", "The event type, as in the body's `type`."),
    ("Fixloop-Delivery", 'This delivery\'s id (a UUID); a retry keeps it, "send again" makes a new one.'),
]


def openapi_webhooks() -> dict:
    """The OpenAPI 3.1 `webhooks` object: one POST per event type, the body's schema inline."""
    from fixloop.api.webhooks.events import EVENT_TYPES  # import circle: events names these payloads

    webhooks = {}
    for event in EVENT_TYPES.values():
        with_english_names = str(event.description)
        webhooks[event.name] = {
            "post": {
                "operationId": "webhook_" + event.name.replace(".", "_"),
                "summary": event.name,
                "description": with_english_names
                + ("" if event.wired else " Sent once that feature is part of Fixloop."),
                "parameters": [
                    {
                        "name": name,
                        "in": "header",
                        "required": True,
                        "description": text,
                        "schema": {"type": "string"},
                    }
                    for name, text in HEADERS
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": event_schema(event.name, event.data)}},
                },
                "responses": {
                    "2XX": {
                        "description": "Received. Anything else is retried (except 4xx other than 408 and 429)."
                    }
                },
            }
        }
    return webhooks
