"""The service board's filters and the technician's view's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.backoffice.forms.work_orders import technicians
from fixloop.backoffice.service_board import ESTIMATE_FILTERS
from fixloop.shop.models import Location


class BoardFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Find a work order"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, customer, serial number, VIN or plate")}
        ),
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.all(), required=False, empty_label=_("All")
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"), queryset=technicians(), required=False, empty_label=_("All")
    )
    estimates = forms.ChoiceField(
        label=_("Estimates"),
        required=False,
        choices=[("", _("All in progress")), *ESTIMATE_FILTERS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()


class TechnicianLocationForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.filter(active=True),
        required=False,
        empty_label=_("All locations"),
    )


class JobNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("What you found or did (internal)")}),
    )


class RemarkVisibilityForm(forms.Form):
    visible = forms.BooleanField(required=False)
