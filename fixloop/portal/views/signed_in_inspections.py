"""The signed-in customer's inspections (diagnostic overviews): the list (those waiting for their
answers first, then the answered ones) and one inspection with the same page, answers and photos as
its secret link (inspection_pages.py). Every inspection comes from request.portal (PortalScope); the
person signed in is recorded as the one who answered (Actor.portal). Pages are in the portal's
language, one inspection in its location's time zone.
"""

from functools import wraps

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fixloop.inspections.models import Inspection
from fixloop.portal.inspection_links import portal_inspection_path
from fixloop.portal.signed_in import portal_login_required
from fixloop.portal.views import inspection_pages

State = Inspection.State


def _inspections(request):
    return request.portal.inspections().select_related(
        "work_order__customer", "work_order__location", "work_order__unit"
    )


@require_GET
@portal_login_required
def inspections(request):
    rows = [
        {
            "inspection": inspection,
            "work_order": inspection.work_order,
            "url": portal_inspection_path(inspection.pk),
        }
        for inspection in _inspections(request).order_by("-updated_at", "-pk")
    ]
    context = {
        "waiting": [row for row in rows if row["inspection"].state != State.ANSWERED],
        "answered": [row for row in rows if row["inspection"].state == State.ANSWERED],
        "several_accounts": request.portal.several_accounts,
    }
    return render(request, "portal/signed_in/inspections/list.html", context)


def signed_in_inspection(view):
    """/portal/inspections/<pk>/…: one of the person's sent inspections (else 404), as a Page."""

    @wraps(view)
    def wrapped(request, pk, **kwargs):
        inspection = get_object_or_404(_inspections(request), pk=pk)
        urls = inspection_pages.InspectionUrls(
            portal_inspection_path(inspection.pk), reverse("portal:inspections")
        )
        page = inspection_pages.Page(inspection, urls, signed_in=True)
        with timezone.override(inspection.work_order.location.zone):
            return view(request, page, **kwargs)

    return wrapped


def _way_in(view):
    return portal_login_required(signed_in_inspection(view))


inspection_detail, inspection_detail_answer, inspection_detail_media, inspection_detail_thumbnail = (
    inspection_pages.page_views(_way_in)
)
