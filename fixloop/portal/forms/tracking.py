"""The forms of track & trace: the look-up, and the customer's contact corrections and questions. They
check only shape and length; the services validate the content (repairs.services, whose contact
corrections customers.services validates with CustomerAccount.clean as at entry)."""

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
