"""Sending the overview: the visible items are frozen into a new version when nothing was sent yet or
something changed since; sending again without a change re-sends the current version (another
address, a lost message). Each address gets an Event in the communication log; messaging listens to
signals.inspection_sent and writes the messages (e-mail or text) with the link."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.core.contact import normalise_email, normalise_phone
from fixloop.inspections import machine, presentation, signals
from fixloop.inspections.models import Event, Inspection, InspectionVersion
from fixloop.inspections.services import links
from fixloop.inspections.services.shared import editable, locked, note_change


def _recipients(inspection: Inspection, emails, phones) -> list[tuple[str, str]]:
    country = inspection.work_order.location.country
    recipients, errors = [], {}
    for address in emails:
        try:
            recipients.append(("email", normalise_email(address)))
        except ValidationError as error:
            errors.setdefault("emails", []).extend(error.messages)
    for number in phones:
        try:
            recipients.append(("sms", normalise_phone(number, country)))
        except ValidationError as error:
            errors.setdefault("phones", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    if not recipients:
        raise ValidationError(
            {"emails": _("Choose at least one e-mail address or phone number.")}, code="required"
        )
    return list(dict.fromkeys(recipients))


@transaction.atomic
def send(inspection: Inspection, *, by: Actor, emails=(), phones=()) -> InspectionVersion:
    inspection = editable(locked(inspection))
    recipients = _recipients(inspection, emails, phones)
    if not machine.can_move(inspection.state, Inspection.State.SENT):
        raise ValidationError(machine.refusal(Inspection.State.SENT))
    current = inspection.versions.order_by("-number").first()
    if current is None or inspection.changed_since_sent:
        number = inspection.version + 1
        content = presentation.content(inspection, number, current.content if current else None)
        if not content["items"]:
            raise ValidationError(
                _("There is nothing for the customer to see yet: make at least one item visible."),
                code="empty",
            )
        current = InspectionVersion.objects.create(
            inspection=inspection, number=number, content=content, sent_by=by.user
        )
        inspection.version = number
        inspection.changed_since_sent = False
        inspection.state = Inspection.State.SENT
        inspection.save(update_fields=["version", "changed_since_sent", "state", "updated_at"])
    link = links.link_for(inspection, by=by)
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            inspection=inspection,
            version=current.number,
            kind=Event.Kind.SENT,
            at=now,
            channel=channel,
            address=address,
            name=by.display_name[:200],
            ip=by.ip,
            user=by.user,
        )
        for channel, address in recipients
    )
    note_change(
        inspection,
        "sent",
        by,
        version=current.number,
        recipients=[address for _channel, address in recipients],
    )
    signals.inspection_sent.send(
        sender=Inspection, inspection=inspection, version=current, link=link, recipients=recipients, by=by
    )
    return current
