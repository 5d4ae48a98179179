"""Staff side of track & trace: a work order's tracking link (issue, revoke, change the expiry)."""

from django.views.decorators.http import require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.tracking import ConfirmForm, ExpiryForm
from fixloop.backoffice.views.shared import get_work_order, run_action
from fixloop.repairs import services


@staff_required(permission="repairs.change_workorder")
@require_POST
def tracking_issue(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "tracking_form",
        ConfirmForm(request.POST),
        lambda wo, data, by: services.issue_link(wo, by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def tracking_revoke(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "tracking_form",
        ConfirmForm(request.POST),
        lambda wo, data, by: services.revoke_link(wo, by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def tracking_expiry(request, number):
    return run_action(
        request,
        get_work_order(request, number),
        "tracking_expiry_form",
        ExpiryForm(request.POST),
        lambda wo, data, by: services.set_link_expiry(wo, data["valid_until"], by=by),
    )
