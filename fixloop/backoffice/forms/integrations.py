"""The form that creates an integration token for the REST API."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fixloop.api.models import RESOURCE_GROUPS

GROUP_LABELS = {
    "customers": _("Customers and contacts"),
    "units": _("Units"),
    "work_orders": _("Work orders"),
    "tracking_links": _("Tracking links"),
    "service_requests": _("Booking requests"),
    "estimates": _("Estimates"),
    "bookings": _("Bookings"),
    "messages": _("Messages"),
    "invoices": _("Invoices"),
    "webhooks": _("Webhooks"),
}
ACCESS_LABELS = {"read": pgettext_lazy("API access", "read"), "write": pgettext_lazy("API access", "write")}


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Integration"),
        max_length=80,
        help_text=_("Which software uses the token, e.g. “Dealer system”. Timeline entries name it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (f"{group}:{access}", f"{GROUP_LABELS[group]}: {label}")
            for group in RESOURCE_GROUPS
            for access, label in ACCESS_LABELS.items()
        ],
    )
    rate_limit = forms.IntegerField(
        label=_("Requests per minute"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Empty: the shop's default."),
    )
