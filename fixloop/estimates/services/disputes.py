"""The dispute thread: notes from the customer (through their link) or from staff, with an optional
photo, and staff acknowledging a dispute. A job disputed with a decision opens the thread through
decisions.py, which writes its note with `write_dispute_message`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor, ActorKind
from fixloop.core.text import clean_text as tidy_text
from fixloop.estimates import machine, signals
from fixloop.estimates.machine import Event
from fixloop.estimates.models import DisputeMessage, Estimate, EstimateVersion
from fixloop.estimates.services.shared import NOTE_MAX_LENGTH, clean_text, locked
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.services import attach_file
from fixloop.repairs.timeline import record


def write_dispute_message(
    estimate: Estimate,
    version: EstimateVersion,
    job_key: int | None,
    text: str,
    photo,
    *,
    by: Actor,
    name: str = "",
) -> DisputeMessage:
    """Write one note of the thread (its photo attached to the work order, not public). The caller
    has checked the text and holds the estimate's lock."""
    attachment = None
    if photo is not None:
        attachment = attach_file(
            estimate.work_order, photo, public=False, by=by, note=_("Photo for the estimate dispute")
        )
    return DisputeMessage.objects.create(
        estimate=estimate,
        version=version,
        job_key=job_key,
        side=DisputeMessage.Side.STAFF if by.kind == ActorKind.STAFF else DisputeMessage.Side.CUSTOMER,
        author_name=(name or by.display_name)[:200],
        user=by.user,
        text=tidy_text(text),
        photo=attachment,
        ip=by.ip,
    )


@transaction.atomic
def add_dispute_message(
    estimate: Estimate, text: str, *, by: Actor, photo=None, name: str = ""
) -> DisputeMessage:
    """A note in the dispute thread, from the customer (through their link) or from staff."""
    errors: dict = {}
    text = clean_text(text, "text", errors, max_length=NOTE_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)
    locked(estimate)
    machine.check(estimate.state, Event.DISCUSS)
    message = write_dispute_message(estimate, estimate.current_version, None, text, photo, by=by, name=name)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        text=text,
        data={"event": "dispute_note", "estimate": estimate.pk, "message": message.pk, "side": message.side},
    )
    estimate.save(update_fields=["updated_at"])
    signals.dispute_message_added.send(sender=Estimate, estimate=estimate, message=message, entry=entry)
    return message


@transaction.atomic
def acknowledge_dispute(estimate: Estimate, *, by: Actor, note: str = "") -> Estimate:
    """Staff tell the customer they are looking at the dispute (optionally with a note)."""
    errors: dict = {}
    note = clean_text(note, "note", errors, max_length=NOTE_MAX_LENGTH, required=False)
    if errors:
        raise ValidationError(errors)
    locked(estimate)
    machine.check(estimate.state, Event.ACKNOWLEDGE)
    if estimate.dispute_acknowledged_at is not None:
        raise ValidationError(_("The dispute was already acknowledged."))
    estimate.dispute_acknowledged_at = timezone.now()
    estimate.save(update_fields=["dispute_acknowledged_at", "updated_at"])
    message = None
    if note:
        message = write_dispute_message(estimate, estimate.current_version, None, note, None, by=by)
    entry = record(
        estimate.work_order,
        TimelineEntry.Kind.ESTIMATE,
        by,
        public=True,
        data={"event": "dispute_acknowledged", "estimate": estimate.pk},
    )
    if message is not None:
        signals.dispute_message_added.send(sender=Estimate, estimate=estimate, message=message, entry=entry)
    return estimate
