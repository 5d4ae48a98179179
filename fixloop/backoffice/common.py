"""Small helpers shared by the back-office views."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 50
INVALID = 422  # the page is shown again with the form's field messages


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
