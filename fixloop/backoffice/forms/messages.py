"""Forms of the deliveries log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.core.forms import DateField

# What became of a message, as the deliveries log filters it: its state, or (hard bounce, delayed)
# what was reported on the way there.
OUTCOMES = [
    ("", _("All")),
    ("delivered", _("Delivered")),
    ("bounced", _("Bounced")),
    ("hard_bounce", _("Bounced permanently")),
    ("complained", _("Marked as spam")),
    ("deferred", _("Delayed at some point")),
    ("no_report", _("Sent, no report yet")),
    ("suppressed", _("Not sent")),
    ("failed", _("Failed")),
]


def outcome_filter(outcome: str):
    """The Q that selects messages with `outcome` (one of OUTCOMES)."""
    from django.db.models import Exists, OuterRef, Q

    from fixloop.messaging.models import Message, MessageEvent

    def reported(**event):
        return Q(Exists(MessageEvent.objects.filter(message=OuterRef("pk"), **event)))

    if outcome == "hard_bounce":
        return reported(kind=MessageEvent.Kind.BOUNCED, hard=True)
    if outcome == "deferred":
        return reported(kind=MessageEvent.Kind.DEFERRED)
    if outcome == "no_report":
        return Q(state=Message.State.SENT)
    return Q(state=outcome)


class MessageFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=OUTCOMES)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    customer = forms.CharField(label=_("Customer number"), required=False, max_length=20)
    work_order = forms.CharField(label=_("Work order"), required=False, max_length=20)
    since = DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from fixloop.messaging.kinds import for_people
        from fixloop.messaging.models import PEOPLE_CHANNELS, Channel, Message

        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["state"].choices = everything + list(Message.State.choices)
        self.fields["channel"].choices = everything + [
            (value, label) for value, label in Channel.choices if value in PEOPLE_CHANNELS
        ]
        self.fields["kind"].choices = everything + [(code, kind.label) for code, kind in for_people().items()]

    def filter(self, queryset):
        from datetime import datetime, time

        from django.utils import timezone

        data = self.cleaned_data
        for field in ("state", "channel", "kind"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        if data.get("outcome"):
            queryset = queryset.filter(outcome_filter(data["outcome"]))
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
