"""Staff alerts: e-mails to members of staff about what customers did, each linking to the back-office
page to act on. Every member of staff chooses their events on the back office's "My alerts" page
(StaffAlertSubscription rows, saved by save_choices below) and the language of their alerts.

The listeners run in the transaction of the change (a rolled-back change alerts nobody) and queue
one message per subscriber through the outbox, kind "staff_alert.<event>" (kinds.py), at most once
per subscriber and event (the dedupe key). Nobody is alerted about what they did themselves (a
booking entered or a decision recorded by staff alerts the others). Staff without an e-mail address,
inactive accounts and users without a staff role get nothing. Alerts are not notifications: the
regions' rules do not apply, and they are not linked to a customer or work order (so that the
customer's page never lists them and "send again" can never send one to the customer).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fixloop.backoffice import booking_times
from fixloop.bookings import signals as booking_signals
from fixloop.bookings.models import BookingSlot, BookingStep
from fixloop.core.formats import money_text
from fixloop.estimates import signals as estimate_signals
from fixloop.estimates.models import Decision, DisputeMessage
from fixloop.inspections import signals as inspection_signals
from fixloop.inspections.models import Choice
from fixloop.invoicing import signals as invoice_signals
from fixloop.messaging import services
from fixloop.messaging.models import Channel, StaffAlertEvent, StaffAlertLanguage, StaffAlertSubscription
from fixloop.portal import links
from fixloop.repairs import signals as repair_signals
from fixloop.repairs.models import ServiceRequest
from fixloop.shop.models import LANGUAGE_CHOICES, ShopProfile, User

Event = StaffAlertEvent
ANSWERS = {
    BookingStep.Kind.ACCEPTED: Event.BOOKING_ANSWERED,
    BookingStep.Kind.COUNTERED: Event.BOOKING_ANSWERED,
}


def connect() -> None:
    """Listen to the domain signals (called once from MessagingConfig.ready)."""
    for signal, receiver in (
        (booking_signals.booking_requested, on_booking_requested),
        (booking_signals.booking_step, on_booking_step),
        (estimate_signals.estimate_decided, on_estimate_decided),
        (estimate_signals.dispute_message_added, on_dispute_message),
        (repair_signals.customer_details_corrected, on_contact_changed),
        (repair_signals.contact_details_changed, on_account_contact_changed),
        (repair_signals.customer_question_received, on_question),
        (invoice_signals.invoice_authorised, on_invoice_authorised),
        (invoice_signals.invoice_disputed, on_invoice_disputed),
        (inspection_signals.inspection_answered, on_inspection_answered),
    ):
        signal.connect(receiver, dispatch_uid=f"fixloop.messaging.staff_alerts.{receiver.__name__}")


# ----------------------------------------------------------------------------- choices


def choices_of(user) -> tuple[set[str], str]:
    """(the events the user chose, the language of their alerts; "" for the shop's default)."""
    events = set(StaffAlertSubscription.objects.filter(user=user).values_list("event", flat=True))
    language = StaffAlertLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    return events, language or ""


@transaction.atomic
def save_choices(user, events: Iterable[str], language: str = "") -> None:
    """The user's alerts are exactly `events`, written in `language` ("" = the shop's default)."""
    events = set(events)
    unknown = events - set(Event.values)
    errors = {}
    if unknown:
        errors["events"] = _("Unknown alerts: %(names)s") % {"names": ", ".join(sorted(unknown))}
    if language and language not in dict(LANGUAGE_CHOICES):
        errors["language"] = _("Choose one of the languages offered.")
    if errors:
        raise ValidationError(errors)
    StaffAlertSubscription.objects.filter(user=user).exclude(event__in=events).delete()
    kept = set(StaffAlertSubscription.objects.filter(user=user).values_list("event", flat=True))
    StaffAlertSubscription.objects.bulk_create(
        StaffAlertSubscription(user=user, event=event) for event in sorted(events - kept)
    )
    if language:
        StaffAlertLanguage.objects.update_or_create(user=user, defaults={"language": language})
    else:
        StaffAlertLanguage.objects.filter(user=user).delete()


# ----------------------------------------------------------------------------- sending


def subscribers(event: str, *, actor=None) -> list[User]:
    """Active staff members with an e-mail address who chose `event`, except `actor` (a User)."""
    users = (
        User.objects.filter(staff_alert_subscriptions__event=event, is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__isnull=False))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    if actor is not None:
        users = users.exclude(pk=actor.pk)
    return list(users)


def alert(
    event: str,
    *,
    key: str,
    link: str,
    context: Callable[[], dict],
    actor=None,
    kind: str = "",
    purpose=None,
) -> None:
    """Queue the alert for `event` to every subscriber; `context()` is called in each one's language.
    `kind`: the message kind when it is not "staff_alert.<event>" (a case of the event with its own
    wording). `purpose`: what the alert is about (see purposes.py)."""
    users = subscribers(event, actor=actor)
    if not users:
        return
    languages = dict(StaffAlertLanguage.objects.filter(user__in=users).values_list("user_id", "language"))
    default = ShopProfile.get().default_language
    for user in users:
        language = languages.get(user.pk) or default
        with translation.override(language):
            values = context()
        services.queue_message(
            kind or f"staff_alert.{event}",
            channel=Channel.EMAIL,
            to=user.email,
            language=language,
            context={**values, "staff_name": user.get_full_name() or user.username, "link": link},
            dedupe_key=f"staff-alert:{kind or event}:{key}:{user.pk}",
            purpose=purpose,
        )


def request_link(request: ServiceRequest) -> str:
    return links.absolute(reverse("backoffice:service_request", kwargs={"pk": request.pk}))


def work_order_link(work_order, tab: str = "") -> str:
    path = reverse("backoffice:work_order", kwargs={"number": work_order.number})
    return links.absolute(path + (f"?tab={tab}" if tab else ""))


def customer_values(customer) -> dict:
    return {"customer_name": customer.name, "customer_number": customer.number}


def booking_values(request: ServiceRequest, slots=(), message: str = "") -> dict:
    customer = request.customer
    location = request.preferred_location
    return {
        "customer_name": (customer.name if customer else "") or request.requester_name,
        "customer_number": customer.number if customer else "",
        "unit": str(request.unit) if request.unit else request.unit_description,
        "location_name": location.name if location else "",
        "problem_description": request.problem_description,
        "times": booking_times.lines(slots),
        "customer_message": message,
    }


def slots_of(request: ServiceRequest, **filters) -> list[BookingSlot]:
    return list(request.booking_slots.filter(**filters).select_related("location").order_by("starts_at"))


# ----------------------------------------------------------------------------- the listeners


def on_booking_requested(sender, request, step, **kwargs):
    """A request reached the queue: sent from the portal, confirmed from the public form, or
    entered by staff for a customer (the others are alerted, not the one who entered it)."""
    slots = slots_of(request, state=BookingSlot.State.OPEN)
    alert(
        Event.BOOKING_REQUESTED,
        key=f"step-{step.pk}",
        link=request_link(request),
        context=lambda: booking_values(request, slots),
        actor=step.user,
        purpose=request,
    )


def on_booking_step(sender, request, step, previous_state, **kwargs):
    """The customer accepted a suggested time, proposed others, or withdrew."""
    if step.kind in ANSWERS:
        if step.kind == BookingStep.Kind.ACCEPTED:
            slots = slots_of(request, pk=(step.data or {}).get("slot"))
        else:
            slots = slots_of(request, step=step)
        proposed = "yes" if step.kind == BookingStep.Kind.COUNTERED else ""
        event = ANSWERS[step.kind]

        def context():
            return {**booking_values(request, slots, step.text), "proposed": proposed}

    elif step.kind == BookingStep.Kind.WITHDRAWN:
        slots = slots_of(request, pk__in=(step.data or {}).get("released") or [])
        event = Event.BOOKING_WITHDRAWN

        def context():
            return booking_values(request, slots, step.text)

    else:
        return
    alert(
        event,
        key=f"step-{step.pk}",
        link=request_link(request),
        context=context,
        actor=step.user,
        purpose=request,
    )


def estimate_values(estimate) -> dict:
    work_order = estimate.work_order
    return {
        **customer_values(work_order.customer),
        "work_order_number": work_order.number,
        "unit": str(work_order.unit) if work_order.unit else "",
    }


def on_estimate_decided(sender, estimate, version, decisions, entry, **kwargs):
    """Decided by the customer (or recorded by staff for them): disputed, or approved/declined."""
    disputed = [decision for decision in decisions if decision.decision == Decision.DISPUTED]
    if disputed:
        note = "\n\n".join(decision.note for decision in disputed if decision.note)

        def context():
            return {**estimate_values(estimate), "customer_message": note}

        event = Event.ESTIMATE_DISPUTED
    else:

        def context():
            return {**estimate_values(estimate), "outcome": str(estimate.get_state_display())}

        event = Event.ESTIMATE_DECIDED
    alert(
        event,
        key=f"entry-{entry.pk}",
        link=work_order_link(estimate.work_order, "estimate"),
        context=context,
        actor=entry.user,
        purpose=estimate,
    )


def on_dispute_message(sender, estimate, message, entry, **kwargs):
    """A new note from the customer in an estimate's dispute (staff's own notes alert nobody)."""
    if message.side != DisputeMessage.Side.CUSTOMER:
        return
    alert(
        Event.ESTIMATE_DISPUTED,
        key=f"dispute-note-{message.pk}",
        link=work_order_link(estimate.work_order, "estimate"),
        context=lambda: {**estimate_values(estimate), "customer_message": message.text},
        actor=entry.user,
        purpose=estimate,
    )


def invoice_values(invoice) -> dict:
    work_order = invoice.work_order
    return {
        **customer_values(invoice.customer),
        "work_order_number": work_order.number,
        "unit": str(work_order.unit) if work_order.unit else "",
        "invoice_total": f"{money_text(invoice.gross)} {invoice.currency}",
    }


def on_invoice_authorised(sender, invoice, authorisation, entry, **kwargs):
    """The customer authorised the invoice (it is final now, with its number)."""
    alert(
        Event.INVOICE_AUTHORISED,
        key=f"authorisation-{authorisation.pk}",
        link=work_order_link(invoice.work_order, "invoice"),
        context=lambda: {
            **invoice_values(invoice),
            "invoice_number": invoice.number,
            "signed_name": authorisation.signed_name,
        },
        actor=entry.user,
        purpose=invoice,
    )


def on_invoice_disputed(sender, invoice, message, entry, **kwargs):
    """The customer disputed the invoice (a line, with a note): it is back with staff."""
    alert(
        Event.INVOICE_DISPUTED,
        key=f"invoice-dispute-{message.pk}",
        link=work_order_link(invoice.work_order, "invoice"),
        context=lambda: {
            **invoice_values(invoice),
            "disputed_line": message.line_description,
            "customer_message": message.text,
        },
        actor=entry.user,
        purpose=invoice,
    )


def answer_counts(answers) -> str:
    """The answers counted by choice, in the choices' order: "Repair: 2 · Don't repair: 1"."""
    counts = {choice: 0 for choice in Choice.values}
    for answer in answers:
        counts[answer.choice] = counts.get(answer.choice, 0) + 1
    return " · ".join(f"{Choice(choice).label}: {count}" for choice, count in counts.items() if count)


def on_inspection_answered(sender, inspection, version, answers, by=None, **kwargs):
    """The customer answered an inspection (a version of it): who signed, what they chose, what they
    wrote; the alert leads to the work order's inspection, where staff authorise the work."""
    work_order = inspection.work_order
    comments = [answer for answer in answers if answer.comment]
    alert(
        Event.INSPECTION_ANSWERED,
        key=f"version-{version.pk}",
        link=work_order_link(work_order, "inspection"),
        context=lambda: {
            **customer_values(work_order.customer),
            "work_order_number": work_order.number,
            "unit": str(work_order.unit) if work_order.unit else "",
            "answered_name": version.answered_name,
            "answer_counts": answer_counts(answers),
            "customer_comments": "\n".join(f"{a.item.description}: {a.comment}" for a in comments),
        },
        actor=by.user if by is not None else None,
        purpose=inspection,
    )


def change_lines(customer, changes: dict) -> str:
    """The changed contact details, one "Field: old → new" a line."""
    lines = []
    for name, (old, new) in changes.items():
        try:
            label = capfirst(customer._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a field the model no longer has: its name is clear enough
            label = name
        lines.append(f"{label}: {old or '—'} → {new or '—'}")
    return "\n".join(lines)


def on_contact_changed(sender, work_order, customer, changes, entry, **kwargs):
    """Corrected on the tracking page of a work order."""
    alert(
        Event.CONTACT_CHANGED,
        key=f"entry-{entry.pk}",
        link=work_order_link(work_order),
        context=lambda: {
            **customer_values(customer),
            "work_order_number": work_order.number,
            "changes": change_lines(customer, changes),
        },
        actor=entry.user,
    )


def on_account_contact_changed(sender, customer, changes, entries, by, **kwargs):
    """Changed signed in to the portal: the alert leads to the newest open work order, where the
    change is noted, or to the customer's page when none is open."""
    work_order = entries[0].work_order if entries else None
    link = (
        work_order_link(work_order)
        if work_order
        else links.absolute(reverse("backoffice:customer", kwargs={"number": customer.number}))
    )
    alert(
        Event.CONTACT_CHANGED,
        key=f"entry-{entries[0].pk}" if entries else f"account-{customer.pk}-{timezone.now().timestamp()}",
        link=link,
        context=lambda: {
            **customer_values(customer),
            "work_order_number": work_order.number if work_order else "—",
            "changes": change_lines(customer, changes),
        },
        actor=by.user,
    )


def on_question(sender, work_order, entry, **kwargs):
    alert(
        Event.QUESTION_ASKED,
        key=f"entry-{entry.pk}",
        link=work_order_link(work_order),
        context=lambda: {
            **customer_values(work_order.customer),
            "work_order_number": work_order.number,
            "customer_message": entry.text,
        },
        actor=entry.user,
    )
