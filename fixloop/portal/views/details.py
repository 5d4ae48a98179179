"""The signed-in person's details: their own name, and the contact details (e-mail, mobile number,
delivery address: what track & trace lets customers correct) of each account they belong to. A
contact change is validated as at staff entry and goes on the timeline of the account's open work
orders with the person, address and browser (repairs.services.change_account_contact_details)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fixloop.core.actor import Actor
from fixloop.core.forms import apply_errors
from fixloop.customers.services import CONTACT_FIELDS
from fixloop.customers.services.portal_access import change_name
from fixloop.portal.forms.details import ContactForm, NameForm
from fixloop.portal.http import INVALID, see_other
from fixloop.portal.signed_in import portal_login_required
from fixloop.repairs import services


def _contact_form(customer, data=None) -> ContactForm:
    """One account's form; its field ids name the account, as several are on one page."""
    initial = {field: getattr(customer, field) for field in CONTACT_FIELDS}
    return ContactForm(data, initial=initial, auto_id=f"id_account{customer.pk}_%s")


def _saved(card, changed) -> object:
    """Back to the page, which says in the card (and scrolls to it) whether something changed."""
    suffix = "" if changed else "-unchanged"
    return see_other(f"{reverse('portal:details')}?saved={card}{suffix}#{_anchor(card)}")


def _anchor(card) -> str:
    return "name" if card == "name" else f"account-{card}"


def _page(request, *, contact_form=None, customer_id=None, name_form=None):
    user = request.user
    saved, _dash, unchanged = request.GET.get("saved", "").partition("-")
    accounts = [
        (customer, contact_form if customer.pk == customer_id else _contact_form(customer))
        for customer in request.portal.own_customers().order_by("name")
    ]
    context = {
        "accounts": accounts,
        "saved": saved,
        "unchanged": bool(unchanged),
        "name_form": name_form
        or NameForm(initial={"first_name": user.first_name, "last_name": user.last_name}),
    }
    status = INVALID if contact_form is not None or name_form is not None else 200
    return render(request, "portal/signed_in/details/details.html", context, status=status)


@require_GET
@portal_login_required
def details(request):
    return _page(request)


@require_POST
@portal_login_required
def details_contact(request, customer_id):
    customer = get_object_or_404(request.portal.own_customers(), pk=customer_id)
    form = _contact_form(customer, request.POST)
    if form.is_valid():
        try:
            changed = services.change_account_contact_details(
                customer.pk,
                {field: form.cleaned_data[field] for field in CONTACT_FIELDS},
                by=Actor.portal(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _saved(customer.pk, changed)
    return _page(request, contact_form=form, customer_id=customer.pk)


@require_POST
@portal_login_required
def details_name(request):
    form = NameForm(request.POST)
    if form.is_valid():
        try:
            changed = change_name(request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _saved("name", changed)
    return _page(request, name_form=form)
