"""Forms of the estimate pages: they parse input; estimates/services.py checks it and changes state.

Amounts are optional here (which of hours, rate and fixed price a job needs depends on its pricing)
and parsed as numbers; the service says what is missing, negative or too large, per field."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField, PageForm
from fixloop.estimates.models import Decision, DecisionChannel, DisputeSubject, Estimate, Job, Part
from fixloop.estimates.services import NOTE_MAX_LENGTH, STAFF_CHANNELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
NOT_THIS_LOCATION = _("Choose one of the VAT rates of this work order's location.")


def _amount(label, *, decimal_places: int = 2, max_digits: int = 12):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=max_digits,
        decimal_places=decimal_places,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _vat_rate_field():
    return forms.ModelChoiceField(
        label=_("VAT rate"), queryset=None, error_messages={"invalid_choice": NOT_THIS_LOCATION}
    )


def _note_field(label, *, required: bool = False, rows: int = 2):
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class EstimateForm(PageForm):
    """Ids of their own: the work-order page has other forms with fields of the same names."""

    id_prefix = "estimate"


class StartEstimateForm(EstimateForm):
    valid_until = DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for two weeks from today."),
    )
    note = _note_field(_("Note for the customer"))


class NoteForm(EstimateForm):
    note = _note_field(_("Note for the customer"), rows=3)


class JobForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    pricing = forms.ChoiceField(
        label=_("Pricing"), choices=Job.Pricing.choices, initial=Job.Pricing.HOURLY, widget=forms.RadioSelect
    )
    hours = _amount(_("Hours"), max_digits=7)
    hourly_rate = _amount(_("Rate per hour"))
    fixed_price = _amount(_("Fixed price"))
    vat_rate = _vat_rate_field()

    def __init__(self, *args, estimate: Estimate, job: Job | None = None, **kwargs):
        self.job = job
        if job is not None:
            kwargs.setdefault("prefix", f"job-{job.pk}")
            kwargs.setdefault(
                "initial",
                {
                    "description": job.description,
                    "pricing": job.pricing,
                    "hours": job.hours,
                    "hourly_rate": job.hourly_rate,
                    "fixed_price": job.fixed_price,
                    "vat_rate": job.vat_rate_id,
                },
            )
        else:
            kwargs.setdefault("prefix", "new-job")
            kwargs.setdefault("initial", {"vat_rate": _default_rate(estimate)})
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].queryset = estimate.work_order.location.vat_rates.all()


class PartForm(forms.Form):
    job = forms.ModelChoiceField(
        label=_("Job"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of this estimate's jobs.")},
    )
    part_number = forms.CharField(label=_("Part number"), max_length=40, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = _amount(_("Quantity"), decimal_places=3, max_digits=10)
    unit_price = _amount(_("Unit price"))
    vat_rate = _vat_rate_field()

    def __init__(self, *args, estimate: Estimate, part: Part | None = None, **kwargs):
        self.part = part
        if part is not None:
            kwargs.setdefault("prefix", f"part-{part.pk}")
            kwargs.setdefault(
                "initial",
                {
                    "job": part.job_id,
                    "part_number": part.part_number,
                    "description": part.description,
                    "quantity": part.quantity.normalize(),
                    "unit_price": part.unit_price,
                    "vat_rate": part.vat_rate_id,
                },
            )
        else:
            kwargs.setdefault("prefix", "new-part")
            kwargs.setdefault("initial", {"vat_rate": _default_rate(estimate), "quantity": 1})
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = estimate.jobs.all()
        self.fields["vat_rate"].queryset = estimate.work_order.location.vat_rates.all()


def _default_rate(estimate: Estimate):
    rate = estimate.work_order.location.default_vat_rate()
    return rate.pk if rate else None


class SubmitForm(EstimateForm):
    notify = forms.BooleanField(
        label=_("Notify the customer"),
        required=False,
        initial=True,
        help_text=_("Sends the customer a message with the link to the estimate."),
    )


class ExtendForm(EstimateForm):
    valid_until = DateField(label=_("Valid until"), widget=DATE)

    def __init__(self, *args, estimate: Estimate | None = None, **kwargs):
        if estimate is not None:
            kwargs.setdefault("initial", {"valid_until": estimate.valid_until})
        super().__init__(*args, **kwargs)


class ConfirmForm(EstimateForm):
    """The forms that are only a button (remove a job or a part)."""


class DecisionForm(EstimateForm):
    """A decision the customer gave by phone, fax, e-mail or in person, recorded by staff: one
    choice per job still awaiting a decision, the channel, the contact and when."""

    version_number = forms.IntegerField(widget=forms.HiddenInput)
    version_hash = forms.CharField(max_length=64, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(value, label) for value, label in DecisionChannel.choices if value in STAFF_CHANNELS],
    )
    signed_name = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_("Who gave the decision, e.g. the person you spoke to."),
    )
    decided_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        input_formats=[LOCAL_MINUTE, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
        help_text=_("Leave as it is if the customer decided just now."),
    )

    def __init__(self, *args, version, pending: list[dict], **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version_number": version.number,
                "version_hash": version.content_hash,
                "decided_at": timezone.localtime().strftime(LOCAL_MINUTE),
            },
        )
        super().__init__(*args, **kwargs)
        self.jobs = []
        for job in pending:
            key = job["key"]
            self.fields[f"job_{key}"] = forms.ChoiceField(
                label=job["description"],
                choices=Decision.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"subject_{key}"] = forms.ChoiceField(
                label=_("What is disputed"),
                choices=[("", "—"), *DisputeSubject.choices],
                required=False,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("What the customer disputes"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.jobs.append((job, self[f"job_{key}"], self[f"subject_{key}"], self[f"note_{key}"]))
        self.keys = [job["key"] for job in pending]

    def choices(self, choice_class) -> dict:
        """{job key: Choice} for the jobs a decision was given for; the service asks for the rest."""
        data = self.cleaned_data
        return {
            key: choice_class(
                data[f"job_{key}"], dispute_subject=data[f"subject_{key}"], note=data[f"note_{key}"]
            )
            for key in self.keys
            if data.get(f"job_{key}")
        }


class AcknowledgeForm(EstimateForm):
    note = _note_field(
        _("Note to the customer (optional)"),
    )


class DisputeReplyForm(EstimateForm):
    text = _note_field(_("Reply to the customer"), required=False, rows=3)


class EstimateFilterForm(forms.Form):
    SENT = "sent"
    ALL = "all"

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Work-order number or customer")}),
    )
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            (self.SENT, _("Sent (all but drafts)")),
            *Estimate.State.choices,
            (self.ALL, _("All, including drafts")),
        ]

    def filter(self, queryset):
        data = self.cleaned_data
        state = data.get("state") or self.SENT
        if state == self.SENT:
            queryset = queryset.exclude(state=Estimate.State.DRAFT)
        elif state != self.ALL:
            queryset = queryset.filter(state=state)
        query = " ".join((data.get("q") or "").split())
        if query:
            queryset = queryset.filter(
                Q(work_order__number__istartswith=query)
                | Q(work_order__customer__number__iexact=query)
                | Q(work_order__customer__name__icontains=query)
            )
        return queryset
