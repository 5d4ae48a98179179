"""What a customer does on the tracking page, and staff's answer to it: correct their contact details
(saved by fixloop/customers/services.py), ask a question, and staff marking what was sent as read; and
a signed-in customer changing their account's contact details in the portal.

Each function validates, writes, appends a timeline entry and sends a domain signal in one
transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.core.text import clean_text
from fixloop.customers.models import CustomerAccount
from fixloop.customers.services import change_contact_details, contact_changes
from fixloop.repairs import signals
from fixloop.repairs.models import CustomerNote, TimelineEntry, TrackingLink, WorkOrder
from fixloop.repairs.timeline import new_entry, record, record_many
from fixloop.repairs.tracking import is_valid

QUESTION_MAX_LENGTH = 2000


def _valid_link(link: TrackingLink) -> TrackingLink:
    fresh = TrackingLink.objects.select_related("work_order").get(pk=link.pk)
    if not is_valid(fresh):
        raise ValidationError(_("This tracking link is no longer valid."))
    return fresh


def record_customer_note(work_order: WorkOrder, entry: TimelineEntry) -> CustomerNote:
    """Staff have to read what the customer wrote in `entry` (a question, a remark with their answers)."""
    return CustomerNote.objects.create(work_order=work_order, entry=entry, created_at=entry.created_at)


@transaction.atomic
def correct_contact_details(link: TrackingLink, changes: dict, *, by: Actor) -> TimelineEntry | None:
    """Change the customer's e-mail, mobile number and delivery address as given in `changes` (any of
    customers.services.CONTACT_FIELDS), validated and normalised exactly as when staff enter them.
    ValidationError names the fields and changes nothing. Returns None when nothing actually changed."""
    link = _valid_link(link)
    work_order = link.work_order
    customer, changed = change_contact_details(work_order.customer_id, changes)
    if not changed:
        return None
    entry = record(work_order, TimelineEntry.Kind.CONTACT, by, public=False, data=changed)
    record_customer_note(work_order, entry)
    contact_changes.record(customer, changed, by=by)  # the old address hears of it
    signals.customer_details_corrected.send(
        sender=WorkOrder, work_order=work_order, customer=customer, changes=changed, entry=entry
    )
    return entry


@transaction.atomic
def change_account_contact_details(customer_id: int, changes: dict, *, by: Actor) -> dict | None:
    """A signed-in customer changes their account's e-mail, mobile number and delivery address (any of
    customers.services.CONTACT_FIELDS), validated and normalised exactly as when staff enter them.
    The change goes on the timeline of each of the account's open work orders (who, from which
    address and browser); staff get one note to read, on the newest of them. ValidationError names
    the fields and changes nothing. Returns what changed ({field: [old, new]}), or None."""
    customer, changed = change_contact_details(customer_id, changes)
    if not changed:
        return None
    work_orders = list(
        WorkOrder.objects.filter(customer_id=customer.pk, closed_at=None).order_by("-opened_at", "-id")
    )
    entries = record_many(
        [
            new_entry(work_order, TimelineEntry.Kind.CONTACT, by, public=False, data=changed)
            for work_order in work_orders
        ]
    )
    if entries:
        record_customer_note(work_orders[0], entries[0])
    contact_changes.record(customer, changed, by=by)  # the old address hears of it
    signals.contact_details_changed.send(
        sender=CustomerAccount, customer=customer, changes=changed, entries=entries, by=by
    )
    return changed


@transaction.atomic
def report_contact_change(token: str, *, by: Actor) -> dict:
    """Whoever got the notice at the old address says the change was not theirs: the old details
    are put back (customers.services.contact_changes.revert), the undoing goes on the timeline of
    each open work order with a note for staff to read, and staff are alerted. Returns what was put
    back ({field: [current, restored]}); ValidationError when the link cannot be used (any more)."""
    change, customer, restored = contact_changes.revert(token)
    work_orders = list(
        WorkOrder.objects.filter(customer_id=customer.pk, closed_at=None).order_by("-opened_at", "-id")
    )
    facts = {**restored, "event": TimelineEntry.REPORTED_NOT_THEIRS}
    entries = record_many(
        [
            new_entry(work_order, TimelineEntry.Kind.CONTACT, by, public=False, data=facts)
            for work_order in work_orders
        ]
    )
    if entries:
        record_customer_note(work_orders[0], entries[0])
    signals.contact_change_reported.send(
        sender=CustomerAccount, customer=customer, change=change, restored=restored, entries=entries, by=by
    )
    return restored


@transaction.atomic
def ask_question(link: TrackingLink, text: str, *, by: Actor) -> TimelineEntry:
    link = _valid_link(link)
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A question can have at most %(limit)d characters.") % {"limit": QUESTION_MAX_LENGTH}}
        )
    work_order = link.work_order
    entry = record(work_order, TimelineEntry.Kind.QUESTION, by, public=False, text=text)
    record_customer_note(work_order, entry)
    signals.customer_question_received.send(sender=WorkOrder, work_order=work_order, entry=entry)
    return entry


@transaction.atomic
def mark_read(note: CustomerNote, *, by: Actor) -> CustomerNote:
    """Staff have read what the customer sent. Marking it again changes nothing."""
    note = CustomerNote.objects.select_for_update().get(pk=note.pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.read_by = by.user
        note.save(update_fields=["read_at", "read_by"])
    return note
