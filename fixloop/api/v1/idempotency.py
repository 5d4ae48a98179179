"""`Idempotency-Key` on creates: the first request with a key stores its answer; the same key with
the same request (method, path and body) gets that answer again (with `Idempotent-Replayed: true`)
and creates nothing; with another request it gets 409. Keys are per token and kept
API_IDEMPOTENCY_HOURS. The key's row is written in the same transaction as the created object, so
two requests with one key at the same moment create one object: the second waits for the first."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from ninja import Header

from fixloop.api.services import idempotency
from fixloop.api.v1.problems import ApiProblem, field_error

KEY_MAX_LENGTH = 255
HEADER = "Idempotency-Key"

# The parameter every create takes: `key: IdempotencyKey = None`.
IdempotencyKey = Header(
    None,
    alias=HEADER,
    max_length=KEY_MAX_LENGTH,
    description="Any unique string (e.g. a UUID): sending the same create again returns the first answer.",
)


def body_parts(request) -> list[bytes]:
    """What the body says: its bytes, or for a multipart upload (whose boundary changes with every
    sending) its fields and the SHA-256 of each file."""
    if request.content_type != "multipart/form-data":
        return [request.body]
    parts = [f"{name}={value}".encode() for name, values in sorted(request.POST.lists()) for value in values]
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            file_digest = hashlib.sha256()
            for chunk in upload.chunks():
                file_digest.update(chunk)
            upload.seek(0)
            parts.append(f"{name}:{upload.name}:{file_digest.hexdigest()}".encode())
    return parts


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), *body_parts(request)):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def json_response(status: int, payload) -> HttpResponse:
    return HttpResponse(
        json.dumps(payload, cls=DjangoJSONEncoder), status=status, content_type="application/json"
    )


def create(request, key: str | None, make) -> HttpResponse:
    """Run `make()` — which creates and returns (status, JSON-ready payload) — at most once per key."""
    if key is None:
        with transaction.atomic():
            return json_response(*make())
    if not key.strip() or not key.isprintable():
        raise ApiProblem(
            422,
            "An Idempotency-Key is 1 to 255 printable characters.",
            errors=[field_error(HEADER, "Invalid key.", location="header")],
            kind="invalid-input",
        )
    request_print = fingerprint(request)
    with transaction.atomic():
        row = idempotency.reserve(request.auth, key, request_print)
        if row is None:
            earlier = idempotency.earlier(request.auth, key)
            if earlier is None:  # expired and deleted between the two statements: a rare retry
                raise ApiProblem(409, "The key is being reused right now; send the request again.")
            if earlier.fingerprint != request_print:
                raise ApiProblem(
                    409,
                    "This Idempotency-Key was used for a different request.",
                    errors=[field_error(HEADER, "Used for a different request.", location="header")],
                    kind="idempotency-key-reused",
                )
            answer = HttpResponse(earlier.body, status=earlier.status_code, content_type="application/json")
            answer["Idempotent-Replayed"] = "true"
            return answer
        status, payload = make()
        body = json.dumps(payload, cls=DjangoJSONEncoder)
        idempotency.keep_answer(row, status, body)
    return HttpResponse(body, status=status, content_type="application/json")
