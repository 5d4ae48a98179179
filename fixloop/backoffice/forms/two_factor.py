"""The code field of the two-factor pages (set-up and sign-in step)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())  # "123 456", as apps show it
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise ValidationError(_("Enter the six digits your app shows."))
        return code
