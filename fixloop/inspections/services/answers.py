"""The customer's side: opening the page (every open is logged; the first moves the overview to
"opened") and submitting answers to the current version, item by item, once per version.

Answers are refused as a whole, with nothing written, for an old version, a version answered
already (two submissions at once: the version row is locked, the second one finds it answered), an
item the version does not show, or a choice the item does not offer.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.bookings.photos import removed_on_failure
from fixloop.core.actor import Actor
from fixloop.core.text import clean_text
from fixloop.inspections import presentation, signals
from fixloop.inspections.models import Answer, Event, Inspection, InspectionItem, InspectionVersion
from fixloop.inspections.services import media
from fixloop.inspections.services.shared import locked
from fixloop.repairs.models import TimelineEntry
from fixloop.repairs.services.self_service import record_customer_note
from fixloop.repairs.timeline import record

COMMENT_MAX = 2000
NAME_MAX = 200
PHOTOS_PER_ITEM = 5


def _current_version(inspection: Inspection) -> InspectionVersion:
    version = inspection.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("This overview has not been sent yet."), code="not_sent")
    return version


@transaction.atomic
def record_open(inspection: Inspection, *, by: Actor, channel: str = "link") -> Event:
    inspection = locked(inspection)
    version = InspectionVersion.objects.select_for_update().get(pk=_current_version(inspection).pk)
    now = timezone.now()
    first = version.first_opened_at is None
    version.first_opened_at = version.first_opened_at or now
    version.last_opened_at = now
    version.save(update_fields=["first_opened_at", "last_opened_at"])
    if inspection.state == Inspection.State.SENT and version.answered_at is None:
        inspection.state = Inspection.State.OPENED
        inspection.save(update_fields=["state", "updated_at"])
    event = Event.objects.create(
        inspection=inspection,
        version=version.number,
        kind=Event.Kind.OPENED,
        at=now,
        channel=channel,
        name=by.display_name[:200] if by.user is not None else by.name,
        ip=by.ip,
        user_agent=by.user_agent,
        user=by.user,
    )
    signals.inspection_opened.send(sender=Inspection, inspection=inspection, event=event, first=first, by=by)
    return event


def _checked(version: InspectionVersion, answers: dict, photos: dict) -> tuple[dict, dict]:
    """{item id: (choice, comment)} and {item id: [checked uploads]}, or a ValidationError naming
    every wrong field (item_<id>, comment_<id>, photos_<id>)."""
    shown = {entry["id"]: entry for entry in version.content["items"]}
    errors: dict[str, list] = {}
    cleaned, checked_photos = {}, {}
    for raw_id, (choice, comment) in answers.items():
        item_id = int(raw_id)
        entry = shown.get(item_id)
        if entry is None:
            raise ValidationError(
                _("An answer was given for an item this overview does not show."), code="item"
            )
        comment = clean_text(comment)
        if choice not in presentation.choices_for(entry["category"]):
            if choice or comment:
                errors.setdefault(f"item_{item_id}", []).append(_("Choose one of the answers offered."))
            continue
        if len(comment) > COMMENT_MAX:
            errors.setdefault(f"comment_{item_id}", []).append(
                _("At most %(limit)d characters.") % {"limit": COMMENT_MAX}
            )
        cleaned[item_id] = (choice, comment)
    for raw_id, uploads in (photos or {}).items():
        item_id, uploads = int(raw_id), list(uploads)
        if not uploads:
            continue
        if item_id not in shown:
            raise ValidationError(_("A photo was sent for an item this overview does not show."), code="item")
        if item_id not in cleaned:
            errors.setdefault(f"photos_{item_id}", []).append(
                _("Choose an answer for the item the photo is about.")
            )
            continue
        if len(uploads) > PHOTOS_PER_ITEM:
            errors.setdefault(f"photos_{item_id}", []).append(
                _("At most %(limit)d photos per item.") % {"limit": PHOTOS_PER_ITEM}
            )
            continue
        for upload in uploads:
            try:
                checked_photos.setdefault(item_id, []).append((upload, media.check(upload)))
            except ValidationError as error:
                errors.setdefault(f"photos_{item_id}", []).extend(error.messages)
    if not cleaned and not errors:
        errors["items"] = [_("Answer at least one item.")]
    if errors:
        raise ValidationError(errors)
    return cleaned, checked_photos


def _answerable_version(inspection: Inspection, version_number: int) -> InspectionVersion:
    """The current version, locked, if the customer may still answer the one they opened."""
    if inspection.work_order.closed_at is not None:
        raise ValidationError(
            _("This repair is finished; the overview can no longer be answered."), code="closed"
        )
    version = InspectionVersion.objects.select_for_update().get(pk=_current_version(inspection).pk)
    if version.number != version_number:
        raise ValidationError(
            _("The shop has changed this overview since you opened it. Please look at the new version."),
            code="old_version",
        )
    if version.answered_at is not None:
        raise ValidationError(_("This overview has been answered already."), code="answered")
    return version


def _signed_name(name: str) -> str:
    name = clean_text(name, single_line=True)
    if not name:
        raise ValidationError({"name": _("Enter your name.")}, code="required")
    if len(name) > NAME_MAX:
        raise ValidationError(
            {"name": _("At most %(limit)d characters.") % {"limit": NAME_MAX}}, code="length"
        )
    return name


def _still_offered(item_ids) -> dict[int, InspectionItem]:
    """The answered items, none of them withdrawn by the shop since sending."""
    items = InspectionItem.objects.in_bulk(item_ids)
    withdrawn = [item.description for item in items.values() if item.removed_at is not None]
    if withdrawn:
        raise ValidationError(
            _("The shop has withdrawn “%(item)s” since sending. Please reload the overview.")
            % {"item": withdrawn[0]},
            code="old_version",
        )
    return items


def _log_answered(inspection, version, items, cleaned, *, by: Actor, name: str) -> None:
    """The timeline entry (the comments become a customer remark) and the communication log's
    "answered"."""
    comments = "\n".join(
        f"{items[item_id].description}: {comment}"
        for item_id, (_choice, comment) in cleaned.items()
        if comment
    )
    entry = record(
        inspection.work_order,
        TimelineEntry.Kind.INSPECTION,
        by,
        public=False,
        text=comments,
        data={
            "event": "inspection_answered",
            "inspection": inspection.pk,
            "version": version.number,
            "name": name,
            "answers": {str(item_id): choice for item_id, (choice, _comment) in cleaned.items()},
        },
    )
    if comments:
        record_customer_note(inspection.work_order, entry)
    Event.objects.create(
        inspection=inspection,
        version=version.number,
        kind=Event.Kind.ANSWERED,
        at=version.answered_at,
        channel="portal" if by.user is not None else "link",
        name=name,
        ip=by.ip,
        user_agent=by.user_agent,
        user=by.user,
        timeline_entry=entry,
    )


@transaction.atomic
def submit(
    inspection: Inspection,
    *,
    version_number: int,
    answers: dict,
    photos: dict | None = None,
    by: Actor,
    name: str,
) -> InspectionVersion:
    inspection = locked(inspection)
    version = _answerable_version(inspection, version_number)
    name = _signed_name(name)
    cleaned, checked_photos = _checked(version, answers, photos or {})
    items = _still_offered(cleaned)
    revisions = {entry["id"]: entry["revision"] for entry in version.content["items"]}
    now = timezone.now()
    saved = Answer.objects.bulk_create(
        Answer(
            item=items[item_id],
            version=version,
            item_revision=revisions[item_id],
            choice=choice,
            comment=comment,
            created_at=now,
        )
        for item_id, (choice, comment) in cleaned.items()
    )
    by_item = {answer.item_id: answer for answer in saved}
    with removed_on_failure() as stored:
        for item_id, uploads in checked_photos.items():
            for upload, checked in uploads:
                photo = media.store(items[item_id], upload, checked, by=by, answer=by_item[item_id])
                stored.extend(field for field in (photo.file, photo.thumbnail) if field)
        version.answered_at = now
        version.answered_name = name
        version.answered_ip = by.ip
        version.answered_user_agent = by.user_agent
        version.answered_user = by.user
        version.save()
        inspection.state = Inspection.State.ANSWERED
        inspection.save(update_fields=["state", "updated_at"])
        _log_answered(inspection, version, items, cleaned, by=by, name=name)
        signals.inspection_answered.send(
            sender=Inspection, inspection=inspection, version=version, answers=saved, by=by
        )
    return version
