"""The forms customers fill in. They check only shape and length; the services validate the content
(repairs.services, whose contact corrections customers.services validates with CustomerAccount.clean
as at entry)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.repairs.services import QUESTION_MAX_LENGTH


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Work order number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("As on your receipt or in our e-mail, e.g. 2026-00042."),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "autocapitalize": "characters"}),
        help_text=_("Of the address we have on record for you."),
    )


class ContactForm(forms.Form):
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("With the country code if it is not a local number, e.g. +49 151 12345678."),
    )
    address_line = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        help_text=_("You will need the new postal code to look up your repair."),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": QUESTION_MAX_LENGTH}),
    )


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
