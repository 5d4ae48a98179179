"""The site's addresses with the customer's inspection page (`portal:inspection`, /inspection/<token>/)
for branches where the page itself is not part of the portal yet: the messages carry its address, and
these tests follow it no further. tests/messaging/inspection_fixtures.py switches to this only when
the portal has no such page."""

from django.http import Http404
from django.urls import include, path

from fixloop import urls as site
from fixloop.portal import urls as portal


def inspection_page(request, token):
    raise Http404


urlpatterns = [
    path(
        "",
        include(
            (
                [*portal.urlpatterns, path("inspection/<str:token>/", inspection_page, name="inspection")],
                portal.app_name,
            ),
            namespace="portal",
        ),
    ),
    *site.urlpatterns,
]
