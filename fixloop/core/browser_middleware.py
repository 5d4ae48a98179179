"""Middleware that only browsers need, skipped for the REST API under /api/.

An API request carries a bearer token: no session is read or created, no signed-in user, second
factor or flash message looked at. (CSRF, allauth's AccountMiddleware and axes' AxesMiddleware stay
as they are: checks look for their names in MIDDLEWARE; the API's views are CSRF-exempt.) Each class here wraps one
middleware of MIDDLEWARE and runs it (its __call__ and its process_view/process_exception hooks)
for every other path, exactly as before.
"""

from django.core.exceptions import MiddlewareNotUsed
from django.utils.module_loading import import_string

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class ForBrowsers:
    """Runs the middleware named by `wrapped` except for /api/ requests. The class made by
    for_browsers() also derives from the wrapped one, so checks that look for it (the admin's)
    still find it; its instance is only a shell around `inner`."""

    wrapped = ""
    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        try:
            self.inner = import_string(self.wrapped)(get_response)
        except MiddlewareNotUsed:
            self.inner = get_response

    def __call__(self, request):
        if is_api(request):
            return self.get_response(request)
        return self.inner(request)

    def process_view(self, request, view, args, kwargs):
        hook = getattr(self.inner, "process_view", None)
        return None if hook is None or is_api(request) else hook(request, view, args, kwargs)

    def process_exception(self, request, exception):
        hook = getattr(self.inner, "process_exception", None)
        return None if hook is None or is_api(request) else hook(request, exception)

    def process_template_response(self, request, response):
        hook = getattr(self.inner, "process_template_response", None)
        return response if hook is None or is_api(request) else hook(request, response)


def for_browsers(path: str) -> type:
    original = import_string(path)
    return type(original.__name__, (ForBrowsers, original), {"wrapped": path, "__module__": __name__})


SessionMiddleware = for_browsers("django.contrib.sessions.middleware.SessionMiddleware")
AuthenticationMiddleware = for_browsers("django.contrib.auth.middleware.AuthenticationMiddleware")
OTPMiddleware = for_browsers("django_otp.middleware.OTPMiddleware")
TwoFactorMiddleware = for_browsers("fixloop.backoffice.two_factor.TwoFactorMiddleware")
UserSessionsMiddleware = for_browsers("allauth.usersessions.middleware.UserSessionsMiddleware")
MessageMiddleware = for_browsers("django.contrib.messages.middleware.MessageMiddleware")
HtmxMiddleware = for_browsers("django_htmx.middleware.HtmxMiddleware")
