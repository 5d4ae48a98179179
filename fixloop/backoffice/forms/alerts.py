"""The form of a staff member's "My alerts" page: which customer actions e-mail them, in which language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.messaging.models import StaffAlertEvent
from fixloop.shop.models import LANGUAGE_CHOICES


class AlertsForm(forms.Form):
    events = forms.MultipleChoiceField(
        label=_("E-mail me when"),
        choices=StaffAlertEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), required=False)

    def __init__(self, *args, shop_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        default = dict(LANGUAGE_CHOICES).get(shop_language, shop_language)
        self.fields["language"].choices = [
            ("", _("The shop’s default (%(language)s)") % {"language": default}),
            *LANGUAGE_CHOICES,
        ]
