"""Forms of the tracking-link section of the work-order page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField


class ExpiryForm(forms.Form):
    valid_until = DateField(
        label=_("Valid until (end of day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Leave empty to use the shop's default: valid until some days after the work order closes."
        ),
    )


class ConfirmForm(forms.Form):
    """The forms that are only a button."""
