"""Is a queued message still true? Every message knows what it is about (Message.purpose: the
estimate version it announces, the booking step it answers, the invitation it carries, …). Just
before the worker sends it, `stale_reason()` asks the check registered for its kind whether that
still holds; when it does not (the estimate was decided or replaced, the link revoked, the work
order closed, the booking request withdrawn, …) delivery.py cancels the message with the reason,
which staff read on the message, in the deliveries log and on the work order.

One registry for every kind: `CHECKS` maps a message kind to a function that returns "" while the
message is true and the reason once it is not. Kinds that report a fact that stays true (a
rejection, a withdrawal, a question asked) are listed in `STAYS_TRUE`; every kind is in one of the
two (tests/messaging/test_purposes.py says so), so a new kind has to decide.

The reasons are written in the shop's default language, the language of the back office.
"""

import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fixloop.bookings.models import BookingStep, EmailConfirmation
from fixloop.customers.models import ContactChange, PortalInvitation
from fixloop.estimates.models import Estimate, EstimateVersion
from fixloop.estimates.services import links as approval_links
from fixloop.inspections import queries as inspection_queries
from fixloop.inspections.models import Inspection, InspectionItem, InspectionVersion
from fixloop.inspections.services import links as inspection_links
from fixloop.invoicing.models import Invoice, InvoiceRevision
from fixloop.invoicing.services import links as invoice_links
from fixloop.messaging.models import Message
from fixloop.messaging.optouts import kind_opt_out_reasons
from fixloop.repairs import tracking
from fixloop.repairs.models import Phase, ServiceRequest, Status
from fixloop.shop.models import ShopProfile

Check = Callable[[Message], str]
CHECKS: dict[str, Check] = {}

# Kinds whose message reports something that happened and stays true, so nothing can overtake it.
STAYS_TRUE = {
    "service_request.rejected",  # a rejection is final (bookings/machine.py)
    "booking.declined",  # as final as the rejection it tells of
    "staff_alert.booking_withdrawn",
    "staff_alert.estimate_decided",
    "staff_alert.contact_changed",
    "staff_alert.contact_change_reported",
    "staff_alert.question_asked",
    "webhook",  # an event that happened (api/webhooks): its receiver hears of it whatever follows
    # An issued invoice or credit note stays a true document: a later credit note corrects it by
    # being sent itself, it does not withdraw the invoice's message.
    "invoice.sent",
    "credit_note.sent",
    "staff_alert.invoice_authorised",  # an authorised invoice is final
    "staff_alert.inspection_answered",  # a submitted answer is final (a new version is answered anew)
}


def checks(*kinds: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of `kinds`."""

    def register(check: Check) -> Check:
        for kind in kinds:
            CHECKS[kind] = check
        return check

    return register


def stale_reason(message: Message) -> str:
    """Why the message is no longer true, or "" when it may go out."""
    check = CHECKS.get(message.kind)
    if check is None:
        return ""
    with translation.override(ShopProfile.get().default_language):
        return check(message)


def _when(moment: datetime) -> str:
    """A moment in the shop's time zone, as the back office shows it."""
    zone = zoneinfo.ZoneInfo(ShopProfile.get().time_zone)
    return formats.date_format(timezone.localtime(moment, zone), "SHORT_DATETIME_FORMAT")


def _purpose(message: Message, model):
    """The object the message is about, if it is a `model` and still exists."""
    purpose = message.purpose if message.purpose_id is not None else None
    return purpose if isinstance(purpose, model) else None


# ----------------------------------------------------------------------------- shared checks


def closed_since_queued(message: Message) -> str:
    """A message about an open work order that was closed or cancelled after it was queued."""
    work_order = message.work_order
    if work_order is None or work_order.closed_at is None or work_order.closed_at <= message.created_at:
        return ""
    values = {"number": work_order.number, "when": _when(work_order.closed_at)}
    if work_order.status.phase == Phase.CANCELLED:
        return _("Work order %(number)s was cancelled at %(when)s, before this went out.") % values
    return _("Work order %(number)s was closed at %(when)s, before this went out.") % values


def revoked_tracking_link(message: Message) -> str:
    """The tracking link the message carries was revoked after it was queued (or has expired)."""
    if message.work_order_id is None:
        return ""
    for link in message.work_order.tracking_links.filter(created_at__lte=message.created_at):
        token = tracking.token_of(link)
        if not token or token not in message.body_text:
            continue
        if link.revoked_at is not None:
            return _("The tracking link in this message was revoked at %(when)s.") % {
                "when": _when(link.revoked_at)
            }
        if not tracking.is_valid(link):
            return _("The tracking link in this message has expired.")
    return ""


def first_reason(message: Message, *reasons: Check) -> str:
    """The first reason one of the checks `reasons` finds, or ""."""
    for reason in reasons:
        if text := reason(message):
            return text
    return ""


# ----------------------------------------------------------------------------- work orders


@checks("workorder.opened", "service_request.accepted", "workorder.message")
def about_an_open_work_order(message: Message) -> str:
    return first_reason(message, closed_since_queued, revoked_tracking_link)


@checks("workorder.status_changed")
def status_still_current(message: Message) -> str:
    announced = _purpose(message, Status)
    work_order = message.work_order
    if announced is not None and work_order is not None and work_order.status_id != announced.pk:
        return _(
            "The work order's status changed from %(announced)s to %(current)s before this went out."
        ) % {"announced": announced.name(), "current": work_order.status.name()}
    return first_reason(message, closed_since_queued, revoked_tracking_link)


@checks("workorder.closed", "workorder.follow_up")
def still_closed(message: Message) -> str:
    work_order = message.work_order
    if work_order is not None and work_order.closed_at is None:
        return _("Work order %(number)s was reopened before this went out.") % {"number": work_order.number}
    return revoked_tracking_link(message)


# ----------------------------------------------------------------------------- estimates


@checks("estimate_ready")
def estimate_still_awaiting(message: Message) -> str:
    """The version the message asks to decide on is still the current one and still undecided, and
    its approval link still works."""
    version = _purpose(message, EstimateVersion)
    if version is None:
        return closed_since_queued(message)
    estimate = Estimate.objects.select_related("current_version").get(pk=version.estimate_id)
    values = {"number": version.number}
    if estimate.current_version_id != version.pk:
        values["new"] = estimate.current_version.number
        return _("Estimate version %(number)d was replaced by version %(new)d before this went out.") % values
    if estimate.state != Estimate.State.AWAITING:
        values["state"] = estimate.get_state_display()
        decided = version.decisions.order_by("-decided_at").values_list("decided_at", flat=True).first()
        if decided is not None:
            values["when"] = _when(decided)
            return (
                _(
                    "The customer decided on estimate version %(number)d (%(state)s) at %(when)s, "
                    "before this went out."
                )
                % values
            )
        return _("Estimate version %(number)d is no longer awaiting a decision (%(state)s).") % values
    for link in estimate.links.filter(created_at__lte=message.created_at, revoked_at__gt=message.created_at):
        token = approval_links.token_of(link)
        if token and token in message.body_text:
            return _("The estimate link in this message was revoked at %(when)s.") % {
                "when": _when(link.revoked_at)
            }
    return first_reason(message, closed_since_queued, revoked_tracking_link)


@checks("staff_alert.estimate_disputed")
def dispute_still_open(message: Message) -> str:
    estimate = _purpose(message, Estimate)
    if estimate is not None and estimate.state != Estimate.State.DISPUTED:
        return _("The dispute is over: the estimate is now “%(state)s”.") % {
            "state": estimate.get_state_display()
        }
    return ""


# ----------------------------------------------------------------------------- invoices


@checks("invoice.authorisation_requested")
def invoice_still_waiting(message: Message) -> str:
    """The revision the message asks to authorise is still the current one and still waiting for the
    customer, and the link it carries still works."""
    revision = _purpose(message, InvoiceRevision)
    if revision is None:
        return closed_since_queued(message)
    invoice = Invoice.objects.get(pk=revision.invoice_id)
    values = {"number": revision.number, "state": invoice.get_state_display()}
    if invoice.revision != revision.number:
        values["new"] = invoice.revision
        return (
            _("Invoice revision %(number)d was replaced by revision %(new)d before this went out.") % values
        )
    if invoice.state != Invoice.State.SUBMITTED:
        return _("Invoice revision %(number)d is no longer waiting for the customer (%(state)s).") % values
    for link in invoice.links.filter(created_at__lte=message.created_at, revoked_at__isnull=False):
        token = invoice_links.token_of(link)
        if token and token in message.body_text:
            return _("The invoice link in this message was revoked at %(when)s.") % {
                "when": _when(link.revoked_at)
            }
    return ""


@checks("staff_alert.invoice_disputed")
def invoice_dispute_still_open(message: Message) -> str:
    invoice = _purpose(message, Invoice)
    if invoice is not None and invoice.state != Invoice.State.DISPUTED:
        return _("The dispute is over: the invoice is now “%(state)s”.") % {
            "state": invoice.get_state_display()
        }
    return ""


# ----------------------------------------------------------------------------- inspections


@checks("inspection.ready")
def inspection_still_to_answer(message: Message) -> str:
    """The version the message asks to answer is still the current one and not answered yet, and
    the link it carries still works."""
    version = _purpose(message, InspectionVersion)
    if version is None:
        return closed_since_queued(message)
    inspection = Inspection.objects.get(pk=version.inspection_id)
    values = {"number": version.number}
    if inspection.version != version.number:
        values["new"] = inspection.version
        return (
            _("Inspection version %(number)d was replaced by version %(new)d before this went out.") % values
        )
    if version.answered_at is not None:
        values["when"] = _when(version.answered_at)
        return (
            _("The customer answered inspection version %(number)d at %(when)s, before this went out.")
            % values
        )
    for link in inspection.links.filter(created_at__lte=message.created_at):
        token = inspection_links.token_of(link)
        if not token or token not in message.body_text:
            continue
        if link.revoked_at is not None:
            return _("The inspection link in this message was revoked at %(when)s.") % {
                "when": _when(link.revoked_at)
            }
        if not link.usable:
            return _("The inspection link in this message has expired.")
    return closed_since_queued(message)


def still_open_items(version: InspectionVersion) -> list[InspectionItem]:
    """The items of the version's inspection the customer declined or wants to talk about (their
    current answers) for which no work has been authorised since: neither the item itself nor an item
    that offered it again on a later inspection of the unit (carried_from, at any depth)."""
    items = [
        answer.item
        for answer in inspection_queries.current_answers(version.inspection).values()
        if answer.choice in inspection_queries.OPEN_CHOICES and answer.item.removed_at is None
    ]
    done = {item.pk for item in items if item.authorised}
    # Follow each open item through the inspections that offered it again (a chain: a few queries).
    frontier = {item.pk: item.pk for item in items if not item.authorised}
    while frontier:
        later = InspectionItem.objects.filter(carried_from_id__in=frontier, removed_at__isnull=True)
        following = {}
        for item in later.only("pk", "carried_from_id", "authorised"):
            origin = frontier[item.carried_from_id]
            if item.authorised:
                done.add(origin)
            else:
                following[item.pk] = origin
        frontier = {pk: origin for pk, origin in following.items() if origin not in done}
    return [item for item in items if item.pk not in done]


@checks("inspection.declined_work_reminder")
def declined_work_still_open(message: Message) -> str:
    """Some of the work the reminder offers is still not authorised, and the customer still wants
    such mail."""
    customer = message.customer
    if customer is not None:
        if not customer.notifications_enabled:
            return _("Notifications are switched off for the customer %(customer)s.") % {
                "customer": customer.name
            }
        if reason := kind_opt_out_reasons([customer.pk], message.kind).get(customer.pk):
            return reason
    version = _purpose(message, InspectionVersion)
    if version is None:
        return ""
    later = (
        InspectionVersion.objects.filter(
            inspection_id=version.inspection_id, number__gt=version.number, answered_at__isnull=False
        )
        .order_by("-number")
        .first()
    )
    if later is not None:
        return _(
            "The customer answered version %(number)d of the inspection later; the reminder of that answer "
            "replaces this one."
        ) % {"number": later.number}
    if not still_open_items(version):
        return _("All the work this reminder offers has been authorised since it was queued.")
    return ""


# ----------------------------------------------------------------------------- booking requests


def _request_state(request: ServiceRequest) -> str:
    return _("The booking request is now “%(state)s”.") % {"state": request.get_state_display()}


@checks("booking.confirm_email")
def confirmation_still_open(message: Message) -> str:
    confirmation = _purpose(message, EmailConfirmation)
    if confirmation is None:
        return ""
    if confirmation.used_at is not None:
        return _("The e-mail address was confirmed at %(when)s, before this went out.") % {
            "when": _when(confirmation.used_at)
        }
    if confirmation.request.state != ServiceRequest.State.UNCONFIRMED:
        return _request_state(confirmation.request)
    if confirmation.expires_at <= timezone.now():
        return _("The confirmation link in this message has expired.")
    return ""


@checks("booking.suggested")
def suggestion_still_open(message: Message) -> str:
    """The customer is asked to answer the shop's suggested times: only while the request waits for
    them and no later suggestion replaced these."""
    step = _purpose(message, BookingStep)
    if step is None:
        return ""
    request = step.request
    if request.state != ServiceRequest.State.WAITING_CUSTOMER:
        return (
            _request_state(request) + " " + _("The times suggested in this message need no answer any more.")
        )
    later = request.booking_steps.filter(kind=BookingStep.Kind.SUGGESTED, pk__gt=step.pk).exists()
    if later:
        return _("The shop suggested other times after these, before this went out.")
    return ""


@checks("booking.confirmed")
def appointment_still_on(message: Message) -> str:
    step = _purpose(message, BookingStep)
    if step is not None and step.request.state != ServiceRequest.State.ACCEPTED:
        return _request_state(step.request)
    return closed_since_queued(message)


@checks("staff_alert.booking_requested", "staff_alert.booking_answered")
def request_still_waits_for_the_shop(message: Message) -> str:
    request = _purpose(message, ServiceRequest)
    waiting = (ServiceRequest.State.PENDING, ServiceRequest.State.WAITING_SHOP)
    if request is not None and request.state not in waiting:
        return _request_state(request) + " " + _("Nobody needs to answer it any more.")
    return ""


# ----------------------------------------------------------------------------- customers and the portal


@checks("customer.contact_changed")
def change_still_reportable(message: Message) -> str:
    change = _purpose(message, ContactChange)
    if change is None:
        return ""
    if change.reported_at is not None:
        return _("The change was already reported as not the customer's at %(when)s.") % {
            "when": _when(change.reported_at)
        }
    if change.expires_at <= timezone.now():
        return _("The link to report the change has expired.")
    return ""


@checks("portal.invitation")
def invitation_still_open(message: Message) -> str:
    invitation = _purpose(message, PortalInvitation)
    if invitation is None:
        return ""
    if invitation.revoked_at is not None:
        return _("The invitation was withdrawn at %(when)s.") % {"when": _when(invitation.revoked_at)}
    if invitation.accepted_at is not None:
        return _("The invitation was already accepted at %(when)s.") % {"when": _when(invitation.accepted_at)}
    if invitation.expires_at <= timezone.now():
        return _("The invitation has expired.")
    return ""


def _older_than(message: Message, seconds: int) -> bool:
    return timezone.now() - message.created_at >= timedelta(seconds=seconds)


@checks("portal.sign_in_code")
def sign_in_code_still_valid(message: Message) -> str:
    if _older_than(message, settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT):
        return _("The sign-in code in this message has expired.")
    return ""


@checks("portal.password_reset")
def reset_link_still_valid(message: Message) -> str:
    if _older_than(message, settings.PASSWORD_RESET_TIMEOUT):
        return _("The password reset link in this message has expired.")
    return ""


# ----------------------------------------------------------------------------- status reports


@checks("status_report")
def latest_report(message: Message) -> str:
    newer = (
        Message.objects.filter(
            kind=message.kind,
            customer_id=message.customer_id,
            channel=message.channel,
            created_at__gt=message.created_at,
        )
        .exclude(state__in=(Message.State.SUPPRESSED, Message.State.CANCELLED))
        .order_by("created_at")
        .first()
    )
    if newer is not None:
        return _("A newer status report for this customer was queued at %(when)s.") % {
            "when": _when(newer.created_at)
        }
    return ""
