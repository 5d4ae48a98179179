"""The page an invited person opens from their e-mail to set up their portal access."""

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fixloop.core.forms import apply_errors
from fixloop.customers.services import portal_access
from fixloop.portal.forms.invitation import InvitationForm
from fixloop.portal.http import INVALID

BACKEND = "fixloop.portal.accounts.PortalAuthenticationBackend"


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    found = portal_access.find_invitation(token)
    problem = portal_access.invitation_problem(found)
    if problem:
        return render(request, "portal/signed_in/invitation_gone.html", {"problem": problem}, status=404)
    known = portal_access.person_with_email(found.email) is not None
    form = InvitationForm(request.POST if request.method == "POST" else None, needs_password=not known)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person = portal_access.accept_invitation(
                    token,
                    password=form.cleaned_data.get("password", ""),
                    name=form.cleaned_data.get("name", ""),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if known and request.user != person:
                    return redirect("account_login")  # an existing person signs in as usual
                login(request, person, backend=BACKEND)
                return redirect("portal:home")
        status = INVALID
    return render(
        request,
        "portal/signed_in/invitation.html",
        {"invitation": found, "form": form, "known": known},
        status=status,
    )
