"""The shop's branding outside its pages: its logo, the browser's icon and the page shown when a request
fails."""

import logging
import mimetypes

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe

from fixloop.shop.logo import content_type_of
from fixloop.shop.models import ShopProfile

log = logging.getLogger(__name__)

DEFAULT_ICON = "fixloop/favicon.svg"
ICON_TYPES = {
    "image/png",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
    "image/jpeg",
    "image/webp",
}
# The logo is served from our own origin: even an SVG with a script in it can run nothing here.
ICON_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@require_GET
@cache_control(max_age=3600, public=True)
def favicon(request):
    """The shop's logo when it has one that is an image, else Fixloop's icon."""
    logo = ShopProfile.get().logo
    content_type = mimetypes.guess_type(logo.name)[0] if logo else None
    if content_type in ICON_TYPES and logo.storage.exists(logo.name):
        response = FileResponse(logo.open("rb"), content_type=content_type)
    else:
        icon = open(finders.find(DEFAULT_ICON), "rb")  # noqa: SIM115 (FileResponse closes it)
        response = FileResponse(icon, content_type="image/svg+xml")
    response["Content-Security-Policy"] = ICON_POLICY
    return response


@require_safe
def logo(request):
    """The shop's logo from our own origin (customer pages and e-mails show it), or 404 when there is
    none that passed the upload check. Asked for with the current version (`?v=…`, which changes with
    the file) it may be cached for a year; without it, or with another (an old e-mail's, or a new one
    that this process's cached profile does not know yet), it is asked for again each time."""
    shop = ShopProfile.get()
    content_type = content_type_of(shop.logo.name) if shop.logo_shown else None
    if content_type is None or not shop.logo.storage.exists(shop.logo.name):
        raise Http404
    response = FileResponse(shop.logo.open("rb"), content_type=content_type)
    if request.GET.get("v") == shop.logo_version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = ICON_POLICY
    return response


def server_error(request, template_name="500.html"):
    """The 500 page in the shop's name and colour when the shop's profile can still be read; without
    it (the database is the failure) in Fixloop's. Rendered without the request's context: no
    context processor, session or database is needed."""
    try:
        shop = ShopProfile.get()
    except Exception:  # whatever failed, the page must still be shown
        log.warning("The 500 page is shown without the shop's branding", exc_info=True)
        shop = None
    # The request as a plain variable (its nonce and path), not as a RequestContext.
    return HttpResponseServerError(render_to_string(template_name, {"shop": shop, "request": request}))
