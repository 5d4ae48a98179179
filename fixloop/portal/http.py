"""Response helpers shared by the customer pages."""

from contextlib import contextmanager

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# A form that does not validate, or a change a service refuses on its content.
INVALID = 422


def private(response):
    """Pages behind a token: not stored by shared caches, not indexed."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def see_other(path: str):
    """The redirect after a form that changed something (303: the browser follows with a GET)."""
    response = redirect(path)
    response.status_code = 303
    return response


def oversized(request, limit: int) -> bool:
    """A body larger than `limit` bytes (or an unreadable length), told before request.POST reads it."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return True


@contextmanager
def as_customer(request, customer, zone=None):
    """Render in the customer's language (not the browser's) and, if given, the location's zone."""
    language = customer.language or translation.get_language()
    with translation.override(language), timezone.override(zone or timezone.get_current_timezone()):
        request.LANGUAGE_CODE = translation.get_language()
        yield


def finish(request, response):
    """A page rendered as_customer: says its language, and is private."""
    response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
    return private(response)


def download(attachment):
    """A work order's file as a download (the caller has checked the customer may see it); 404 when
    the stored file is gone."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
