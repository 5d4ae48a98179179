"""Customers in the back office: the searchable list, a customer's page with their units, work
orders, service requests, messages and portal access, the customer form and adding a unit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms import customers as forms
from fixloop.backoffice.forms.customers import PortalInvitationForm
from fixloop.backoffice.views.shared import INVALID, paginate
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.customers import services as customer_services
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.messaging import suppressions
from fixloop.messaging.delivery_rates import delivery_rates
from fixloop.messaging.models import Channel
from fixloop.messaging.optouts import unsubscribed_kinds


@staff_required(permission="customers.view_customeraccount")
@require_GET
def customer_list(request):
    query = " ".join(request.GET.get("q", "").split())[:100]
    queryset = CustomerAccount.objects.select_related("region").order_by("name", "id")
    if query:
        queryset = queryset.filter(
            Q(number__iexact=query)
            | Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(postal_code__iexact=query.replace(" ", ""))
        )
    context = {"query": query, "page": paginate(request, queryset)}
    template = "backoffice/customers/_results.html" if request.htmx else "backoffice/customers/list.html"
    return render(request, template, context)


@staff_required(permission="customers.view_customeraccount")
@require_GET
def customer_detail(request, number):
    return customer_page(request, get_object_or_404(CustomerAccount, number=number))


def customer_page(request, customer: CustomerAccount, *, invitation_form=None, status: int = 200):
    """A customer's page; a form that failed (the portal invitation) is shown with its errors."""
    customer = CustomerAccount.objects.select_related("region", "head_office").get(pk=customer.pk)
    work_orders = customer.work_orders.with_related().order_by("-opened_at")[:100]
    return render(
        request,
        "backoffice/customers/detail.html",
        {
            "customer": customer,
            "units": customer.units.select_related("product_group"),
            "branches": customer.branches.order_by("name"),
            "work_orders": work_orders,
            "service_requests": customer.service_requests.order_by("-created_at")[:20],
            "customer_messages": customer.messages.select_related("work_order").order_by("-created_at")[:20],
            "email_suppressions": suppressions.history(Channel.EMAIL, customer.email),
            "unsubscribed": unsubscribed_kinds(customer),
            "delivery_rates": delivery_rates(customer=customer),
            "portal_memberships": customer.portal_memberships.select_related(
                "user", "invited_by", "revoked_by"
            ),
            "portal_invitations": customer.portal_invitations.open().select_related("created_by"),
            "invitation_form": invitation_form
            or PortalInvitationForm(initial={"email": customer.email, "language": customer.language}),
        },
        status=status,
    )


@staff_required(permission="customers.change_customeraccount")
@require_POST
def customer_email_confirmed(request, number):
    """Staff checked the bounced address with the customer: it is sent to again."""
    customer = get_object_or_404(CustomerAccount, number=number)
    if suppressions.confirm_email(customer, by=Actor.staff(request)):
        messages.success(request, _("E-mail to %(address)s is sent again.") % {"address": customer.email})
    return redirect("backoffice:customer", number=customer.number)


@staff_required(permission="customers.change_customeraccount")
def customer_edit(request, number=None):
    customer = get_object_or_404(CustomerAccount, number=number) if number else CustomerAccount()
    form = forms.CustomerForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        try:
            customer = customer_services.save_customer(form.instance)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Customer %(name)s saved.") % {"name": customer.name})
            return redirect("backoffice:customer", number=customer.number)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/customers/edit.html", {"form": form, "customer": customer}, status=status
    )


@staff_required(permission="customers.add_unit")
def unit_add(request, number):
    customer = get_object_or_404(CustomerAccount, number=number)
    form = forms.UnitForm(request.POST or None, instance=Unit(customer=customer))
    if request.method == "POST" and form.is_valid():
        try:
            customer_services.save_unit(form.instance)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("backoffice:customer", number=customer.number)
    status = INVALID if form.errors else 200
    return render(
        request, "backoffice/customers/unit_add.html", {"form": form, "customer": customer}, status=status
    )
