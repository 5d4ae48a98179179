"""The webhook endpoint form: a name, the address, the events, on or off. The service checks the
address (https, or http to a private address when allowed) and the events."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.api.webhooks.events import choices


class EndpointForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("E.g. the software that receives the events.")
    )
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("Where the events are POSTed, e.g. https://erp.example.com/fixloop/events."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=[], widget=forms.CheckboxSelectMultiple, required=False
    )
    active = forms.BooleanField(
        label=_("Active"), required=False, initial=True, help_text=_("Nothing is sent while it is off.")
    )

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = choices()
        if new:
            del self.fields["active"]
