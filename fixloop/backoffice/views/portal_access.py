"""Who of a customer account may use the customer portal: staff invite people and revoke access from
the customer's page (the section itself is rendered by views/customers.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.customers import PortalInvitationForm
from fixloop.backoffice.views.customers import customer_page
from fixloop.backoffice.views.shared import INVALID
from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.customers.models import CustomerAccount, PortalMembership
from fixloop.customers.services import portal_access

CHANGE = "customers.change_customeraccount"


@staff_required(permission=CHANGE)
@require_POST
def portal_invite(request, number):
    customer = get_object_or_404(CustomerAccount, number=number)
    form = PortalInvitationForm(request.POST)
    if form.is_valid():
        try:
            portal_access.invite(
                customer,
                form.cleaned_data["email"],
                by=Actor.staff(request),
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"].strip()}
            )
            return redirect("backoffice:customer", number=customer.number)
    return customer_page(request, customer, invitation_form=form, status=INVALID)


@staff_required(permission=CHANGE)
@require_POST
def portal_revoke(request, number, pk):
    customer = get_object_or_404(CustomerAccount, number=number)
    membership = get_object_or_404(PortalMembership.objects.select_related("user"), pk=pk, customer=customer)
    try:
        portal_access.revoke_access(membership, by=Actor.staff(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(email)s can no longer use the portal for this account.") % {"email": membership.user.email},
        )
    return redirect("backoffice:customer", number=customer.number)
