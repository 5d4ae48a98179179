"""The forms of the signed-in person's details page: their own name, and (forms/tracking.py's
ContactForm, the fields track & trace lets customers correct) each account's contact details. They
check shape and length; the services validate the content."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.customers.services.portal_access import NAME_MAX_LENGTH
from fixloop.portal.forms.tracking import ContactForm

__all__ = ["ContactForm", "NameForm"]


class NameForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
