"""The signed-in customer's repairs: the list (open, closed or all; by account, unit or a number
searched; a page at a time) and one repair with what track & trace shows (repairs/history.py: the
status steps customers see, public comments and files), its files, the estimate if one was sent, the
unit and the location to call. Lists and the repair's history refresh themselves."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from fixloop.core.contact import format_phone
from fixloop.estimates import presentation
from fixloop.portal.forms.repairs import CLOSED, OPEN, RepairFilterForm
from fixloop.portal.http import INVALID, download
from fixloop.portal.signed_in import live, portal_login_required
from fixloop.portal.views.repair_rows import for_lists, repair_rows
from fixloop.repairs.history import customer_history

PAGE_SIZE = 20


def _filtered(work_orders, form: RepairFilterForm):
    state = form.chosen_state
    if state == OPEN:
        work_orders = work_orders.filter(closed_at=None)
    elif state == CLOSED:
        work_orders = work_orders.exclude(closed_at=None)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("account"):
        work_orders = work_orders.filter(customer=data["account"])
    if data.get("unit"):
        work_orders = work_orders.filter(unit=data["unit"])
    text = " ".join((data.get("q") or "").split())
    if text:
        compact = text.replace(" ", "").upper()
        work_orders = work_orders.filter(
            Q(number__icontains=text)
            | Q(unit__plate__icontains=text)
            | Q(unit__serial_number__istartswith=text)
            | Q(unit__vin__startswith=compact)
        )
    return work_orders


@require_GET
@portal_login_required
def repairs(request):
    scope = request.portal
    form = RepairFilterForm(request.GET or None, scope=scope)
    status = 200
    if request.GET and not form.is_valid():
        if form.names_unknown_object():
            raise Http404
        status = INVALID
    work_orders = _filtered(for_lists(scope.work_orders()), form).order_by("-opened_at", "-id")
    page = Paginator(work_orders, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "repairs",
        "form": form,
        "state": form.chosen_state,
        "states": form.fields["state"].choices,
        "more_filters": bool(request.GET.get("unit") or request.GET.get("account")),
        "unit_choices": form.fields["unit"].queryset,
        "selected_unit": form.cleaned_data["unit"].pk
        if form.is_valid() and form.cleaned_data["unit"]
        else None,
        "page": page,
        "rows": repair_rows(scope, page.object_list),
        "several_accounts": scope.several_accounts,
    }
    return live(
        request,
        "portal/signed_in/repairs/list.html",
        context,
        part="repairs-live",
        part_template="portal/signed_in/repairs/_list_live.html",
        status=status,
    )


@dataclass(frozen=True)
class RepairUrls:
    """What the shared history template (portal/_customer_history.html) links to."""

    page: str
    files: str  # + "<pk>/"


def _repair_context(request, work_order) -> dict:
    scope = request.portal
    language = translation.get_language()
    history = customer_history(work_order, language)
    unit = work_order.unit
    page = reverse("portal:repair", kwargs={"number": work_order.number})
    estimate = scope.estimates().filter(work_order=work_order).first()
    inspection = scope.inspections().filter(work_order=work_order).first()
    return {
        "nav": "repairs",
        "work_order": work_order,
        "unit": unit,
        "several_accounts": scope.several_accounts,
        "current_status": history.current,
        "current_status_name": history.current_name,
        "steps": history.steps[::-1],  # newest first
        "files": list(work_order.attachments.filter(public=True)),
        "notice": unit.product_group.external_notice(language) if unit and unit.product_group else "",
        "estimate": estimate,
        "estimate_state": presentation.state_label(estimate) if estimate else "",
        "inspection": inspection,
        "location": work_order.location,
        "location_phone": format_phone(work_order.location.phone),
        "urls": RepairUrls(page=page, files=f"{page}files/"),
    }


def _work_order(request, number: str):
    work_orders = request.portal.work_orders().select_related(
        "unit__product_group", "location", "customer", "status"
    )
    return get_object_or_404(work_orders, number=number)


@require_GET
@portal_login_required
def repair(request, number):
    work_order = _work_order(request, number)
    with timezone.override(work_order.location.zone):
        return live(
            request,
            "portal/signed_in/repairs/repair.html",
            _repair_context(request, work_order),
            part="repair-live",
            part_template="portal/signed_in/repairs/_repair_live.html",
        )


@require_GET
@portal_login_required
def repair_file(request, number, pk):
    work_order = _work_order(request, number)
    return download(get_object_or_404(work_order.attachments.filter(public=True), pk=pk))
