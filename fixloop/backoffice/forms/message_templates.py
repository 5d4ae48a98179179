"""Forms of the message-template pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), required=False, max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), max_length=5000)
