"""Staff side of track & trace: a work order's tracking link (issue, revoke, change the expiry) and
the messages customers send from their tracking page."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.common import paginate
from fixloop.backoffice.views import _work_order, _work_order_action
from fixloop.core.actor import Actor
from fixloop.repairs import services
from fixloop.repairs.models import CustomerNote


class ExpiryForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Valid until (end of day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Leave empty to use the shop's default: valid until some days after the work order closes."
        ),
    )


class ConfirmForm(forms.Form):
    """The forms that are only a button."""


# ----------------------------------------------------------------------------- the tracking link


@staff_required(permission="repairs.change_workorder")
@require_POST
def tracking_issue(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "tracking_form",
        ConfirmForm(request.POST),
        lambda wo, data, by: services.issue_link(wo, by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def tracking_revoke(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "tracking_form",
        ConfirmForm(request.POST),
        lambda wo, data, by: services.revoke_link(wo, by=by),
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def tracking_expiry(request, number):
    return _work_order_action(
        request,
        _work_order(request, number),
        "tracking_expiry_form",
        ExpiryForm(request.POST),
        lambda wo, data, by: services.set_link_expiry(wo, data["valid_until"], by=by),
    )


# ----------------------------------------------------------------------------- customers' messages


@staff_required(permission="repairs.view_workorder")
@require_GET
def customer_note_list(request):
    show = "all" if request.GET.get("show") == "all" else "unread"
    notes = CustomerNote.objects.select_related("entry", "work_order__customer", "read_by")
    if show == "unread":
        notes = notes.filter(read_at__isnull=True)
    return render(
        request,
        "backoffice/customer_notes/list.html",
        {"page": paginate(request, notes.order_by("-created_at", "-id")), "show": show},
    )


@staff_required(permission="repairs.change_workorder")
@require_POST
def customer_note_read(request, pk):
    note = get_object_or_404(CustomerNote, pk=pk)
    services.mark_read(note, by=Actor.staff(request))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("backoffice:customer_notes")
