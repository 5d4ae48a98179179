"""Forms of the tracking-link section of the work-order page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField, PageForm


class ExpiryForm(PageForm):
    id_prefix = "tracking"
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
