"""Two-factor sign-in pages: setting up an authenticator app, and the code step after the password
(fixloop/backoffice/two_factor.py sends people here; fixloop/shop/services.py keeps the devices)."""

import base64

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from fixloop.backoffice.access import staff_required
from fixloop.backoffice.forms.two_factor import CodeForm
from fixloop.backoffice.sign_in_limits import locked_out
from fixloop.backoffice.views.shared import INVALID
from fixloop.shop import services


def next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def sign_in_code(request):
    """The second step: the password was right; a code from the staff member's app completes it."""
    device = services.two_factor_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(next_url(request))
    credentials = {"username": request.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        logout(request)
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            AxesProxyHandler.user_logged_in(sender=__name__, request=request, user=request.user)
            return redirect(next_url(request))
        # Counted by axes like a wrong password; the fifth locks the username out (429).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return locked_out(request)
        form.add_error("code", _("This code is not correct. Enter the code your app shows now."))
    status = INVALID if form.is_bound else 200
    return render(
        request, "backoffice/sign_in_code.html", {"form": form, "next": next_url(request)}, status=status
    )


def readable_secret(device) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@staff_required
def two_factor(request):
    """Set up an authenticator app (or see that it is set up)."""
    if services.two_factor_device(request.user) is not None:
        return render(request, "backoffice/two_factor.html", {"active": True, "nav": "two_factor"})
    device = services.start_two_factor_setup(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_two_factor_setup(device, form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(
                request, _("Two-factor sign-in is on. From now on you enter a code after your password.")
            )
            return redirect(next_url(request))
        form.add_error("code", _("This code is not correct. Enter the code your app shows now."))
    context = {
        "form": form,
        "secret": readable_secret(device),
        "uri": device.config_url,
        "required": services.two_factor_required(request.user),
        "next": next_url(request),
        "nav": "two_factor",
    }
    return render(request, "backoffice/two_factor.html", context, status=INVALID if form.is_bound else 200)
