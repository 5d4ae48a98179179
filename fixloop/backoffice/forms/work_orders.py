"""Forms of the work-order pages: the list's filter, the work-order page's actions and a new work
order. Forms parse and check input; the services change state."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField, PageForm
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.repairs.models import FINISHED_PHASES, Status
from fixloop.shop.models import Location, Role, User


def technicians():
    return User.objects.filter(is_active=True, groups__name=Role.TECHNICIAN).order_by(
        "first_name", "username"
    )


class WorkOrderFilterForm(forms.Form):
    STATE_CHOICES = [("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, customer, serial number, VIN or plate")}
        ),
    )
    state = forms.ChoiceField(
        label=_("Open or closed"), choices=STATE_CHOICES, required=False, initial="open"
    )
    # An empty filter reads "All", not Django's "---------".
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=Status.objects.all(), required=False, empty_label=_("All")
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.all(), required=False, empty_label=_("All")
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"), queryset=technicians(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()

    def filter(self, queryset):
        data = self.cleaned_data
        queryset = queryset.search(data.get("q", ""))
        state = data.get("state") or "open"
        if state == "open":
            queryset = queryset.filter(closed_at__isnull=True)
        elif state == "closed":
            queryset = queryset.filter(closed_at__isnull=False)
        for field in ("status", "location", "technician"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        return queryset


class StatusForm(PageForm):
    id_prefix = "status"
    status = forms.ModelChoiceField(
        label=_("New status"), queryset=Status.objects.none(), empty_label=_("Choose a status")
    )

    def __init__(self, *args, work_order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = (
            Status.objects.filter(active=True)
            .exclude(phase__in=FINISHED_PHASES)
            .exclude(pk=work_order.status_id)
        )


class CommentForm(PageForm):
    id_prefix = "comment"
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
    public = forms.BooleanField(
        label=_("Visible to the customer"),
        required=False,
        help_text=_("Public comments appear on the customer's tracking page."),
    )


class AttachmentForm(PageForm):
    id_prefix = "file"
    file = forms.FileField(label=_("File"))
    public = forms.BooleanField(label=_("Visible to the customer"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CloseForm(PageForm):
    id_prefix = "close"
    status = forms.ModelChoiceField(
        label=_("Closing status"), queryset=Status.objects.none(), empty_label=_("Choose a status")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = Status.objects.filter(active=True, phase__in=FINISHED_PHASES)


class ReopenForm(PageForm):
    id_prefix = "reopen"
    reason = forms.CharField(
        label=_("Why is it reopened?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ModelChoiceField(
        label=_("Status"),
        queryset=Status.objects.none(),
        required=False,
        empty_label=_("The first open status of the workflow"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = Status.objects.filter(active=True).exclude(phase__in=FINISHED_PHASES)


class DetailsForm(PageForm):
    id_prefix = "details"
    technician = forms.ModelChoiceField(
        label=_("Technician"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    promised_date = DateField(
        label=_("Promised date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()


class NewWorkOrderForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.filter(active=True))
    problem_description = forms.CharField(
        label=_("Problem description"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    promised_date = DateField(
        label=_("Promised date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=20,
        help_text=_("Leave empty for the next number; fill in to keep the number from other shop software."),
    )

    def __init__(self, *args, customer: CustomerAccount, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = customer.units.all()
        self.fields["technician"].queryset = technicians()


class SendMessageForm(PageForm):
    id_prefix = "message"
    channel = forms.ChoiceField(
        label=_("Send as"), choices=[("email", _("E-mail")), ("sms", _("Text message"))]
    )
    message = forms.CharField(
        label=_("Message to the customer"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the greeting and signature of the 'Message from staff' template."),
    )
