"""Who may show a page of Fixloop in a frame.

No page may be framed (X-Frame-Options: DENY and `Content-Security-Policy: frame-ancestors 'none'`),
except the views decorated with `embeddable`: those may be framed by the origins in
settings.TRACKING_EMBED_ORIGINS, and by nobody when that list is empty.
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt

HEADER = "Content-Security-Policy"


def embeddable(view):
    """Let the shop's own web sites (settings.TRACKING_EMBED_ORIGINS) frame this view."""

    @xframe_options_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.frame_ancestors = list(settings.TRACKING_EMBED_ORIGINS)
        return response

    return wrapped


def frame_ancestors(response) -> str:
    origins = getattr(response, "frame_ancestors", None)
    if origins:
        return " ".join(origins)
    if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
        return "'self'"
    return "'none'"


class FrameAncestorsMiddleware:
    """Adds `frame-ancestors` to every response's Content-Security-Policy (the successor of
    X-Frame-Options, which browsers ignore when both are present)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = response.get(HEADER, "")
        if "frame-ancestors" not in policy:
            directive = f"frame-ancestors {frame_ancestors(response)}"
            response[HEADER] = f"{policy.rstrip('; ')}; {directive}" if policy.strip() else directive
        return response
