"""What every form page shares, staff's and customers'."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

# Dates a form accepts: beyond them, a date combined with a time in the shop's zone and turned into
# UTC leaves what Python and the databases can hold (0001-01-01 in Berlin is in year 0 in UTC).
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class DateField(forms.DateField):
    """A date between EARLIEST and LATEST; any other is "not a valid date"."""

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class PageForm(forms.Form):
    """A form that shares its page with other forms: its element ids start with `id_prefix`, so two
    forms with a field of the same name never share an id (and labels and ARIA references stay right)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field messages on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
