"""What the estimate service modules share: the row lock every change starts with, the location's
"today" and the validity check, and the limits and text cleaning of what staff and customers type."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.text import clean_text as tidy_text
from fixloop.estimates.models import Estimate

NOTE_MAX_LENGTH = 2000


def local_today(estimate: Estimate) -> date:
    return timezone.now().astimezone(estimate.work_order.location.zone).date()


def is_expired(estimate: Estimate, today: date | None = None) -> bool:
    return (today or local_today(estimate)) > estimate.valid_until


def locked(estimate: Estimate) -> Estimate:
    """Re-read the estimate under a row lock: two tabs or two clerks act one after the other, and the
    second sees what the first did."""
    fresh = Estimate.objects.select_for_update().select_related("work_order__location").get(pk=estimate.pk)
    for field in ("state", "valid_until", "note", "current_version_id", "dispute_acknowledged_at"):
        setattr(estimate, field, getattr(fresh, field))
    return fresh


def clean_text(value: str, field: str, errors: dict, *, max_length: int, required: bool = True) -> str:
    """`value` stripped; a missing or too long one adds a message to `errors[field]`."""
    value = tidy_text(value)
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > max_length:
        errors[field] = _("Keep it under %(count)d characters.") % {"count": max_length}
    return value
