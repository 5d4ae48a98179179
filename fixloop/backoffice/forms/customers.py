"""Forms of the customer pages: the customer account, a unit, and portal invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.customers.models import CustomerAccount, Unit
from fixloop.shop.models import LANGUAGE_CHOICES


class CustomerForm(forms.ModelForm):
    class Meta:
        model = CustomerAccount
        fields = [
            "name",
            "contact_name",
            "language",
            "region",
            "head_office",
            "address_line",
            "postal_code",
            "city",
            "country",
            "email",
            "mobile",
            "fax",
            "preferred_channel",
            "notifications_enabled",
            "invoices_need_authorisation",
            "notes",
        ]
        widgets = {
            "email": forms.EmailInput(),
            "mobile": forms.TextInput(attrs={"type": "tel"}),
            "fax": forms.TextInput(attrs={"type": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        head_offices = CustomerAccount.objects.filter(head_office__isnull=True)
        if self.instance.pk:
            head_offices = head_offices.exclude(pk=self.instance.pk)
        self.fields["head_office"].queryset = head_offices


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["kind", "make", "model", "serial_number", "vin", "plate", "product_group"]


class PortalInvitationForm(forms.Form):
    """Inviting a person of this customer account to the customer portal."""

    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The invitation link goes here; it works once, for 7 days."),
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=LANGUAGE_CHOICES)
