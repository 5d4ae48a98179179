"""Forms of the inspection section of the work-order page: they parse input; inspections/services/
checks it and changes state.

Amounts are parsed as numbers here; the services say what is missing, negative or too large, per
field. The VAT rates offered are the work order's location's; the addresses offered for sending are
the customer account's own (its e-mail address and mobile number, and the e-mail addresses of the
people with portal access to it)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import PageForm
from fixloop.customers.models import CustomerAccount, PortalMembership
from fixloop.inspections.models import Category, Checklist, InspectionItem, ItemTemplate
from fixloop.repairs.models import WorkOrder
from fixloop.shop.models import VatRate

NOT_THIS_LOCATION = _("Choose one of the VAT rates of this work order's location.")
NOTE_MAX_LENGTH = 4000


def _amount(label):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class InspectionForm(PageForm):
    id_prefix = "inspection"


class ConfirmForm(InspectionForm):
    """A button: no fields, the CSRF token only."""


class StartForm(InspectionForm):
    checklist = forms.ModelChoiceField(
        label=_("Checklist"),
        queryset=Checklist.objects.filter(active=True),
        required=False,
        empty_label=_("No checklist"),
        help_text=_("The points the technician works through, if any."),
    )


class TemplateChoiceField(forms.ModelChoiceField):
    """The item templates, each option carrying the values it fills in (data-fill, read by fixloop.js)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget = TemplateSelect()

    def label_from_instance(self, template):
        return template.description


class TemplateSelect(forms.Select):
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        template = getattr(value, "instance", None)
        if template is not None:
            option["attrs"]["data-fill"] = json.dumps(
                {
                    "category": template.category,
                    "description": template.description,
                    "labour": f"{template.labour:.2f}",
                    "parts": f"{template.parts:.2f}",
                }
            )
        return option


class ItemForm(InspectionForm):
    """An item to add or change. Choosing a template fills the fields in the browser; without
    JavaScript, a template with an empty description takes the template's values."""

    template = TemplateChoiceField(
        label=_("From template"),
        queryset=ItemTemplate.objects.filter(active=True),
        required=False,
        empty_label=_("No template"),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    technician_note = forms.CharField(
        label=_("Technician's note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    labour = _amount(_("Labour (net)"))
    parts = _amount(_("Parts (net)"))
    vat_rate = forms.ModelChoiceField(
        label=_("VAT rate"),
        queryset=VatRate.objects.none(),
        required=False,
        empty_label=_("The location's default rate"),
        error_messages={"invalid_choice": NOT_THIS_LOCATION},
    )
    visible_to_customer = forms.BooleanField(label=_("Visible to the customer"), required=False, initial=True)

    def __init__(self, *args, work_order: WorkOrder, item: InspectionItem | None = None, **kwargs):
        self.work_order, self.item = work_order, item
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "category": item.category,
                    "description": item.description,
                    "technician_note": item.technician_note,
                    "labour": item.labour,
                    "parts": item.parts,
                    "vat_rate": item.vat_rate_id,
                    "visible_to_customer": item.visible_to_customer,
                },
            )
            kwargs.setdefault("auto_id", f"id_inspection_item{item.pk}_%s")
        super().__init__(*args, **kwargs)
        rates = VatRate.objects.filter(location_id=work_order.location_id)
        self.fields["vat_rate"].queryset = rates
        if item is not None:
            del self.fields["template"]  # a template starts an item; it does not change one
        else:
            default = next((rate for rate in rates if rate.is_default), None)
            self.fields["vat_rate"].initial = default.pk if default else None
            self.fields["template"].widget.attrs["data-fill-form"] = ""

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template is not None and not data.get("description"):
            data.update(
                category=template.category,
                description=template.description,
                labour=template.labour,
                parts=template.parts,
            )
            self.errors.pop("category", None)
        if not data.get("description") and "description" not in self.errors:
            self.add_error("description", _("Describe the item, or choose a template."))
        for name in ("labour", "parts"):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data

    def service_arguments(self) -> dict:
        """The cleaned values as the services take them (add_item, change_item)."""
        data = self.cleaned_data
        arguments = {
            name: data[name]
            for name in (
                "category",
                "description",
                "technician_note",
                "labour",
                "parts",
                "vat_rate",
                "visible_to_customer",
            )
        }
        if self.item is None:
            arguments["template"] = data.get("template")
        return arguments


class VisibilityForm(InspectionForm):
    visible = forms.BooleanField(required=False)


class NoteForm(InspectionForm):
    note_for_customer = forms.CharField(
        label=_("Note for the customer"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the items on the customer's page."),
    )


class AuthoriseForm(InspectionForm):
    UP, DOWN, UNDECIDED = "up", "down", "undecided"
    decision = forms.ChoiceField(
        choices=[(UP, _("Authorise")), (DOWN, _("Do not authorise")), (UNDECIDED, _("Undecided"))]
    )

    @property
    def authorised(self) -> bool | None:
        return {self.UP: True, self.DOWN: False}.get(self.cleaned_data["decision"])


def contact_choices(customer: CustomerAccount) -> tuple[list, list]:
    """(e-mail addresses, phone numbers) the overview can be sent to: the account's own, then the
    e-mail addresses of the people with portal access to it."""
    emails = [customer.email] if customer.email else []
    for email in (
        PortalMembership.objects.active()
        .filter(customer=customer)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .order_by("user__email")
    ):
        if email.lower() not in {known.lower() for known in emails}:
            emails.append(email)
    phones = [customer.mobile] if customer.mobile else []
    return emails, phones


class SendForm(InspectionForm):
    emails = forms.MultipleChoiceField(
        label=_("E-mail addresses"), required=False, widget=forms.CheckboxSelectMultiple
    )
    phones = forms.MultipleChoiceField(
        label=_("Mobile numbers (text message)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, customer: CustomerAccount, **kwargs):
        super().__init__(*args, **kwargs)
        emails, phones = contact_choices(customer)
        self.fields["emails"].choices = [(email, email) for email in emails]
        self.fields["phones"].choices = [(phone, phone) for phone in phones]
        if not self.is_bound:  # the customer's preferred channel is ticked
            preferred_sms = customer.preferred_channel == "sms" and phones
            self.initial.setdefault("emails", [] if preferred_sms else emails[:1])
            self.initial.setdefault("phones", phones[:1] if preferred_sms else [])
        self.has_addresses = bool(emails or phones)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("emails") and not data.get("phones"):
            raise forms.ValidationError(_("Choose at least one e-mail address or mobile number."))
        return data
