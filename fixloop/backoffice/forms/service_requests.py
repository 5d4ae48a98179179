"""Forms of the service-request pages: accepting a request (opens a work order) and rejecting it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.backoffice.forms.work_orders import technicians
from fixloop.shop.models import Location, User


class AcceptServiceRequestForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.filter(active=True))
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=User.objects.none(), required=False)
    promised_date = forms.DateField(
        label=_("Promised date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()


class RejectServiceRequestForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reason (sent to the customer)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
