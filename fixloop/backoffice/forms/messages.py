"""Forms of the deliveries log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField


class MessageFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    customer = forms.CharField(label=_("Customer number"), required=False, max_length=20)
    work_order = forms.CharField(label=_("Work order"), required=False, max_length=20)
    since = DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from fixloop.messaging.kinds import KINDS
        from fixloop.messaging.models import Channel, Message

        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["state"].choices = everything + list(Message.State.choices)
        self.fields["channel"].choices = everything + list(Channel.choices)
        self.fields["kind"].choices = everything + [(code, kind.label) for code, kind in KINDS.items()]

    def filter(self, queryset):
        from datetime import datetime, time

        from django.utils import timezone

        data = self.cleaned_data
        for field in ("state", "channel", "kind"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        if data.get("customer"):
            queryset = queryset.filter(customer__number__iexact=data["customer"].strip())
        if data.get("work_order"):
            queryset = queryset.filter(work_order__number__iexact=data["work_order"].strip())
        zone = timezone.get_current_timezone()
        if data.get("since"):
            queryset = queryset.filter(created_at__gte=datetime.combine(data["since"], time.min, zone))
        if data.get("until"):
            queryset = queryset.filter(created_at__lte=datetime.combine(data["until"], time.max, zone))
        return queryset
