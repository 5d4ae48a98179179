"""Bearer authentication with integration tokens, the scope check and the rate limit.

Each router is given `TokenAuth("<resource group>")`: GET and HEAD need `<group>:read`, every
other method `<group>:write`. A revoked or unknown token is answered 401 from the next request on
(tokens are looked up on every request, nothing is cached); a missing scope 403; too many
requests 429 with Retry-After.
"""

from django.conf import settings
from ninja.security import HttpBearer

from fixloop.api.models import ApiToken
from fixloop.api.services import tokens
from fixloop.api.v1.problems import ApiProblem, field_error
from fixloop.core.actor import Actor, client_ip
from fixloop.core.ratelimit import Limit, count_try

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def rate_limit(token: ApiToken) -> Limit:
    return Limit("api-token", tries=token.rate_limit or settings.API_RATE_LIMIT, seconds=60)


class TokenAuth(HttpBearer):
    openapi_description = "An integration token created in the back office (Configuration → API tokens)."

    def __init__(self, group: str):
        super().__init__()
        self.group = group

    def authenticate(self, request, token: str) -> ApiToken | None:
        row = tokens.find(token)
        if row is None or not row.is_active:
            return None
        access = "read" if request.method in READ_METHODS else "write"
        if not row.allows(self.group, access):
            raise ApiProblem(
                403,
                f"This token may not {access} {self.group}: it needs the scope '{self.group}:{access}'.",
                kind="missing-scope",
            )
        verdict = count_try(rate_limit(row), str(row.pk))
        if not verdict.allowed:
            raise ApiProblem(
                429,
                f"Too many requests for this token; try again in {verdict.retry_after} s.",
                headers={"Retry-After": str(verdict.retry_after)},
                kind="rate-limited",
            )
        tokens.record_use(row, client_ip(request))
        refuse_nul(request)
        return row


def refuse_nul(request) -> None:
    """PostgreSQL stores no NUL character in text: a body holding one is refused before it is read."""
    if request.method in READ_METHODS or request.content_type == "multipart/form-data":
        return  # files are binary; form fields of an upload are checked by core/malformed.py
    body = request.body
    if b"\x00" in body or b"\\u0000" in body:
        raise ApiProblem(
            422,
            "Text cannot contain the NUL character (\\u0000).",
            errors=[field_error("body", "NUL character")],
            kind="invalid-input",
        )


def actor(request) -> Actor:
    """The integration whose token made the request, as timeline entries record it."""
    return Actor.integration(request, name=request.auth.name)
