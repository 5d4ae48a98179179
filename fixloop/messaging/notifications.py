"""Client notifications: the per-region rules applied to what happens to work orders and service
requests.

The receivers listen to the domain signals of repairs/signals.py (connected in apps.py) and run in
the transaction that made the change: a rolled-back change notifies nobody. For every event they
record one NotificationDecision: the message that was queued, or the first reason it was not. The
decision's key (and the message's dedupe key derived from it) makes each event notify once.

Who receives a notification: the work order's (or service request's) customer, when the customer's
region has client notifications switched on and the event active, the customer is not a head
office, has notifications switched on, and (for text messages) has given consent. A missing or
invalid address and an opt-out are found by queue_message, which writes the message as not sent
with the reason.

No spam: a status that comes back within the region's window is not notified again; an inactive or
internal status never notifies; text messages wait for 08:00 when they would go out between 21:00
and 08:00 in the location's time zone; the follow-up (queued at closing, due N days later) and a
closing message still waiting are cancelled when the work order is reopened.
"""

import logging
import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fixloop.core.formats import datetime_text
from fixloop.customers.models import CustomerAccount
from fixloop.documents.pdf import PDF_TYPE, DocumentError, report_filename, work_order_report
from fixloop.messaging import services
from fixloop.messaging.context import work_order_context
from fixloop.messaging.models import (
    DUE_STATES,
    Channel,
    Event,
    Message,
    NotificationDecision,
    NotificationRule,
    RegionNotifications,
)
from fixloop.repairs import signals
from fixloop.repairs.models import Phase, ServiceRequest, Status, WorkOrder
from fixloop.shop.models import Location, ShopProfile

logger = logging.getLogger(__name__)

DAY_STARTS = time(8)
NIGHT_STARTS = time(21)
# A message that went out (or will): it counts for the repeated-status window.
NOT_GONE_OUT = (Message.State.SUPPRESSED, Message.State.CANCELLED)


def connect() -> None:
    """Listen to the domain signals (called once from MessagingConfig.ready)."""
    for signal, receiver in (
        (signals.service_request_accepted, on_service_request_accepted),
        (signals.service_request_rejected, on_service_request_rejected),
        (signals.work_order_opened, on_work_order_opened),
        (signals.status_changed, on_status_changed),
        (signals.work_order_closed, on_work_order_closed),
        (signals.work_order_reopened, on_work_order_reopened),
    ):
        signal.connect(receiver, dispatch_uid=f"fixloop.messaging.notifications.{receiver.__name__}")


# ----------------------------------------------------------------------------- time


def daytime(moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """`moment`, or 08:00 local time after it when it falls between 21:00 and 08:00 in `zone`.
    The morning is a wall-clock time of that day, so a change to or from summer time that night
    does not shift it."""
    local = moment.astimezone(zone)
    if DAY_STARTS <= local.time() < NIGHT_STARTS:
        return moment
    day = local.date() if local.time() < DAY_STARTS else local.date() + timedelta(days=1)
    return datetime.combine(day, DAY_STARTS, tzinfo=zone)


def days_later(moment: datetime, days: int, zone: zoneinfo.ZoneInfo) -> datetime:
    """The same local time `days` days later (a 10:00 closing is followed up at 10:00, summer
    time or not)."""
    local = moment.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=days), local.time(), tzinfo=zone)


def _zone_of(location: Location | None) -> zoneinfo.ZoneInfo:
    location = location or Location.objects.filter(active=True).order_by("pk").first()
    return location.zone if location is not None else zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _local(moment: datetime, zone) -> str:
    return datetime_text(moment, zone)


# ----------------------------------------------------------------------------- who receives it


def _event_label(event: str) -> str:
    return str(Event(event).label)


def applicable_rule(event: str, customer: CustomerAccount, *, status: Status | None = None):
    """(rule, "") when the customer is to be notified of the event, else (None, the first reason
    why not)."""
    region = customer.region
    if region is None:
        return None, _("The customer %(customer)s has no region, so no client notifications apply.") % {
            "customer": customer.name
        }
    region_settings = RegionNotifications.objects.filter(region=region).first()
    if region_settings is None:
        return None, _("Client notifications are not set up for the customer's region %(region)s.") % {
            "region": region.name
        }
    if not region_settings.active:
        return None, _("Client notifications are switched off for the region %(region)s.") % {
            "region": region.name
        }
    rule = (
        NotificationRule.objects.filter(region_notifications=region_settings, event=event)
        .select_related("region_notifications")
        .first()
    )
    if rule is None or not rule.active:
        return None, _("The event “%(event)s” is switched off for the region %(region)s.") % {
            "event": _event_label(event),
            "region": region.name,
        }
    if status is not None:
        names = {"status": status.name(), "region": region.name}
        if not status.active:
            return None, _("The status %(status)s is no longer in use; it never notifies.") % names
        if not status.visible_to_customers:
            return None, _("The status %(status)s is not shown to customers; it never notifies.") % names
        if not rule.statuses.filter(pk=status.pk).exists():
            return None, _("The status %(status)s is not one the region %(region)s notifies.") % names
    if customer.branches.exists():
        return None, _(
            "%(customer)s is a head office; client notifications go to the accounts it groups, not to it."
        ) % {"customer": customer.name}
    if not customer.notifications_enabled:
        return None, _("Notifications are switched off for the customer %(customer)s.") % {
            "customer": customer.name
        }
    if customer.preferred_channel == Channel.SMS and customer.sms_consent_at is None:
        return None, _("%(customer)s prefers text messages, but no consent to receive them is recorded.") % {
            "customer": customer.name
        }
    return rule, ""


def _repeated_status(rule: NotificationRule, work_order: WorkOrder, status: Status, zone) -> str:
    hours = rule.region_notifications.flip_flop_hours
    if not hours:
        return ""
    earlier = (
        NotificationDecision.objects.filter(
            work_order=work_order,
            event=Event.STATUS_CHANGED,
            status=status,
            message__isnull=False,
            created_at__gte=timezone.now() - timedelta(hours=hours),
        )
        .exclude(message__state__in=NOT_GONE_OUT)
        .order_by("-created_at")
        .first()
    )
    if earlier is None:
        return ""
    return ngettext(
        "The customer was told about the status %(status)s at %(when)s; a status that comes back "
        "within %(hours)d hour is not notified again.",
        "The customer was told about the status %(status)s at %(when)s; a status that comes back "
        "within %(hours)d hours is not notified again.",
        hours,
    ) % {"status": status.name(), "when": _local(earlier.created_at, zone), "hours": hours}


def _links(rule: NotificationRule, work_order: WorkOrder | None, language: str) -> dict:
    """The region's own address for links: {{ portal_link }}, and tracking links that start with it."""
    base = rule.region_notifications.portal_url
    if not base:
        return {}
    values = {"portal_link": base}
    if work_order is not None:
        link = work_order_context(work_order, language).get("tracking_link", "")
        site = settings.SITE_URL.rstrip("/")
        if link.startswith(site + "/"):
            values["tracking_link"] = base.rstrip("/") + link[len(site) :]
    return values


# ----------------------------------------------------------------------------- deciding and queueing


def notify(
    event: str,
    *,
    key: str,
    customer: CustomerAccount,
    zone: zoneinfo.ZoneInfo,
    work_order: WorkOrder | None = None,
    service_request: ServiceRequest | None = None,
    status: Status | None = None,
    context: dict | None = None,
    send_after: datetime | None = None,
    refused: str = "",
) -> NotificationDecision:
    """Apply the customer's region's rule to one event and record the decision; `key` names the
    event (the same key twice records and sends nothing more). `refused`: a reason the caller
    already knows, recorded instead."""
    existing = NotificationDecision.objects.filter(key=key).select_related("message").first()
    if existing is not None:
        return existing
    decision = NotificationDecision(
        key=key, event=event, work_order=work_order, service_request=service_request, status=status
    )
    rule, reason = (None, refused) if refused else applicable_rule(event, customer, status=status)
    if rule is not None and status is not None and work_order is not None:
        reason = _repeated_status(rule, work_order, status, zone)
    if reason:
        decision.reason = reason
        decision.save(force_insert=True)
        return decision

    language = customer.language or ShopProfile.get().default_language
    channel = customer.preferred_channel
    values = {**(context or {}), **_links(rule, work_order, language)}
    attachments, notes = [], []
    if event == Event.WORK_ORDER_CLOSED and rule.attach_report and channel == Channel.EMAIL:
        try:
            attachments.append(
                (report_filename(work_order), PDF_TYPE, work_order_report(work_order, language))
            )
        except DocumentError as error:  # the customer still hears that the work is done
            logger.exception("The report of work order %s could not be rendered", work_order.pk)
            notes.append(
                _("Sent without the work-order report, which could not be made: %(error)s") % {"error": error}
            )
    if channel == Channel.SMS:
        send_after = daytime(send_after or timezone.now(), zone)
    decision.message = services.queue_message(
        event,
        channel=channel,
        customer=customer,
        work_order=work_order,
        language=language,
        context=values,
        dedupe_key=f"notification:{key}"[:200],
        send_after=send_after,
        attachments=attachments,
        reply_to=rule.region_notifications.reply_to,
        template=rule.own_wording(channel, language),
        # A status change is about the status announced; the others about their work order (or
        # the service request, when there is none).
        purpose=status or work_order or service_request,
    )
    decision.reason = " ".join(notes)
    decision.save(force_insert=True)
    return decision


def _cancel_pending(decisions, *, by, reason: str) -> None:
    """Cancel the decisions' messages that have not gone out yet; each decision says why."""
    for decision in decisions.filter(message__state__in=DUE_STATES).select_related("message"):
        services.cancel(decision.message, by=by)
        decision.reason, decision.changed_at = reason, timezone.now()
        decision.save(update_fields=["reason", "changed_at"])


# ----------------------------------------------------------------------------- receivers


def on_work_order_opened(sender, work_order, entry, **kwargs):
    notify(
        Event.WORK_ORDER_OPENED,
        key=f"{Event.WORK_ORDER_OPENED}:{work_order.pk}",
        customer=work_order.customer,
        work_order=work_order,
        zone=work_order.location.zone,
    )


def on_status_changed(sender, work_order, previous, entry, **kwargs):
    notify(
        Event.STATUS_CHANGED,
        key=f"{Event.STATUS_CHANGED}:{work_order.pk}:{entry.pk}",
        customer=work_order.customer,
        work_order=work_order,
        status=work_order.status,
        zone=work_order.location.zone,
        context={"previous_status": previous.customer_name(work_order.customer.language)},
    )


def on_work_order_closed(sender, work_order, entry, **kwargs):
    zone = work_order.location.zone
    refused = ""
    if work_order.status.phase == Phase.CANCELLED:
        refused = _(
            "The work order was cancelled (%(status)s): the closing message and the follow-up are for "
            "completed work only."
        ) % {"status": work_order.status.name()}
    notify(
        Event.WORK_ORDER_CLOSED,
        key=f"{Event.WORK_ORDER_CLOSED}:{work_order.pk}:{entry.pk}",
        customer=work_order.customer,
        work_order=work_order,
        zone=zone,
        refused=refused,
    )
    rule, _reason = applicable_rule(Event.FOLLOW_UP, work_order.customer)
    days = rule.follow_up_days if rule is not None else 0
    notify(
        Event.FOLLOW_UP,
        key=f"{Event.FOLLOW_UP}:{work_order.pk}:{entry.pk}",
        customer=work_order.customer,
        work_order=work_order,
        zone=zone,
        context={"days_since_closed": str(days)},
        send_after=days_later(work_order.closed_at, days, zone) if days else None,
        refused=refused,
    )


def on_work_order_reopened(sender, work_order, entry, **kwargs):
    who = entry.user or entry.actor_name or _("the system")
    _cancel_pending(
        NotificationDecision.objects.filter(
            work_order=work_order, event__in=[Event.WORK_ORDER_CLOSED, Event.FOLLOW_UP]
        ),
        by=who,
        reason=_("Cancelled: the work order was reopened by %(who)s at %(when)s before this went out.")
        % {"who": who, "when": _local(entry.created_at, work_order.location.zone)},
    )


def on_service_request_accepted(sender, service_request, work_order, **kwargs):
    decision = notify(
        Event.SERVICE_REQUEST_ACCEPTED,
        key=f"{Event.SERVICE_REQUEST_ACCEPTED}:{service_request.pk}",
        customer=service_request.customer,
        work_order=work_order,
        service_request=service_request,
        zone=work_order.location.zone,
    )
    if decision.message is not None and decision.message.state in DUE_STATES:
        # The acceptance says that the work order was opened: the customer needs only one of the two.
        _cancel_pending(
            NotificationDecision.objects.filter(
                key=f"{Event.WORK_ORDER_OPENED}:{work_order.pk}", work_order=work_order
            ),
            by=service_request.decided_by or _("the system"),
            reason=_(
                "Not sent: the customer gets the message that their service request was accepted instead."
            ),
        )


def leave_to_booking_message(service_request: ServiceRequest, *, by) -> None:
    """A booking request's confirmation or refusal has a message of its own (messaging/bookings.py,
    with the appointment and its calendar file): the notifications of the same step that have not
    gone out yet are cancelled, each decision saying why."""
    keys = [
        f"{Event.SERVICE_REQUEST_ACCEPTED}:{service_request.pk}",
        f"{Event.SERVICE_REQUEST_REJECTED}:{service_request.pk}",
    ]
    if service_request.work_order_id:
        keys.append(f"{Event.WORK_ORDER_OPENED}:{service_request.work_order_id}")
    _cancel_pending(
        NotificationDecision.objects.filter(key__in=keys),
        by=by or _("the system"),
        reason=_("Not sent: the customer gets the message about their booking request instead."),
    )


def on_service_request_rejected(sender, service_request, **kwargs):
    notify(
        Event.SERVICE_REQUEST_REJECTED,
        key=f"{Event.SERVICE_REQUEST_REJECTED}:{service_request.pk}",
        customer=service_request.customer,
        service_request=service_request,
        zone=_zone_of(service_request.preferred_location),
        context={"reason": service_request.rejection_reason},
    )
