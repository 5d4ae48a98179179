"""The form an invited person fills in to set up their portal access. It checks that the two
passwords match; customers.services.portal_access validates the rest (password rules, the invitation)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class InvitationForm(forms.Form):
    """Setting up portal access from an invitation: a name and a password for a new person; nothing
    for a person who has an account already (they confirm and sign in as usual)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, and not a common password."),
    )
    password_again = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, needs_password: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_password:
            for name in ("name", "password", "password_again"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "password" in self.fields and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
