"""The gate of the signed-in portal pages: who may pass, and the scope they see."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

from fixloop.customers.services.portal_access import is_portal_user
from fixloop.portal.scope import PortalScope


def portal_login_required(view):
    """Signed in with portal access; the view gets request.portal (PortalScope). Anonymous visitors go
    to the sign-in page; anyone else signed in (a staff member, a person whose access was revoked) gets
    a page saying this is not a customer portal account (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not is_portal_user(request.user):
            return render(request, "portal/signed_in/no_access.html", status=403)
        request.portal = PortalScope(request.user)
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapped
