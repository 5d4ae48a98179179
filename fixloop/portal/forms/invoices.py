"""The forms of the customer's invoice page: authorise (typed name and the tick) or dispute (a line,
or the whole invoice, with a note). They check shape and length only; invoicing/services decides
what is complete and whether the revision the page showed is still the current one."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.invoicing.services.shared import NOTE_MAX_LENGTH
from fixloop.portal.forms.estimates import NAME_MAX_LENGTH

_REVISION = re.compile(r"^[0-9]{1,9}$")


def posted_revision(value) -> int:
    """A revision number from a hidden field; anything else is 0, which the service refuses as a page
    that is out of date."""
    value = str(value or "").strip()
    return int(value) if _REVISION.match(value) else 0


class AuthoriseForm(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    signed_name = forms.CharField(
        label=_("Your full name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}),
        help_text=_("Type your name as your signature."),
    )
    authorised = forms.BooleanField(required=False)

    def __init__(self, *args, shop_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorised"].label = _(
            "I authorise %(shop)s to issue this invoice with the lines and amounts shown."
        ) % {"shop": shop_name}


class DisputeForm(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    line = forms.ChoiceField(label=_("What do you dispute?"), required=False)
    note = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
        help_text=_("Tell us what is wrong; we will answer here and send you a revised invoice."),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {str(line.pk): line for line in lines}
        self.fields["line"].choices = [("", _("The invoice as a whole"))] + [
            (str(line.pk), line.description) for line in lines
        ]

    @property
    def chosen_line(self):
        return self.lines.get(self.cleaned_data.get("line") or "")
