"""The forms of the customer's estimate pages. They check shape and length only (and that a photo
is a file we accept); estimates/services.py decides what is complete: a decision for every job, a
note for a dispute, the typed name and the authorisation tick."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fixloop.estimates.models import Decision, DisputeSubject
from fixloop.estimates.services import NOTE_MAX_LENGTH, BatchItem, Choice
from fixloop.repairs.uploads import check_upload

NAME_MAX_LENGTH = 200
HASH_MAX_LENGTH = 64
LEAVE = "leave"
# An id the database can hold (bigint); anything longer is refused before it reaches a query.
_ESTIMATE_FIELD = re.compile(r"^estimate_(.*)$")
_ID = re.compile(r"^[0-9]{1,18}$")


def _number(value) -> int:
    """A version number from a hidden field; 0 (never a version) when it is not one, so the
    service refuses it as a page that is out of date."""
    value = str(value or "").strip()
    return int(value) if _ID.match(value) and len(value) <= 9 else 0


class PhotoField(forms.FileField):
    """An optional photo for a dispute, checked as every attachment is (type, size, content)."""

    widget = forms.FileInput(attrs={"accept": "image/*,application/pdf"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            check_upload(upload)
        return upload


def _signed_name_field():
    return forms.CharField(
        label=_("Your full name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}),
        help_text=_("Type your name as your signature."),
    )


def _authorisation_label(shop_name: str) -> str:
    return _("I authorise %(shop)s to carry out the approved work at the prices shown.") % {"shop": shop_name}


class DecisionForm(forms.Form):
    """The customer's decision on every job of the current version still awaiting one."""

    # Not checked here: a missing or garbled version is a page the service refuses as out of date.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    version_hash = forms.CharField(widget=forms.HiddenInput, required=False)
    signed_name = _signed_name_field()
    authorised = forms.BooleanField(required=False)

    DECISIONS = [
        (Decision.APPROVED, _("Approve")),
        (Decision.DECLINED, _("Decline")),
        (Decision.DISPUTED, _("Dispute")),
    ]

    def __init__(self, *args, jobs: list[dict], shop_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobs = jobs
        self.fields["authorised"].label = _authorisation_label(shop_name)
        for job in jobs:
            key = job["key"]
            self.fields[f"job_{key}"] = forms.ChoiceField(
                label=_("Your decision"), choices=self.DECISIONS, widget=forms.RadioSelect, required=False
            )
            self.fields[f"job_{key}_subject"] = forms.ChoiceField(
                label=_("What do you dispute?"),
                choices=DisputeSubject.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"job_{key}_note"] = forms.CharField(
                label=_("What is wrong?"),
                max_length=NOTE_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
                help_text=_("Required when you dispute this job."),
            )
            self.fields[f"job_{key}_photo"] = PhotoField(label=_("Photo (optional)"), required=False)

    def job_fields(self, key: int) -> dict:
        return {
            "decision": self[f"job_{key}"],
            "subject": self[f"job_{key}_subject"],
            "note": self[f"job_{key}_note"],
            "photo": self[f"job_{key}_photo"],
        }

    @property
    def posted_version(self) -> int:
        return _number(self.cleaned_data.get("version"))

    @property
    def posted_hash(self) -> str:
        return (self.cleaned_data.get("version_hash") or "")[:HASH_MAX_LENGTH]

    def choices(self) -> dict[int, Choice]:
        """The jobs the customer decided on; a job left out is refused by the service by name."""
        result = {}
        for job in self.jobs:
            key = job["key"]
            decision = self.cleaned_data.get(f"job_{key}")
            if not decision:
                continue
            if decision == Decision.DISPUTED:
                result[key] = Choice(
                    decision,
                    dispute_subject=self.cleaned_data.get(f"job_{key}_subject") or "",
                    note=self.cleaned_data.get(f"job_{key}_note") or "",
                    photo=self.cleaned_data.get(f"job_{key}_photo"),
                )
            else:
                result[key] = Choice(decision)
        return result


class DisputeNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH}),
    )
    photo = PhotoField(label=_("Photo (optional)"), required=False)


class BatchForm(forms.Form):
    """Several estimates at once: approve all, decline all or leave each for now.

    The decisions are read from every `estimate_<id>` field posted, not only from the estimates
    shown: an id the link may not see goes to the service, which refuses the whole submit."""

    signed_name = _signed_name_field()
    authorised = forms.BooleanField(required=False)

    def __init__(self, *args, estimates: list, shop_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorised"].label = _authorisation_label(shop_name)
        for estimate in estimates:
            self.fields[f"estimate_{estimate.pk}"] = forms.ChoiceField(
                label=_("Your decision"),
                choices=[
                    (LEAVE, _("Leave for now")),
                    (Decision.APPROVED, _("Approve all")),
                    (Decision.DECLINED, _("Decline all")),
                ],
                widget=forms.RadioSelect,
                initial=LEAVE,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        for name in self.data:
            match = _ESTIMATE_FIELD.match(name)
            if match and not _ID.match(match[1]):
                raise ValidationError(_("This estimate was not found."), code="unknown_estimate")
        return cleaned

    def items(self) -> list[BatchItem]:
        """One item per estimate to approve or decline, in id order (so two submits lock their
        estimates in the same order)."""
        items = {}
        for name in self.data:
            match = _ESTIMATE_FIELD.match(name)
            if not match or not _ID.match(match[1]):
                continue
            decision = str(self.data.get(name) or "")
            if decision in ("", LEAVE):
                continue
            pk = int(match[1])
            items[pk] = BatchItem(
                estimate_id=pk,
                version_number=_number(self.data.get(f"version_{pk}")),
                version_hash=str(self.data.get(f"hash_{pk}") or "")[:HASH_MAX_LENGTH],
                decision=decision,
            )
        return [items[pk] for pk in sorted(items)]
