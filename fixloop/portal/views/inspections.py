"""One inspection (diagnostic overview) behind its secret link, /inspection/<token>/: the page, the
answers, and the photos and videos of the items it shows (inspection_pages.py, shared with the
signed-in portal). An unknown, expired or revoked link answers 404 with one page for all. Pages are in
the customer's language, times in the location's time zone.

CSRF: these views are exempt, as the estimate links (estimates.py): every form posts to a URL with
the link's secret token, which a forging site does not know; customers open these links from e-mail
and SMS apps whose browsers may not keep cookies.
"""

from functools import wraps

from django.http import Http404

from fixloop.inspections.models import Inspection
from fixloop.inspections.services import links
from fixloop.portal.http import as_customer, finish
from fixloop.portal.inspection_links import inspection_path
from fixloop.portal.views import inspection_pages


def inspection_link(view):
    """/inspection/<token>/…: a usable link, and the sent inspection it shows."""

    @wraps(view)
    def wrapped(request, token, **kwargs):
        link = links.find_link(token)
        if link is None or not link.usable:
            return inspection_pages.gone(request)
        inspection = (
            Inspection.objects.select_related(
                "work_order__customer", "work_order__location", "work_order__unit"
            )
            .filter(pk=link.inspection_id, version__gt=0)
            .first()
        )
        if inspection is None:
            return inspection_pages.gone(request)
        urls = inspection_pages.InspectionUrls(inspection_path(token))
        work_order = inspection.work_order
        with as_customer(request, work_order.customer, work_order.location.zone):
            try:
                response = view(request, inspection_pages.Page(inspection, urls), **kwargs)
            except Http404:
                return inspection_pages.gone(request)
            # A photo or video keeps its own caching (inspection_pages.media_file); pages are private.
            return response if response.streaming else finish(request, response)

    return wrapped


inspection, inspection_answer, inspection_media, inspection_thumbnail = inspection_pages.link_page_views(
    inspection_link
)
