"""Forms of the invoice pages: they parse input; invoicing/services/ checks it and changes state.

Amounts are parsed as numbers here; the service says what is missing, negative or too large, per
field."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField, PageForm
from fixloop.invoicing.models import Invoice, InvoiceLine
from fixloop.invoicing.services.shared import NOTE_MAX_LENGTH
from fixloop.shop.models import Location, VatRate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_THIS_LOCATION = _("Choose one of the VAT rates of this invoice's location.")
PERIOD_MAX_DAYS = 3 * 366


def _number(label, *, decimal_places: int, max_digits: int, required: bool = True):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=max_digits,
        decimal_places=decimal_places,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _vat_rates(location_id):
    return VatRate.objects.filter(location_id=location_id)


class InvoiceForm(PageForm):
    id_prefix = "invoice"


class LineForm(InvoiceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InvoiceLine.Kind.choices)
    part_number = forms.CharField(label=_("Part number"), required=False, max_length=40)
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = _number(_("Quantity"), decimal_places=3, max_digits=10)
    unit_price = _number(_("Unit price (net)"), decimal_places=2, max_digits=12)
    vat_rate = forms.ModelChoiceField(
        label=_("VAT rate"),
        queryset=VatRate.objects.none(),
        error_messages={"invalid_choice": NOT_THIS_LOCATION},
    )

    def __init__(self, *args, invoice: Invoice, line: InvoiceLine | None = None, **kwargs):
        self.invoice, self.line = invoice, line
        if line is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": line.kind,
                    "part_number": line.part_number,
                    "description": line.description,
                    "quantity": line.quantity.normalize(),
                    "unit_price": line.unit_price,
                    "vat_rate": line.vat_rate_id,
                },
            )
            kwargs.setdefault("auto_id", f"id_invoice_line{line.pk}_%s")
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].queryset = _vat_rates(invoice.location_id)
        if line is None:
            default = self.fields["vat_rate"].queryset.filter(is_default=True).first()
            self.fields["vat_rate"].initial = default.pk if default else None


class NoteForm(InvoiceForm):
    note = forms.CharField(
        label=_("Your answer to the customer"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(InvoiceForm):
    """A button: no fields, the CSRF token only."""


class CreditNoteForm(InvoiceForm):
    ALL = "all"
    LINES = "lines"
    AMOUNT = "amount"

    reason = forms.CharField(
        label=_("Reason"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.ChoiceField(
        label=_("Credit"),
        choices=[
            (ALL, _("Every line not yet credited")),
            (LINES, _("The chosen lines")),
            (AMOUNT, _("An amount")),
        ],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    lines = forms.ModelMultipleChoiceField(
        label=_("Lines"),
        queryset=InvoiceLine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amount = _number(_("Net amount"), decimal_places=2, max_digits=12, required=False)
    vat_rate = forms.ModelChoiceField(
        label=_("VAT rate"),
        queryset=VatRate.objects.none(),
        required=False,
        error_messages={"invalid_choice": NOT_THIS_LOCATION},
    )

    def __init__(self, *args, invoice: Invoice, credited: set[int] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].queryset = invoice.lines.exclude(pk__in=credited)
        self.fields["lines"].label_from_instance = lambda line: f"{line.description} ({line.gross})"
        self.fields["vat_rate"].queryset = _vat_rates(invoice.location_id)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == self.LINES and not data.get("lines"):
            self.add_error("lines", _("Choose at least one line."))
        if scope == self.AMOUNT:
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", _("Enter an amount."))
            if data.get("vat_rate") is None and "vat_rate" not in self.errors:
                self.add_error("vat_rate", _("Choose a VAT rate."))
        return data


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Invoice or work-order number, customer")}
        ),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.all(), required=False, empty_label=_("All locations")
    )
    date_from = DateField(label=_("From"), required=False, widget=DATE)
    date_to = DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *Invoice.State.choices]
        self.fields["kind"].choices = [("", _("Invoices and credit notes")), *Invoice.Kind.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a date on or after the start."))
        return data

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("location"):
            queryset = queryset.filter(location=data["location"])
        if data.get("date_from"):
            queryset = queryset.filter(
                Q(issue_date__gte=data["date_from"])
                | Q(issue_date__isnull=True, created_at__date__gte=data["date_from"])
            )
        if data.get("date_to"):
            queryset = queryset.filter(
                Q(issue_date__lte=data["date_to"])
                | Q(issue_date__isnull=True, created_at__date__lte=data["date_to"])
            )
        query = " ".join((data.get("q") or "").split())
        if query:
            queryset = queryset.filter(
                Q(number__icontains=query)
                | Q(work_order__number__istartswith=query)
                | Q(customer__number__iexact=query)
                | Q(customer__name__icontains=query)
            )
        return queryset


class ReportForm(forms.Form):
    """The period of the report: both dates, inclusive; the current month when none is given."""

    date_from = DateField(label=_("From"), widget=DATE)
    date_to = DateField(label=_("To"), widget=DATE)

    @classmethod
    def this_month(cls) -> dict:
        today = timezone.localdate()
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return {"date_from": start.isoformat(), "date_to": end.isoformat()}

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("Choose a date on or after the start."))
            elif (end - start).days > PERIOD_MAX_DAYS:
                raise ValidationError(_("Choose a period of at most three years."))
        return data
