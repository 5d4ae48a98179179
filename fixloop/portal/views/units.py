"""The signed-in customer's units (devices, vehicles, equipment): the list, per account when the
person sees several, and adding one (validated by customers.services.save_unit as at staff entry)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fixloop.core.forms import apply_errors
from fixloop.customers.services import save_unit
from fixloop.portal.forms.units import UnitForm
from fixloop.portal.http import INVALID, see_other
from fixloop.portal.signed_in import portal_login_required

PAGE_SIZE = 50


@require_GET
@portal_login_required
def units(request):
    scope = request.portal
    units = (
        scope.units()
        .select_related("customer")
        .annotate(open_repairs=Count("work_orders", filter=Q(work_orders__closed_at=None)))
        .order_by("customer__name", "customer_id", "make", "model", "pk")
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"nav": "units", "page": page, "several_accounts": scope.several_accounts}
    return render(request, "portal/signed_in/units/list.html", context)


@require_http_methods(["GET", "POST"])
@portal_login_required
def unit_add(request):
    form = UnitForm(request.POST if request.method == "POST" else None, scope=request.portal)
    if request.method == "POST" and form.has_error("account", "invalid_choice"):
        raise Http404  # an account that is not the person's
    if request.method == "POST" and form.is_valid():
        try:
            unit = save_unit(form.unit())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your unit %(unit)s has been added.") % {"unit": unit})
            return see_other(reverse("portal:units"))  # the message shows at the top
    context = {"nav": "units", "form": form}
    return render(request, "portal/signed_in/units/add.html", context, status=INVALID if form.errors else 200)
