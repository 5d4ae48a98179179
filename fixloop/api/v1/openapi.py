"""What Ninja does not write into the OpenAPI document by itself: the problem-details answers every
operation can give, and the links from an operation's answer to the operations it enables
(OpenAPI links: clients and schemathesis' stateful tests follow them).

Each resource module may define `LINKS = {operation id: {status: {target operation id: {parameter:
expression}}}}` (or `{"requestBody": {field: expression}}` as the target's values); operation ids are
the view functions' names (unique across the API)."""

from fixloop.api.v1.problems import MEDIA_TYPE, FieldError, Problem

# Answers any operation can give (validation, token, scope, unknown object, wrong method, conflict,
# refused change, too many requests).
ERROR_STATUSES = {
    "400": "The body cannot be read.",
    "401": "No valid token.",
    "403": "The token lacks the scope.",
    "404": "No such object.",
    "405": "The path does not have this method.",
    "409": "Conflict: an Idempotency-Key reused for another request, or the object changed meanwhile.",
    "422": "Invalid input or a refused change; `errors` names the fields.",
    "429": "Too many requests for this token; see Retry-After.",
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds until a request is allowed again.", "schema": {"type": "integer"}}
}


def components(schema: dict) -> None:
    defs = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (FieldError, Problem):
        defs[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
        defs[model.__name__].pop("$defs", None)


def problem_answers(operation: dict) -> None:
    responses = operation["responses"] = {
        str(status): answer for status, answer in operation["responses"].items()
    }
    for status, description in ERROR_STATUSES.items():
        answer = responses.setdefault(status, {"description": description})
        answer["content"] = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        if status == "429":
            answer["headers"] = RETRY_AFTER


def link_values(values: dict) -> dict:
    """{parameter: expression}, or {"requestBody": {field: expression}} for the fields of the
    target's body (the rest of the body is generated)."""
    return values if "requestBody" in values else {"parameters": values}


def add_links(schema: dict, links: dict) -> None:
    operations = {
        operation["operationId"]: operation
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for source, by_status in links.items():
        for status, targets in by_status.items():
            answer = operations[source]["responses"][status]
            answer["links"] = {
                target: {"operationId": target, **link_values(values)}
                for target, values in targets.items()
                if target in operations
            }


def complete(schema: dict, links: dict) -> dict:
    components(schema)
    for path in schema["paths"].values():
        for operation in path.values():
            if isinstance(operation, dict) and "responses" in operation:
                problem_answers(operation)
    add_links(schema, links)
    return schema
