"""The form of an invoice's authorisation link on the work-order page: when it stops working."""

from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField, PageForm


class LinkExpiryForm(PageForm):
    valid_until = DateField(
        label=_("Link valid until (end of day)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, invoice, **kwargs):
        self.id_prefix = f"invoice_link_{invoice.pk}"
        self.invoice = invoice
        super().__init__(*args, **kwargs)

    def expires_at(self) -> datetime:
        """The end of the chosen day in the invoice's location's time zone."""
        day = self.cleaned_data["valid_until"]
        return datetime.combine(day, time(23, 59, 59), tzinfo=self.invoice.location.zone)
