"""The signed-in customer's home page: what needs their attention first."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from fixloop.estimates.models import Estimate
from fixloop.portal.signed_in import portal_login_required
from fixloop.repairs.models import Phase


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
        scope.work_orders()
        .filter(closed_at=None, status__phase=Phase.READY)
        .select_related("unit", "status", "location", "customer")
        .order_by("opened_at")
    )
    return render(
        request,
        "portal/signed_in/home.html",
        {
            "customers": scope.customers().order_by("name"),
            "several_accounts": scope.several_accounts,
            "awaiting": awaiting,
            "ready": ready,
        },
    )
