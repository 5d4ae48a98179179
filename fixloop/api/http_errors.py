"""Django's error views, answering requests to the API as problem details: a request refused
before any API view runs (core/malformed.py: a NUL byte in the query, an unreadable body) gets a
400 problem, and an unexpected error a 500 problem, instead of an HTML page."""

from django.views.defaults import bad_request as html_bad_request

from fixloop.api.v1 import problems
from fixloop.shop.views import server_error as html_server_error

PREFIX = "/api/"


def bad_request(request, exception):
    if request.path.startswith(PREFIX):
        return problems.response(400, "The request cannot be read (e.g. a NUL character in the query).")
    return html_bad_request(request, exception)


def server_error(request):
    if request.path.startswith(PREFIX):
        return problems.response(500, "Something went wrong on our side; the error is logged.")
    return html_server_error(request)
