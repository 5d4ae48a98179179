"""Limits on failed staff sign-ins, with django-axes (settings.AXES_*, docs/back-office.md).

Axes watches the staff sign-in, its two-factor code step and the admin's sign-in. Every other way in
is left alone: the customer portal limits its own sign-ins with allauth's ACCOUNT_RATE_LIMITS, so a
portal failure is not counted twice and a portal success does not clear a staff lock-out.
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.shortcuts import render

from fixloop.shop.services import two_factor_device

logger = logging.getLogger(__name__)

# The views whose sign-in attempts axes counts (URL names).
WATCHED_VIEWS = {"backoffice:login", "backoffice:sign_in_code", "admin:login"}
SIGN_OUT_VIEWS = {"backoffice:logout", "admin:logout"}


def view_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


def is_staff_sign_in(request) -> bool:
    return view_name(request) in WATCHED_VIEWS


def not_a_staff_sign_in(request, credentials=None) -> bool:
    """AXES_WHITELIST_CALLABLE: axes neither counts nor locks anything outside WATCHED_VIEWS."""
    return not is_staff_sign_in(request)


class StaffSignInLimitBackend(AxesStandaloneBackend):
    """Axes' backend, refusing locked-out usernames and addresses. Without a request (a script or
    the shell calling authenticate()) there is no client to count, so it steps aside instead of
    raising as axes' own does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class StaffSignInHandler(AxesDatabaseHandler):
    """Axes' database handler; sign-ins and sign-outs elsewhere (the portal, tests' force_login)
    neither clear staff failures nor fill the access log."""

    def user_logged_in(self, sender, request, user, **kwargs):
        if not is_staff_sign_in(request):
            return
        # With two-factor sign-in the password alone is half a success: clearing the failures then
        # would let someone who knows the password try codes without end. The code step calls this
        # again once the code is right.
        if view_name(request) != "backoffice:sign_in_code" and two_factor_device(user) is not None:
            return
        super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if view_name(request) in SIGN_OUT_VIEWS:
            super().user_logged_out(sender, request, user, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out username or address gets, with HTTP 429."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    response = render(request, "sign_in_locked.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
