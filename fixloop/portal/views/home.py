"""The signed-in customer's home page: what needs their attention first (estimates awaiting a
decision, inspections awaiting answers, booking suggestions to answer, repairs ready for pick-up), then their recent repairs. The
part that changes when staff act refreshes itself."""

from django.views.decorators.http import require_GET

from fixloop.estimates.models import Estimate
from fixloop.inspections.models import Inspection
from fixloop.portal.signed_in import live, portal_login_required
from fixloop.portal.views.repair_rows import for_lists, repair_rows
from fixloop.repairs.models import Phase, ServiceRequest

RECENT_COUNT = 5


@require_GET
@portal_login_required
def home(request):
    scope = request.portal
    awaiting = (
        scope.estimates()
        .filter(state=Estimate.State.AWAITING)
        .select_related("work_order__unit", "work_order__customer")
        .order_by("work_order__opened_at")
    )
    ready = (
        for_lists(scope.work_orders()).filter(closed_at=None, status__phase=Phase.READY).order_by("opened_at")
    )
    inspections = (
        scope.inspections()
        .filter(state__in=[Inspection.State.SENT, Inspection.State.OPENED])
        .select_related("work_order__unit", "work_order__customer")
        .order_by("work_order__opened_at")
    )
    suggestions = scope.service_requests().filter(state=ServiceRequest.State.WAITING_CUSTOMER).count()
    recent = repair_rows(scope, for_lists(scope.work_orders()).order_by("-opened_at", "-id")[:RECENT_COUNT])
    context = {
        "nav": "home",
        "customers": scope.customers().order_by("name"),
        "several_accounts": scope.several_accounts,
        "awaiting": awaiting,
        "inspections": inspections,
        "ready": ready,
        "suggestions": suggestions,
        "recent": recent,
    }
    return live(
        request,
        "portal/signed_in/home.html",
        context,
        part="home-live",
        part_template="portal/signed_in/_home_live.html",
    )
