"""Forms of the customer pages: the customer account and a unit."""

from django import forms

from fixloop.customers.models import CustomerAccount, Unit


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
