"""The event types an endpoint can subscribe to: name (with its version), what it means, and the
model of its `data` (payloads.py). `wired=False`: named, documented and subscribable, sent once the
feature that causes it is part of Fixloop: its listener goes in listeners.py beside the others, on
that app's signal."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fixloop.api.webhooks import payloads


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    description: str
    data: type[payloads.Payload]
    wired: bool = True


EVENT_TYPES: dict[str, EventType] = {
    event.name: event
    for event in [
        EventType(
            "estimate.decided.v1",
            _("Estimate decided"),
            "The customer (online, or staff recording it) approved, declined or disputed jobs of an estimate.",
            payloads.EstimateDecided,
        ),
        EventType(
            "estimate.dispute_opened.v1",
            _("Estimate disputed"),
            "A decision disputed at least one job (also sent as estimate.decided.v1).",
            payloads.DisputeOpened,
        ),
        EventType(
            "booking.changed.v1",
            _("Booking request changed"),
            "A booking request was made, answered, confirmed, declined or withdrawn.",
            payloads.BookingChanged,
        ),
        EventType(
            "customer.contact_changed.v1",
            _("Customer changed contact details"),
            "A customer changed their contact details in the portal or on the tracking page.",
            payloads.CustomerContactChanged,
        ),
        EventType(
            "message.failed.v1",
            _("Message failed"),
            "A message to a customer or staff member could not be sent and will not be retried.",
            payloads.MessageFailed,
        ),
        EventType(
            "work_order.status_changed.v1",
            _("Work order status changed"),
            "A work order moved to another status (closing and reopening included).",
            payloads.WorkOrderStatusChanged,
        ),
        EventType(
            "invoice.authorised.v1",
            _("Invoice authorised by the customer"),
            "The customer authorised an invoice before it was issued.",
            payloads.InvoiceAuthorised,
        ),
        EventType(
            "invoice.disputed.v1",
            _("Invoice disputed by the customer"),
            "The customer disputed an invoice instead of authorising it.",
            payloads.InvoiceDisputed,
        ),
        EventType(
            "inspection.answered.v1",
            _("Inspection answered"),
            "The customer answered items of a diagnostic overview (inspection).",
            payloads.InspectionAnswered,
        ),
    ]
}


def choices() -> list[tuple[str, str]]:
    return [(event.name, event.label) for event in EVENT_TYPES.values()]
