"""What several of the customer's forms share."""

from django import forms


class AccountChoiceField(forms.ModelChoiceField):
    """One of the person's accounts (the queryset comes from request.portal), shown by its name."""

    def label_from_instance(self, obj) -> str:
        return obj.name
