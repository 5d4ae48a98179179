"""The messages about an inspection (diagnostic overview).

**The link to answer it** ("inspection.ready"): when staff send an inspection
(inspections.signals.inspection_sent), each address staff chose gets one message, by e-mail or text
message, in the customer's language, with the secret link to the inspection's page. The receiver
runs in the transaction of the send: a rolled-back send sends nothing. It is a message staff asked
for, so the region's client-notification rules do not apply; opt-outs and suppressed addresses do.
Each send of a version goes to each address once (the dedupe key: version, address and how many
times staff sent this version to it, from the communication log). A text
message that would go out between 21:00 and 08:00 waits for the morning. Before it goes out,
purposes.py checks that the version is still the current one, not answered yet, and that its link
still works.

**The reminder of declined work** ("inspection.declined_work_reminder"): when the customer answers
an inspection (inspections.signals.inspection_answered) and declined items ("don't repair", "do not
agree") or asked to be contacted about them (answers kept from an earlier version count), one
reminder is queued for
ShopProfile.declined_work_reminder_days days later (0: never), at the same local time, in the
customer's language and by their channel, listing those items with their prices where the location
shows them. It is a recurring kind of mail (`periodic`): the e-mail carries List-Unsubscribe, and a
customer who unsubscribed from it, or switched notifications off, gets none. Before it goes out,
purposes.py cancels it when every such item has been authorised since (on this inspection, or on a
later one of the same unit that offered it again), or when the customer answered a later version
(whose own reminder replaces it). When it has gone out, the inspection's
communication log records an Event(REMINDED) (messaging.signals.message_sent).
"""

import logging

from django.utils import timezone, translation
from django.utils.translation import ngettext

from fixloop.core.actor import Actor
from fixloop.core.formats import date_text
from fixloop.estimates.money import Amounts
from fixloop.estimates.presentation import with_vat_basis
from fixloop.inspections import queries, signals
from fixloop.inspections.models import Category, Event, Inspection, InspectionVersion
from fixloop.inspections.queries import OPEN_CHOICES
from fixloop.inspections.services import reminders as inspection_reminders
from fixloop.messaging import services
from fixloop.messaging import signals as messaging_signals
from fixloop.messaging.estimates import channel_for
from fixloop.messaging.kinds.inspections import READY, REMINDER
from fixloop.messaging.models import Channel, Message, RegionNotifications
from fixloop.messaging.notifications import days_later, daytime
from fixloop.portal import inspection_links
from fixloop.shop.models import ShopProfile

logger = logging.getLogger(__name__)


def connect() -> None:
    """Listen to the inspection signals and to sent messages (called once from MessagingConfig.ready)."""
    signals.inspection_sent.connect(on_inspection_sent, dispatch_uid="fixloop.messaging.inspections.sent")
    signals.inspection_answered.connect(
        on_inspection_answered, dispatch_uid="fixloop.messaging.inspections.answered"
    )
    messaging_signals.message_sent.connect(
        on_message_sent, dispatch_uid="fixloop.messaging.inspections.reminded"
    )


def _region_settings(customer) -> RegionNotifications | None:
    if customer.region_id is None:
        return None
    return RegionNotifications.objects.filter(region_id=customer.region_id).first()


def _reply_to(customer, work_order) -> str:
    region_settings = _region_settings(customer)
    return (region_settings.reply_to if region_settings is not None else "") or work_order.location.email


# ----------------------------------------------------------------------------- the link to answer


def summary_text(version: InspectionVersion) -> str:
    """What the version shows, counted by category: "2 necessary repairs, 1 recommended, …"."""
    counts = {category: 0 for category in Category.values}
    for item in version.content.get("items", []):
        if item.get("category") in counts:
            counts[item["category"]] += 1
    wordings = {
        Category.SCHEDULED: lambda n: ngettext(
            "%(count)d scheduled service", "%(count)d scheduled services", n
        ),
        Category.NECESSARY: lambda n: ngettext(
            "%(count)d necessary repair", "%(count)d necessary repairs", n
        ),
        Category.RECOMMENDED: lambda n: ngettext("%(count)d recommended", "%(count)d recommended", n),
        Category.OK: lambda n: ngettext("%(count)d checked and OK", "%(count)d checked and OK", n),
    }
    return ", ".join(
        wordings[category](count) % {"count": count} for category, count in counts.items() if count
    )


def on_inspection_sent(sender, inspection, version, link, recipients, by=None, **kwargs):
    by = by or Actor.system("messaging")
    for channel, address in recipients:
        send_link(inspection, version, link, channel=channel, address=address, by=by)


def send_link(
    inspection: Inspection, version: InspectionVersion, link, *, channel: str, address: str, by: Actor
) -> Message:
    """Queue the message with the link to the inspection's page to one address staff chose."""
    work_order = inspection.work_order
    customer = work_order.customer
    language = customer.language or ShopProfile.get().default_language
    with translation.override(language):
        context = {
            "inspection_link": inspection_links.url_of(link) or "",
            "inspection_version": str(version.number),
            "inspection_summary": summary_text(version),
            "link_valid_until": date_text(
                timezone.localtime(link.expires_at, work_order.location.zone).date()
            ),
        }
    channel = Channel.SMS if channel == Channel.SMS else Channel.EMAIL
    # One message per send of the version to the address: the same signal heard twice sends once,
    # staff sending the same version to the same address again (a lost message) send it again.
    sends = Event.objects.filter(
        inspection=inspection, version=version.number, kind=Event.Kind.SENT, channel=channel, address=address
    ).count()
    return services.queue_message(
        READY,
        channel=channel,
        customer=customer,
        to=address,
        work_order=work_order,
        language=language,
        context=context,
        dedupe_key=f"{READY}:{version.pk}:{channel}:{address}:{sends}"[:200],
        purpose=version,
        reply_to=_reply_to(customer, work_order),
        send_after=daytime(timezone.now(), work_order.location.zone) if channel == Channel.SMS else None,
        created_by=by.user,
    )


# ----------------------------------------------------------------------------- the reminder


def open_items_text(version: InspectionVersion, item_ids) -> str:
    """The items, one a line, as the version showed them to the customer: with the price (and
    whether it includes VAT) where the location shows prices."""
    content = version.content
    including = content.get("prices_include_vat", True)
    lines = []
    for item in content.get("items", []):
        if item.get("id") not in item_ids:
            continue
        line = f"- {item['description']}"
        if content.get("show_prices", True) and item.get("amounts"):
            amount = Amounts.from_dict(item["amounts"]).shown(including)
            line += f": {with_vat_basis(amount, content.get('currency', ''), including)}"
        lines.append(line)
    return "\n".join(lines)


def open_item_ids(inspection: Inspection) -> list[int]:
    """The items whose current answer (this version's, or one kept from an earlier version for an
    unchanged item) leaves work open, and that staff have not authorised."""
    return sorted(
        answer.item_id
        for answer in queries.current_answers(inspection).values()
        if answer.choice in OPEN_CHOICES
        and answer.item.removed_at is None
        and answer.item.authorised is not True
    )


def on_inspection_answered(sender, inspection, version, answers, by=None, **kwargs):
    remind_of_declined_work(inspection, version)


def remind_of_declined_work(inspection: Inspection, version: InspectionVersion) -> Message | None:
    """Queue the reminder of the items the customer declined or wants to talk about; None when
    there are none, the shop sends no reminders, or the customer switched notifications off."""
    days = ShopProfile.get().declined_work_reminder_days
    item_ids = open_item_ids(inspection)
    work_order = inspection.work_order
    customer = work_order.customer
    if not days or not item_ids or not customer.notifications_enabled:
        return None
    language = customer.language or ShopProfile.get().default_language
    zone = work_order.location.zone
    answered_at = version.answered_at or timezone.now()
    channel = channel_for(customer)
    if channel == Channel.FAX:  # a reminder has no document to fax
        channel = Channel.EMAIL
    with translation.override(language):
        context = {
            "declined_items": open_items_text(version, set(item_ids)),
            "inspection_date": date_text(timezone.localtime(answered_at, zone).date()),
            "days_since_answered": str(days),
        }
    send_after = days_later(answered_at, days, zone)
    if channel == Channel.SMS:
        send_after = daytime(send_after, zone)
    return services.queue_message(
        REMINDER,
        channel=channel,
        customer=customer,
        work_order=work_order,
        language=language,
        context=context,
        dedupe_key=f"{REMINDER}:{version.pk}",
        purpose=version,
        reply_to=_reply_to(customer, work_order),
        send_after=send_after,
    )


def on_message_sent(sender, message, **kwargs):
    """A reminder went out: the inspection's communication log says so."""
    if message.kind != REMINDER or not isinstance(message.purpose, InspectionVersion):
        return
    version = message.purpose
    inspection_reminders.record_reminder(
        version.inspection,
        version=version.number,
        channel=message.channel,
        address=message.recipient,
        at=message.sent_at,
    )
