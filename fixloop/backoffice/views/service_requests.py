"""Service requests customers sent: the queue, one request, accepting it (which opens a work order)
or rejecting it with a reason for the customer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms import service_requests as forms
from fixloop.backoffice.views.shared import INVALID, apply_errors
from fixloop.core.actor import Actor
from fixloop.repairs import services
from fixloop.repairs.models import ServiceRequest


@staff_required(permission="repairs.view_servicerequest")
@require_GET
def service_request_list(request):
    pending = ServiceRequest.objects.filter(state=ServiceRequest.State.PENDING).select_related(
        "customer", "unit", "preferred_location"
    )
    decided = (
        ServiceRequest.objects.exclude(state=ServiceRequest.State.PENDING)
        .select_related("customer", "work_order", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(request, "backoffice/service_requests/list.html", {"pending": pending, "decided": decided})


def _service_request(pk) -> ServiceRequest:
    return get_object_or_404(
        ServiceRequest.objects.select_related("customer", "unit", "preferred_location"), pk=pk
    )


@staff_required(permission="repairs.change_servicerequest")
def service_request_detail(request, pk):
    service_request = _service_request(pk)
    accept_form = forms.AcceptServiceRequestForm(initial={"location": service_request.preferred_location_id})
    reject_form = forms.RejectServiceRequestForm()
    return render(
        request,
        "backoffice/service_requests/detail.html",
        {
            "service_request": service_request,
            "accept_form": accept_form,
            "reject_form": reject_form,
        },
    )


@staff_required(permission="repairs.change_servicerequest")
@require_POST
def service_request_accept(request, pk):
    service_request = _service_request(pk)
    form = forms.AcceptServiceRequestForm(request.POST)
    if form.is_valid():
        try:
            work_order = services.accept_service_request(
                service_request, by=Actor.staff(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Accepted: work order %(number)s opened.") % {"number": work_order.number}
            )
            return redirect("backoffice:work_order", number=work_order.number)
    return render(
        request,
        "backoffice/service_requests/detail.html",
        {
            "service_request": service_request,
            "accept_form": form,
            "reject_form": forms.RejectServiceRequestForm(),
        },
        status=INVALID,
    )


@staff_required(permission="repairs.change_servicerequest")
@require_POST
def service_request_reject(request, pk):
    service_request = _service_request(pk)
    form = forms.RejectServiceRequestForm(request.POST)
    if form.is_valid():
        try:
            services.reject_service_request(
                service_request, reason=form.cleaned_data["rejection_reason"], by=Actor.staff(request)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The service request was rejected."))
            return redirect("backoffice:service_requests")
    return render(
        request,
        "backoffice/service_requests/detail.html",
        {
            "service_request": service_request,
            "reject_form": form,
            "accept_form": forms.AcceptServiceRequestForm(),
        },
        status=INVALID,
    )
