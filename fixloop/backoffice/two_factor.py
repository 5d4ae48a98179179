"""Two-factor sign-in for staff: until the code step is passed, a signed-in staff member with an
authenticator app reaches nothing but that step (so /admin/login/ is no way around it), and an
administrator the shop requires it of reaches nothing but the set-up page."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from fixloop.shop import services

# What stays reachable before the second step is done.
CODE_STEP_VIEWS = {"backoffice:sign_in_code", "backoffice:logout", "admin:logout", "set_language"}
SET_UP_VIEWS = CODE_STEP_VIEWS | {"backoffice:two_factor"}


def with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        # is_verified(): django-otp's middleware says this session passed a code step.
        if not user.is_authenticated or user.is_verified():
            return None
        name = request.resolver_match.view_name
        if name not in CODE_STEP_VIEWS and services.two_factor_device(user) is not None:
            return redirect(with_next("backoffice:sign_in_code", request))
        if name not in SET_UP_VIEWS and services.two_factor_required(user):
            return redirect(with_next("backoffice:two_factor", request))
        return None
