"""Requests no browser sends are answered 400 before any view sees them: a NUL byte in the query
(PostgreSQL refuses NUL in text, so it would fail deep inside a query), a body length that is not a
number, and a form body in a character set that cannot be read as one (UTF-16, unknown names) or
with a NUL byte in a field. A NUL byte in a path parameter names nothing (no stored text holds one):
404. Every view can then rely on text it can store and search."""

import codecs

from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
PROBE = "name=value&x=1"
# Secret-link tokens are hashed before they are looked up (core/tokens.py), so a NUL in one reaches
# no query; their views answer every bad token with the same "link not valid" page.
HASHED_PARAMETERS = {"token"}


def readable_charset(name: str) -> bool:
    """A form body's character set must exist and spell ASCII as ASCII (as every form encoding a
    browser uses does); UTF-16 and UTF-32 do not, and Django's form parser fails on them."""
    try:
        codecs.lookup(name)
        return PROBE.encode(name) == PROBE.encode("ascii")
    except (LookupError, UnicodeError, ValueError):
        return False


def has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def check(request) -> None:
    """Raise BadRequest (answered 400) for a request that no view should have to handle."""
    if has_nul(request.GET):
        raise BadRequest("NUL byte in the query")
    length = request.META.get("CONTENT_LENGTH")
    if length and not length.strip().isdigit():
        raise BadRequest("unreadable Content-Length")
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method == "GET" or not content_type.lower().startswith(FORM_TYPES):
        return
    if request.encoding and not readable_charset(request.encoding):
        raise BadRequest("unreadable character set of a form body")
    if content_type.lower().startswith(FORM_TYPES[0]):
        try:
            fields = request.POST
        except (UnicodeError, ValueError) as error:
            raise BadRequest("unreadable form body") from error
        if has_nul(fields):
            raise BadRequest("NUL byte in a form field")


class MalformedRequestMiddleware:
    """Answer malformed requests with 400 (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for name, value in view_kwargs.items():
            if name not in HASHED_PARAMETERS and isinstance(value, str) and "\x00" in value:
                raise Http404("NUL byte in a path parameter")
