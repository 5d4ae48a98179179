"""The project's URLs plus one view that fails, for the 500 page's tests."""

from django.urls import path

from fixloop.urls import handler500  # noqa: F401 (Django reads it from the URLconf)
from fixloop.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("staff/fail/", fail), path("track/fail/", fail), *project_urlpatterns]
