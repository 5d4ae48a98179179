"""Every error of the API as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
`status`, `detail`, and `errors` naming the fields (`field`: a dotted name, `pointer`: a JSON pointer
into the body, or the query parameter, path parameter or header), each with a message."""

import json
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://fixloop.app/problems/"  # a name, not fetched: the title says what it means


class FieldError(Schema):
    field: str
    pointer: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class ApiProblem(Exception):
    """Raised anywhere in an API view: answered as a problem with this status."""

    def __init__(self, status: int, detail: str = "", *, errors=None, headers=None, kind: str = ""):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        self.kind = kind


def field_error(field: str, message: str, *, location: str = "body") -> dict:
    parts = [part for part in field.split(".") if part]
    pointer = "/" + "/".join(parts) if location == "body" else f"{location}:{field}"
    return {"field": field, "pointer": pointer, "message": str(message)}


def response(status: int, detail: str = "", *, errors=(), headers=None, kind: str = "") -> HttpResponse:
    title = HTTPStatus(status).phrase
    kind = kind or title.lower().replace(" ", "-").replace("'", "")
    body = {
        "type": TYPE_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail or title,
        "errors": list(errors),
    }
    answer = HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


LOCATIONS = {
    "body": "body",
    "query": "query",
    "path": "path",
    "header": "header",
    "form": "body",
    "file": "body",
}


def ninja_field_errors(errors: list[dict]) -> list[dict]:
    """Ninja's (pydantic's) errors as field errors: loc ['body', 'payload', 'name'] → field 'name'."""
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = LOCATIONS.get(loc[0], "body") if loc else "body"
        rest = loc[1:]
        if location == "body" and len(rest) > 1:
            rest = rest[1:]  # the view's parameter name ("payload") says nothing to the client
        field = ".".join(rest) or location
        result.append(field_error(field, error.get("msg", "Invalid value."), location=location))
    return result


def django_field_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            field_error("body" if field == "__all__" else field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [field_error("body", message) for message in error.messages]


def install(api) -> None:
    """Answer every error of `api` as problem details."""

    @api.exception_handler(ApiProblem)
    def api_problem(request, exc):
        return response(exc.status, exc.detail, errors=exc.errors, headers=exc.headers, kind=exc.kind)

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        errors = ninja_field_errors(exc.errors)
        return response(422, "The request has invalid fields.", errors=errors, kind="invalid-input")

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        errors = django_field_errors(exc)
        return response(422, "The change was refused.", errors=errors, kind="refused")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return response(
            401,
            "Send a valid integration token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="fixloop"'},
        )

    @api.exception_handler(AuthorizationError)
    def forbidden_ninja(request, exc):
        return response(403, str(exc.message))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return response(403, str(exc) or "Forbidden")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return response(404, "No such object.")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return response(exc.status_code, str(exc.message))
