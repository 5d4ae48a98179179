"""The API's URLs: /api/v1/ (NinjaAPI), with problem details for unknown paths and methods."""

from django.http import HttpResponseNotAllowed
from django.urls import path, re_path

from fixloop.api.v1 import problems
from fixloop.api.v1.api import api


def problem_for_wrong_method(view):
    """Ninja answers a method a path does not have with a bare 405: make it a problem."""

    def wrapped(request, *args, **kwargs):
        answer = view(request, *args, **kwargs)
        if isinstance(answer, HttpResponseNotAllowed):
            allowed = answer["Allow"]
            return problems.response(405, f"Allowed: {allowed}.", headers={"Allow": allowed})
        return answer

    wrapped.csrf_exempt = True
    return wrapped


def unknown_path(request, rest=""):
    return problems.response(404, "No such path in the API.")


v1_patterns, v1_app_name, v1_namespace = api.urls
for pattern in v1_patterns:
    pattern.callback = problem_for_wrong_method(pattern.callback)
unknown_path.csrf_exempt = True

urlpatterns = [
    path("v1/", (v1_patterns, v1_app_name, v1_namespace)),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]
