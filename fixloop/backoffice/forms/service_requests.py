"""Forms of a booking request's page: decline it, suggest other times, confirm one of the open times
(optionally creating an estimate). Each carries the version of the request the page showed; the
bookings services refuse a change to a request that changed since (bookings/services.py)."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.backoffice import booking_times
from fixloop.backoffice.forms.work_orders import technicians
from fixloop.bookings.models import BookingSlot, Side
from fixloop.bookings.validation import MESSAGE_MAX_LENGTH
from fixloop.core.forms import DateField
from fixloop.shop.models import User

MAX_SUGGESTED = 3  # times staff suggest at once


class VersionedForm(forms.Form):
    # Not checked here: a missing or changed version is the service's "changed meanwhile" (409).
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Several of these forms are on one page: each prefixes its field ids, so every label names its
    # own field ("decline_reason", "suggest_message", "confirm_message").
    id_prefix = "answer"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def message_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(VersionedForm):
    id_prefix = "decline"
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the customer)"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Tell the customer why the request is declined.")},
    )


class SlotTimesField(forms.Field):
    """The start times ticked in the slot picker (ISO 8601 with offset); the template draws the
    check boxes from the location's free slots, the bookings service checks each time."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[datetime]:
        times = []
        for text in value or []:
            try:
                moment = datetime.fromisoformat(text)
            except (TypeError, ValueError):
                raise ValidationError(_("Pick the times from the list.")) from None
            if moment.tzinfo is None:
                raise ValidationError(_("Pick the times from the list."))
            times.append(moment)
        return times

    def validate(self, value) -> None:
        if not value:
            raise ValidationError(_("Pick at least one time."))
        if len(value) > MAX_SUGGESTED:
            raise ValidationError(_("Pick at most %(limit)d times.") % {"limit": MAX_SUGGESTED})


class SuggestForm(VersionedForm):
    id_prefix = "suggest"
    slots = SlotTimesField(label=gettext_lazy("Times to suggest"))
    message = message_field(gettext_lazy("Message to the customer (optional)"))


def slot_label(slot: BookingSlot) -> str:
    who = _("asked for by the customer") if slot.offered_by == Side.CUSTOMER else _("suggested by the shop")
    return f"{booking_times.when(slot.starts_at, slot.location)} · {who}"


class ConfirmForm(VersionedForm):
    id_prefix = "confirm"
    # Any number is taken here: whether it is one of the request's open times is the service's to
    # say, after the version check (a request that changed meanwhile is a conflict, not bad input).
    slot = forms.IntegerField(
        label=gettext_lazy("Time"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose one of the offered times.")},
    )
    technician = forms.ModelChoiceField(
        label=gettext_lazy("Technician"), queryset=User.objects.none(), required=False
    )
    promised_date = DateField(
        label=gettext_lazy("Promised date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    message = message_field(gettext_lazy("Message to the customer (optional)"))

    def __init__(self, *args, open_slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].widget.choices = [(slot.pk, slot_label(slot)) for slot in open_slots]
        if len(open_slots) == 1 and not self.is_bound:
            self.initial.setdefault("slot", open_slots[0].pk)
        self.fields["technician"].queryset = technicians()
