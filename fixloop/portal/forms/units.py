"""A unit the signed-in customer adds. The form checks shape and length; customers.services.save_unit
validates the content as at staff entry (a VIN's 17 characters, a vehicle's plate or VIN). The account
is one of the person's (request.portal): another customer's account is not a choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import Unit
from fixloop.portal.forms.shared import AccountChoiceField


class UnitForm(forms.Form):
    account = AccountChoiceField(label=_("Account"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices, initial=Unit.Kind.DEVICE)
    make = forms.CharField(
        label=_("Make"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    model = forms.CharField(label=_("Model"), max_length=80, required=False)
    serial_number = forms.CharField(
        label=_("Serial number"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    vin = forms.CharField(
        label=_("VIN"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("Vehicles: the 17 characters of the vehicle identification number."),
    )
    plate = forms.CharField(
        label=_("Licence plate"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("Vehicles need a licence plate or a VIN."),
    )

    def __init__(self, data=None, *, scope):
        super().__init__(data)
        self.customers = scope.customers().order_by("name")
        if scope.several_accounts:
            self.fields["account"].queryset = self.customers
        else:
            del self.fields["account"]

    def unit(self) -> Unit:
        """The unit to save, from valid data."""
        data = self.cleaned_data
        customer = data["account"] if "account" in self.fields else self.customers.get()
        return Unit(
            customer=customer,
            kind=data["kind"],
            make=data["make"].strip(),
            model=data["model"].strip(),
            serial_number=data["serial_number"],
            vin=data["vin"],
            plate=data["plate"],
        )
