"""Work orders change state here: numbers, opening, status changes, comments, files, closing and
reopening, and the details (technician, promised date, problem description).

Each function validates, writes, appends a timeline entry and sends a domain signal, all in one
transaction: a refused or failed change leaves nothing behind.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.repairs import signals
from fixloop.repairs.models import Attachment, NumberSequence, Phase, Status, TimelineEntry, WorkOrder
from fixloop.repairs.services.locking import lock
from fixloop.repairs.timeline import record
from fixloop.repairs.uploads import check_upload
from fixloop.shop.models import Location

COMMENT_MAX_LENGTH = 10_000
# No "/": the number is part of URLs.
NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")


def work_order_number(year: int, counter: int) -> str:
    """Fixloop's own number format: '2026-00042', the year and a counter of at least five digits."""
    return f"{year}-{counter:05d}"


def next_work_order_number(today: date | None = None) -> str:
    """'2026-00042': the year and a counter; skips numbers already used (e.g. imported from other
    shop software).

    On PostgreSQL the counter is a SEQUENCE per year (created on first use by the database function
    `fixloop_next_work_order_counter`, migration repairs 0013): `nextval` takes no lock, so
    openings do not wait for each other's commit. A number taken by a transaction that is then
    rolled back is not handed out again: work-order numbers may have gaps (invoice numbers, which
    must not, are counted elsewhere under a row lock). On SQLite, which writes one transaction at a
    time anyway, the NumberSequence row is the counter, taken under its lock."""
    year = (today or timezone.localdate()).year
    prefix = f"{year}-"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT fixloop_next_work_order_counter(%s)", [prefix])
            return work_order_number(year, cursor.fetchone()[0])
    # No savepoint of its own: the counter's row stays locked until the caller's transaction ends.
    with transaction.atomic(savepoint=False):
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(prefix=prefix)
        while True:
            sequence.last_value += 1
            number = work_order_number(year, sequence.last_value)
            if not WorkOrder.objects.filter(number=number).exists():
                break
        sequence.save(update_fields=["last_value"])
    return number


def reserve_work_order_counters(year: int, count: int, after: int = 0) -> int:
    """Take `count` consecutive counters of the year at once (bulk imports, the demo's bulk seed):
    above every counter handed out and above `after`; returns the first. Later openings continue
    after them. Not meant to run beside openings of the same year (on PostgreSQL a concurrent
    opening could take a counter of the block)."""
    prefix = f"{year}-"
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT fixloop_reserve_work_order_counters(%s, %s, %s)", [prefix, count, after])
            return cursor.fetchone()[0]
    with transaction.atomic():
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(prefix=prefix)
        start = max(sequence.last_value, after)
        sequence.last_value = start + count
        sequence.save(update_fields=["last_value"])
    return start + 1


# Hyphens, en and em dashes, the minus sign and their full-width and small forms, as phones and
# word processors type them.
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# Quotes, brackets, '#', a full stop… around a number copied from a message or a receipt.
_AROUND = re.compile(r"^[\W_]+|[\W_]+$")
# Fixloop's own format as typed: '2026-00010', '2026-10', '2026/10', or '202600010' (without a
# separator only with all five digits of the counter: '202610' is no number of ours).
_OWN_FORMAT = re.compile(r"(\d{4})(?:[-/.](\d{1,9})|(\d{5,9}))")


def typed_number_candidates(text: str) -> list[str]:
    """The work-order numbers a customer may mean by what they typed, most literal first.

    Harmless variations find the number: spaces, other dashes, punctuation around it, small letters
    for capitals ('f-00042' finds 'F-00042'; a number stored in small letters is found as written),
    and Fixloop's own format without its dash or zero padding ('202600010', '2026-10' find
    '2026-00010'). Nothing here guesses beyond that, so a different number never matches.
    """
    text = _AROUND.sub("", _DASHES.sub("-", text or ""))[:40]
    parts = text.split()
    written = ["".join(parts)]
    if len(parts) > 1:
        written.append("-".join(parts))  # 'F 00042' for 'F-00042', '2026 10' for '2026-10'
    candidates = []
    for number in written:
        candidates += [number, number.upper()]
    own = next(filter(None, map(_own_number, written)), None)
    if own:
        candidates.append(own)
    return list(dict.fromkeys(number for number in candidates if number))


def _own_number(typed: str) -> str | None:
    match = _OWN_FORMAT.fullmatch(typed)
    return work_order_number(int(match[1]), int(match[2] or match[3])) if match else None


def typed_number_key(text: str) -> str:
    """One spelling for all the ways of typing the same number (e.g. to count look-ups per number):
    Fixloop's own format when it is one, else the number in capitals."""
    candidates = typed_number_candidates(text)
    if not candidates:
        return ""
    return next(filter(None, map(_own_number, candidates)), candidates[0].upper())


def initial_status() -> Status:
    status = Status.objects.filter(active=True, phase=Phase.OPEN).order_by("position", "id").first()
    if status is None:
        raise ValidationError(
            _("No active status in the phase 'Open' is configured; an administrator must add one.")
        )
    return status


@transaction.atomic
def open_work_order(
    *,
    customer: CustomerAccount,
    location: Location,
    problem_description: str,
    by: Actor,
    unit: Unit | None = None,
    promised_date: date | None = None,
    technician=None,
    number: str = "",
) -> WorkOrder:
    errors = {}
    problem_description = (problem_description or "").strip()
    if not problem_description:
        errors["problem_description"] = _("Describe the problem.")
    if unit is not None and unit.customer_id != customer.pk:
        errors["unit"] = _("This unit belongs to another customer.")
    if not location.active:
        errors["location"] = _("This location is no longer in use.")
    number = (number or "").strip()
    if number:
        if not NUMBER_PATTERN.match(number):
            errors["number"] = _("Use up to 20 letters, digits, '-', '_' or '.'.")
        elif WorkOrder.objects.filter(number=number).exists():
            errors["number"] = _("Work order %(number)s already exists.") % {"number": number}
    if errors:
        raise ValidationError(errors)
    status = initial_status()  # before the number: its lock is held until the transaction ends
    work_order = WorkOrder.objects.create(
        number=number or next_work_order_number(),
        customer=customer,
        unit=unit,
        location=location,
        status=status,
        problem_description=problem_description,
        promised_date=promised_date,
        technician=technician,
    )
    entry = record(
        work_order, TimelineEntry.Kind.OPENED, by, public=True, data={"status": work_order.status_id}
    )
    signals.work_order_opened.send(sender=WorkOrder, work_order=work_order, entry=entry)
    return work_order


@transaction.atomic
def change_status(work_order: WorkOrder, status: Status, *, by: Actor) -> TimelineEntry:
    lock(work_order)
    if work_order.is_closed:
        raise ValidationError({"status": _("The work order is closed; reopen it first.")})
    if not status.active:
        raise ValidationError({"status": _("This status is no longer in use.")})
    if status.is_finished:
        raise ValidationError({"status": _("Use 'Close' to finish or cancel a work order.")})
    if work_order.status_id == status.pk:
        raise ValidationError({"status": _("The work order already has this status.")})
    previous = Status.objects.get(pk=work_order.status_id)
    work_order.status = status
    work_order.save(update_fields=["status", "updated_at"])
    entry = record(
        work_order,
        TimelineEntry.Kind.STATUS,
        by,
        public=status.visible_to_customers,
        data={"from": previous.pk, "to": status.pk},
    )
    signals.status_changed.send(sender=WorkOrder, work_order=work_order, previous=previous, entry=entry)
    return entry


@transaction.atomic
def add_comment(work_order: WorkOrder, text: str, *, public: bool, by: Actor) -> TimelineEntry:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A comment can have at most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH}}
        )
    entry = record(work_order, TimelineEntry.Kind.COMMENT, by, public=public, text=text)
    signals.comment_added.send(sender=WorkOrder, work_order=work_order, entry=entry)
    return entry


def attach_file(
    work_order: WorkOrder, uploaded_file, *, public: bool, by: Actor, note: str = ""
) -> Attachment:
    try:
        name, content_type = check_upload(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    note = (note or "").strip()[:COMMENT_MAX_LENGTH]
    attachment = Attachment(
        work_order=work_order,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        public=public,
    )
    try:
        with transaction.atomic():
            attachment.file.save(name, uploaded_file, save=False)
            attachment.save()
            entry = record(
                work_order,
                TimelineEntry.Kind.FILE,
                by,
                public=public,
                text=note,
                attachment=attachment,
                data={"name": name, "size": attachment.size},
            )
            signals.attachment_added.send(
                sender=WorkOrder, work_order=work_order, attachment=attachment, entry=entry
            )
    except BaseException:
        if attachment.file.name:  # the rows were rolled back: don't keep an orphaned file
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def close(work_order: WorkOrder, *, by: Actor, status: Status | None = None, note: str = "") -> TimelineEntry:
    lock(work_order)
    if work_order.is_closed:
        raise ValidationError({"status": _("The work order is already closed.")})
    if status is None:
        status = Status.objects.filter(active=True, phase=Phase.CLOSED).order_by("position", "id").first()
        if status is None:
            raise ValidationError({"status": _("No active status in the phase 'Closed' is configured.")})
    elif not status.is_finished:
        raise ValidationError({"status": _("Choose a status in the phase 'Closed' or 'Cancelled'.")})
    elif not status.active:
        raise ValidationError({"status": _("This status is no longer in use.")})
    previous_status_id = work_order.status_id
    work_order.status = status
    work_order.closed_at = closed_at = timezone.now()
    work_order.save(update_fields=["status", "closed_at", "updated_at"])
    entry = record(
        work_order,
        TimelineEntry.Kind.CLOSED,
        by,
        public=status.visible_to_customers,
        text=(note or "").strip()[:COMMENT_MAX_LENGTH],
        data={"from": previous_status_id, "to": status.pk},
        at=closed_at,
    )
    signals.work_order_closed.send(sender=WorkOrder, work_order=work_order, entry=entry)
    return entry


@transaction.atomic
def reopen(work_order: WorkOrder, *, by: Actor, reason: str, status: Status | None = None) -> TimelineEntry:
    lock(work_order)
    if not work_order.is_closed:
        raise ValidationError({"status": _("The work order is open.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the work order is reopened.")})
    if status is None:
        status = (
            Status.objects.filter(active=True)
            .exclude(phase__in=[Phase.CLOSED, Phase.CANCELLED])
            .order_by("position", "id")
            .first()
        )
        if status is None:
            raise ValidationError({"status": _("No active open status is configured.")})
    elif status.is_finished or not status.active:
        raise ValidationError({"status": _("Choose an active status that is not closed or cancelled.")})
    previous_status_id = work_order.status_id
    work_order.status = status
    work_order.closed_at = None
    work_order.save(update_fields=["status", "closed_at", "updated_at"])
    entry = record(
        work_order,
        TimelineEntry.Kind.REOPENED,
        by,
        public=status.visible_to_customers,
        text=reason[:COMMENT_MAX_LENGTH],
        data={"from": previous_status_id, "to": status.pk},
    )
    signals.work_order_reopened.send(sender=WorkOrder, work_order=work_order, entry=entry)
    return entry


@transaction.atomic
def update_details(
    work_order: WorkOrder, *, by: Actor, technician=..., promised_date=..., problem_description=...
) -> TimelineEntry | None:
    """Change the technician, promised date or problem description; unchanged fields are left out."""
    changes = {}
    if technician is not ... and technician != work_order.technician:
        changes["technician"] = [str(work_order.technician or ""), str(technician or "")]
        work_order.technician = technician
    if promised_date is not ... and promised_date != work_order.promised_date:
        changes["promised_date"] = [
            work_order.promised_date.isoformat() if work_order.promised_date else "",
            promised_date.isoformat() if promised_date else "",
        ]
        work_order.promised_date = promised_date
    if problem_description is not ...:
        problem_description = (problem_description or "").strip()
        if not problem_description:
            raise ValidationError({"problem_description": _("Describe the problem.")})
        if problem_description != work_order.problem_description:
            changes["problem_description"] = [work_order.problem_description, problem_description]
            work_order.problem_description = problem_description
    if not changes:
        return None
    work_order.save(update_fields=[*(field for field in changes), "updated_at"])
    # A new promised date is news for the customer; who works on it is internal.
    entry = record(
        work_order, TimelineEntry.Kind.UPDATED, by, public=set(changes) == {"promised_date"}, data=changes
    )
    signals.work_order_updated.send(sender=WorkOrder, work_order=work_order, entry=entry, changes=changes)
    return entry
