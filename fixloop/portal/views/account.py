"""django-allauth's sign-in pages with one change: a refusal for too many failed tries answers HTTP 429
(with the library's message on the form), so clients and monitoring see a lock-out as one."""

from allauth.account import views
from django.forms.forms import NON_FIELD_ERRORS

LOCKED_OUT = "too_many_login_attempts"


def locked_out(form) -> bool:
    return form is not None and any(
        form.has_error(name, LOCKED_OUT) for name in [NON_FIELD_ERRORS, *form.fields]
    )


def with_lock_out_status(view):
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if locked_out(context.get("form")):
            response.status_code = 429
        return response

    return wrapped


login = with_lock_out_status(views.login)
request_login_code = with_lock_out_status(views.request_login_code)
