"""The only way a message is created, and the changes of state staff and providers ask for
(cancel, delivered, bounced); every change of state goes through states.py.

`queue_message` renders a message and writes it with its wake-up task in the caller's transaction:
a rolled-back change sends nothing, a committed one loses nothing. A message that cannot be sent
(no valid address, an opt-out, a text too long, a template that fails) is still written, as
`suppressed` with the reason, so staff see it. For many messages at once (a status report run),
`draft_message` renders each and `queue_messages` writes them together, with one wake-up.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from fixloop.core.contact import normalise_email, normalise_phone
from fixloop.messaging import rendering
from fixloop.messaging.context import customer_context, work_order_context
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import (
    Channel,
    Message,
    MessageAttachment,
    MessageTemplate,
)
from fixloop.messaging.optouts import kind_opt_out_reasons
from fixloop.messaging.sms_text import count_segments
from fixloop.messaging.states import transition
from fixloop.messaging.suppressions import reason_not_to_send
from fixloop.messaging.tasks import wake_worker
from fixloop.portal import links
from fixloop.shop.models import ShopProfile

logger = logging.getLogger(__name__)


def resolve_recipient(channel: str, customer, to: str) -> tuple[str, str]:
    """(normalised recipient, problem): the problem is a readable reason when there is no usable address."""
    country = (customer.country if customer else "") or ShopProfile.get().country
    if channel == Channel.EMAIL:
        raw, what = to or (customer.email if customer else ""), _("e-mail address")
    elif channel == Channel.SMS:
        raw, what = to or (customer.mobile if customer else ""), _("mobile number")
    else:
        raw, what = to or (customer.fax if customer else ""), _("fax number")
    if not raw:
        return "", _("No %(what)s is on record.") % {"what": what}
    try:
        if channel == Channel.EMAIL:
            return normalise_email(raw), ""
        return normalise_phone(raw, country, mobile=channel == Channel.SMS), ""
    except ValidationError as error:
        return raw[:254], _("The %(what)s %(value)s is not valid: %(reason)s") % {
            "what": what,
            "value": raw,
            "reason": " ".join(error.messages),
        }


def _email_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


@dataclass
class Draft:
    """A message rendered and decided (queued, or suppressed with the reasons), not yet written."""

    message: Message
    attachments: list  # (filename, content_type, bytes)


def draft_message(
    kind: str,
    *,
    channel: str,
    customer=None,
    to: str = "",
    work_order=None,
    language: str | None = None,
    context: dict | None = None,
    dedupe_key: str | None = None,
    send_after: datetime | None = None,
    attachments=(),
    reply_to: str = "",
    unsubscribe_url: str = "",
    created_by=None,
    resend_of: Message | None = None,
    content: rendering.Rendered | None = None,
    template: tuple[str, str] | None = None,
    opt_outs: dict[tuple[str, str], str] | None = None,
    purpose=None,
    kind_opt_outs: dict[int, str] | None = None,
) -> Draft:
    """Render one message and decide its state, without writing anything.

    `attachments` are (filename, content_type, bytes). `content` skips rendering (used by resend).
    `template` is a (subject, body) rendered instead of the stored template (e.g. a region's own
    wording). `opt_outs`: the reasons found in advance by suppressions.reasons_not_to_send() for many
    messages; None looks this message's recipient up. `kind_opt_outs`: likewise, the customers who
    unsubscribed from this kind (optouts.kind_opt_out_reasons()); recurring kinds only. `purpose`: the
    object the message is about (purposes.py checks at send time that it still holds; e.g. the
    estimate version announced)."""
    if customer is None and work_order is not None:
        customer = work_order.customer
    language = language or (customer.language if customer else "") or ShopProfile.get().default_language
    reasons = []
    if content is None:
        content = _render(kind, channel, language, customer, work_order, context, template, reasons)
    recipient = _recipient(channel, customer, to, opt_outs, reasons)
    if customer is not None and kind in KINDS and KINDS[kind].periodic:
        _unsubscribed(kind, customer, kind_opt_outs, reasons)
        if channel == Channel.EMAIL and not unsubscribe_url:
            unsubscribe_url = links.unsubscribe_url(customer.pk, kind)
    segments, encoding = _segments(channel, content.text, reasons)
    attachments = list(attachments)
    _check_attachments(channel, attachments, reasons)

    now = timezone.now()
    send_after = send_after or now
    message = Message(
        kind=kind,
        channel=channel,
        customer=customer,
        work_order=work_order,
        purpose=purpose,
        recipient=recipient,
        language=language,
        subject=content.subject,
        body_text=content.text,
        body_html=content.html,
        reply_to=reply_to,
        unsubscribe_url=unsubscribe_url,
        dedupe_key=dedupe_key or uuid.uuid4().hex,
        send_after=send_after,
        next_attempt_at=send_after,
        segments=segments,
        encoding=encoding,
        provider_id=make_msgid(domain=_email_domain()) if channel != Channel.SMS else "",
        created_by=created_by,
        resend_of=resend_of,
        created_at=now,
    )
    if reasons:
        transition(message, Message.State.SUPPRESSED, state_reason=" ".join(reasons), next_attempt_at=None)
    return Draft(message, attachments)


# The steps of draft_message. Each appends the readable reasons it finds not to send to `reasons`,
# in the order staff read them: the template, the address, the length, the attachments.


def _render(kind, channel, language, customer, work_order, context, template, reasons) -> rendering.Rendered:
    """The message's content from the stored template (or `template`) and the placeholders."""
    values = customer_context(customer)
    if work_order is not None:
        values.update(work_order_context(work_order, language))
    values.update(context or {})
    try:
        with override(language):
            subject, body = template or (None, None)
            return rendering.render(kind, channel, language, values, subject=subject, body=body)
    except Exception as error:  # a stored template that no longer renders must not lose the message
        logger.exception("Template %s/%s/%s failed", kind, channel, language)
        reasons.append(_("The template could not be rendered: %(error)s") % {"error": error})
        return rendering.Rendered("", "", "")


def _recipient(channel: str, customer, to: str, opt_outs, reasons: list) -> str:
    """The normalised recipient; a missing or invalid address or an opt-out is a reason."""
    recipient, problem = resolve_recipient(channel, customer, to)
    if problem:
        reasons.append(problem)
    elif reason := (
        reason_not_to_send(channel, recipient) if opt_outs is None else opt_outs.get((channel, recipient), "")
    ):
        reasons.append(reason)
    return recipient


def _unsubscribed(kind: str, customer, kind_opt_outs, reasons: list) -> None:
    """The customer unsubscribed from this kind of recurring mail: a reason."""
    found = kind_opt_outs if kind_opt_outs is not None else kind_opt_out_reasons([customer.pk], kind)
    if reason := found.get(customer.pk):
        reasons.append(reason)


def _segments(channel: str, text: str, reasons: list) -> tuple[int | None, str]:
    """(segments, encoding) of a text message, (None, "") for other channels; too many is a reason."""
    if channel != Channel.SMS:
        return None, ""
    segments, encoding = count_segments(text)
    if segments > settings.SMS_MAX_SEGMENTS:
        reasons.append(
            _("The text needs %(count)d SMS segments; at most %(limit)d are sent.")
            % {"count": segments, "limit": settings.SMS_MAX_SEGMENTS}
        )
    return segments, encoding


def _check_attachments(channel: str, attachments: list, reasons: list) -> None:
    """Attachments over the size limit, and a fax without its PDF or gateway, are reasons."""
    total_size = sum(len(data) for _name, _type, data in attachments)
    if total_size > settings.MESSAGE_ATTACHMENTS_MAX_BYTES:
        reasons.append(
            _("The attachments are %(size)d bytes; the limit is %(limit)d.")
            % {"size": total_size, "limit": settings.MESSAGE_ATTACHMENTS_MAX_BYTES}
        )
    if channel == Channel.FAX:
        if not settings.FAX_GATEWAY and settings.EMAIL_URL_SET:
            reasons.append(_("No fax gateway is configured (FAX_GATEWAY)."))
        if not attachments:
            reasons.append(_("A fax needs a PDF to send."))


@transaction.atomic
def queue_message(kind: str, *, dedupe_key: str | None = None, **options) -> Message:
    """Write one message (queued, or suppressed with the reason) and wake a worker. The arguments
    are draft_message's; `dedupe_key`: the same key twice gives the first message back and creates
    nothing."""
    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    draft = draft_message(kind, dedupe_key=dedupe_key, **options)
    message = draft.message
    try:
        with transaction.atomic():  # a savepoint: a concurrent insert of the same key is not an error
            message.save(force_insert=True)
    except IntegrityError:
        if dedupe_key and (existing := Message.objects.filter(dedupe_key=dedupe_key).first()):
            return existing
        raise
    _save_attachments([draft])
    if message.state == Message.State.QUEUED:
        wake_worker(message.send_after)
    return message


STAFF_MESSAGE_KIND = "workorder.message"
STAFF_MESSAGE_CHANNELS = (Channel.EMAIL, Channel.SMS)
STAFF_MESSAGE_MAX_LENGTH = 1000


@transaction.atomic
def send_staff_message(work_order, *, channel: str, text: str, by) -> Message:
    """A free message from the shop to a work order's customer ("Message from staff": the text with
    the template's greeting and signature), through the outbox. `by` is the Actor who wrote it (a
    staff member, or an integration). A message that cannot be sent is still written, as
    `suppressed` with the reason (the caller tells the writer)."""
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["message"] = _("Write a message.")
    elif len(text) > STAFF_MESSAGE_MAX_LENGTH:
        errors["message"] = _("Use at most %(limit)d characters.") % {"limit": STAFF_MESSAGE_MAX_LENGTH}
    if channel not in STAFF_MESSAGE_CHANNELS:
        errors["channel"] = _("Choose e-mail or text message.")
    if errors:
        raise ValidationError(errors)
    return queue_message(
        STAFF_MESSAGE_KIND,
        channel=channel,
        work_order=work_order,
        context={"message": text},
        created_by=by.user,
        purpose=work_order,
    )


def queue_messages(drafts: list[Draft]) -> list[Message]:
    """Write many drafted messages with a few statements, in the caller's transaction, and wake a
    worker once: queue_message for a batch. Returns the messages in the drafts' order; a draft whose
    dedupe key exists already gives that message back. A message with the same key inserted by
    another transaction meanwhile raises IntegrityError (the caller's transaction is then spoilt:
    it rolls back and can queue one by one)."""
    keys = [draft.message.dedupe_key for draft in drafts]
    existing = {message.dedupe_key: message for message in Message.objects.filter(dedupe_key__in=keys)}
    new, seen = [], set()
    for draft in drafts:
        key = draft.message.dedupe_key
        if key not in existing and key not in seen:
            new.append(draft)
            seen.add(key)
    Message.objects.bulk_create([draft.message for draft in new])
    _save_attachments(new)
    now = timezone.now()
    due = {max(d.message.send_after, now) for d in new if d.message.state == Message.State.QUEUED}
    for run_after in sorted(due):  # one wake-up for all that are due now
        wake_worker(run_after)
    written = {draft.message.dedupe_key: draft.message for draft in new}
    return [existing.get(key) or written[key] for key in keys]


def _save_attachments(drafts: list[Draft]) -> None:
    MessageAttachment.objects.bulk_create(
        MessageAttachment(
            message=draft.message, filename=name, content_type=content_type, content=data, size=len(data)
        )
        for draft in drafts
        for name, content_type, data in draft.attachments
    )


@transaction.atomic
def queue_webhook(*, url: str, body: str, dedupe_key: str, purpose, created_by=None) -> Message:
    """A webhook delivery (api/webhooks) in the outbox: the event's JSON as `body_text`, sent by the
    webhook transport with the signature of its moment. No customer and no work order: it is none of
    theirs, and appears only in its endpoint's log."""
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    message = Message(
        kind="webhook",
        channel=Channel.WEBHOOK,
        recipient=url[:254],
        language=settings.LANGUAGE_CODE[:2],
        body_text=body,
        dedupe_key=dedupe_key,
        purpose=purpose,
        created_by=created_by,
        send_after=now,
        next_attempt_at=now,
    )
    message.save(force_insert=True)
    wake_worker(message.send_after)
    return message


@transaction.atomic
def resend(message: Message, *, by) -> Message:
    """A new message with the same content, linked to the original, to the customer's current
    address for the channel (it may have been corrected since)."""
    attachments = [(a.filename, a.content_type, bytes(a.content)) for a in message.attachments.all()]
    number = message.resends.count() + 1
    return queue_message(
        message.kind,
        channel=message.channel,
        customer=message.customer,
        to="" if message.customer else message.recipient,
        work_order=message.work_order,
        language=message.language,
        dedupe_key=f"{message.dedupe_key}:resend:{number}"[:200],
        attachments=attachments,
        reply_to=message.reply_to,
        unsubscribe_url=message.unsubscribe_url,
        created_by=by,
        resend_of=message,
        purpose=message.purpose,
        content=rendering.Rendered(message.subject, message.body_text, message.body_html),
    )


@transaction.atomic
def cancel(message: Message, *, by) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    transition(
        message,
        Message.State.CANCELLED,
        next_attempt_at=None,
        state_reason=_("Cancelled by %(name)s.") % {"name": str(by)},
    )
    message.save(update_fields=["state", "next_attempt_at", "state_reason"])
    return message


@transaction.atomic
def mark_delivered(message: Message, *, at: datetime | None = None) -> Message:
    """The provider confirmed delivery (e.g. an SMS status callback)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state == Message.State.DELIVERED:
        return message
    transition(message, Message.State.DELIVERED, delivered_at=at or timezone.now())
    message.save(update_fields=["state", "delivered_at"])
    return message


@transaction.atomic
def mark_bounced(message: Message, *, reason: str) -> Message:
    """The provider reported that the message did not arrive after all."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.state == Message.State.BOUNCED:
        return message
    transition(message, Message.State.BOUNCED, state_reason=reason[:2000], failed_at=timezone.now())
    message.save(update_fields=["state", "state_reason", "failed_at"])
    return message


@transaction.atomic
def save_template(kind: str, channel: str, language: str, *, subject: str, body: str, by) -> MessageTemplate:
    """Store the shop's own wording after checking it (syntax, placeholders, tags, filters)."""
    rendering.check_template(kind, channel, subject, body)
    template, _created = MessageTemplate.objects.update_or_create(
        kind=kind,
        channel=channel,
        language=language,
        defaults={
            "subject": subject.strip() if channel == Channel.EMAIL else "",
            "body": body.strip(),
            "updated_by": by,
        },
    )
    return template


@transaction.atomic
def reset_template(kind: str, channel: str, language: str) -> None:
    """Go back to the shipped default."""
    MessageTemplate.objects.filter(kind=kind, channel=channel, language=language).delete()
