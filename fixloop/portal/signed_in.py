"""The gate of the signed-in portal pages: who may pass, the scope they see, the language they read,
and the pages' live parts."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRefresh

from fixloop.customers.services.portal_access import is_portal_user
from fixloop.portal.scope import PortalScope

# How often a page's changing part asks for its news (htmx polling).
POLL_SECONDS = 20


def chosen_language(request) -> str | None:
    """The language the person chose with the language switcher (its cookie), if any."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else None


def portal_login_required(view):
    """Signed in with portal access; the view gets request.portal (PortalScope). Anonymous visitors go
    to the sign-in page; anyone else signed in (a staff member, a person whose access was revoked) gets
    a page saying this is not a customer portal account (403). A live part asking for its news after
    that reloads the whole page, which then says so.

    Pages are in the language the person chose, else their account's. An object the scope does not
    hold (Http404) answers with the portal's own 'not found' page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponseClientRefresh()
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not is_portal_user(request.user):
            if request.htmx:
                return HttpResponseClientRefresh()
            return render(request, "portal/signed_in/no_access.html", status=403)
        request.portal = PortalScope(request.user)
        language = chosen_language(request) or request.portal.language or translation.get_language()
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = render(request, "portal/signed_in/not_found.html", status=404)
        response.headers["Content-Language"] = request.LANGUAGE_CODE
        response.headers.setdefault("Cache-Control", "private, no-store")
        patch_vary_headers(response, ["HX-Request"])
        return response

    return wrapped


def live(request, template: str, context: dict, *, part: str, part_template: str, status: int = 200):
    """A page with a part that refreshes itself: the part (element id `part`) polls the page's own
    address every POLL_SECONDS and gets only `part_template` back."""
    context = {**context, "poll_seconds": POLL_SECONDS}
    if request.htmx and request.htmx.target == part:
        return render(request, part_template, context)
    return render(request, template, context, status=status)
