"""The filters of the signed-in customer's repairs list. The account and unit choices come from the
person's scope: another customer's account or unit is not a choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.portal.forms.shared import AccountChoiceField

OPEN, CLOSED, ALL = "open", "closed", "all"


SEARCH_MAX_LENGTH = 40


class RepairFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        choices=[(OPEN, _("Open")), (CLOSED, _("Closed")), (ALL, _("All"))],
        required=False,
    )
    account = AccountChoiceField(
        label=_("Account"), queryset=None, required=False, empty_label=_("All accounts")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("All units"))
    q = forms.CharField(
        label=_("Find a repair"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        help_text=_("Repair number, licence plate, serial number or VIN"),
    )

    def __init__(self, data, *, scope):
        super().__init__(data)
        self.fields["unit"].queryset = scope.units().order_by("make", "model", "pk")
        if scope.several_accounts:
            self.fields["account"].queryset = scope.customers().order_by("name")
        else:
            del self.fields["account"]

    @property
    def chosen_state(self) -> str:
        return (self.cleaned_data.get("state") if self.is_valid() else "") or OPEN

    def names_unknown_object(self) -> bool:
        """An account or unit that is not the person's (or does not exist) was asked for."""
        return any(name in self.errors for name in ("account", "unit"))
