"""Turn domain signals into webhook events (services.publish), inside the transaction of the change.

Each listener builds its event's `data` with the payload model; publish() writes nothing when no
active endpoint subscribed to the type.
"""

from django.utils import timezone

from fixloop.api.webhooks import payloads
from fixloop.api.webhooks.services import publish
from fixloop.bookings import signals as booking_signals
from fixloop.core.actor import ActorKind
from fixloop.estimates import signals as estimate_signals
from fixloop.estimates.models import Decision
from fixloop.inspections import signals as inspection_signals
from fixloop.invoicing import signals as invoice_signals
from fixloop.messaging import signals as messaging_signals
from fixloop.repairs import signals as repair_signals
from fixloop.repairs.models import Status, WorkOrder


def status_data(status: Status) -> payloads.StatusData:
    return payloads.StatusData(
        id=status.pk,
        name=status.name_en,
        phase=status.phase,
        visible_to_customers=status.visible_to_customers,
    )


def work_order_data(work_order: WorkOrder) -> payloads.WorkOrderData:
    return payloads.WorkOrderData(
        number=work_order.number,
        customer_number=work_order.customer.number,
        unit_id=work_order.unit_id,
        location_id=work_order.location_id,
        status=status_data(work_order.status),
    )


# ----------------------------------------------------------------------------- work orders


def status_event(work_order: WorkOrder, previous: Status, entry) -> None:
    publish(
        "work_order.status_changed.v1",
        payloads.WorkOrderStatusChanged(
            work_order=work_order_data(work_order),
            previous_status=status_data(previous),
            changed_at=entry.created_at,
            changed_by=entry.actor,
        ),
        at=entry.created_at,
    )


def on_status_changed(sender, work_order, previous, entry, **kwargs):
    status_event(work_order, previous, entry)


def on_closed_or_reopened(sender, work_order, entry, **kwargs):
    """Closing and reopening change the status too (the entry records from which)."""
    previous_id = (entry.data or {}).get("from")
    if previous_id and previous_id != work_order.status_id:
        status_event(work_order, Status.objects.get(pk=previous_id), entry)


# ----------------------------------------------------------------------------- estimates


def job_decisions(version, decisions) -> list[payloads.JobDecisionData]:
    descriptions = {job["key"]: job.get("description", "") for job in version.jobs}
    return [
        payloads.JobDecisionData(
            job_key=decision.job_key,
            description=descriptions.get(decision.job_key, ""),
            decision=decision.decision,
            dispute_subject=decision.dispute_subject or None,
            note=decision.note,
        )
        for decision in decisions
    ]


def on_estimate_decided(sender, estimate, version, decisions, entry, **kwargs):
    work_order = estimate.work_order
    jobs = job_decisions(version, decisions)
    first = decisions[0] if decisions else None
    common = {
        "work_order_number": work_order.number,
        "customer_number": work_order.customer.number,
        "estimate_id": estimate.pk,
        "state": estimate.state,
        "version": version.number,
        "content_hash": version.content_hash,
        "gross": f"{version.gross:.2f}",
        "currency": work_order.location.currency,
        "channel": first.channel if first else "",
        "signed_name": first.signed_name if first else "",
        "decided_at": first.decided_at if first else entry.created_at,
        "decisions": jobs,
    }
    publish("estimate.decided.v1", payloads.EstimateDecided(**common), at=entry.created_at)
    disputed = [job for job in jobs if job.decision == Decision.DISPUTED]
    if disputed:
        publish(
            "estimate.dispute_opened.v1",
            payloads.DisputeOpened(**common, disputed=disputed),
            at=entry.created_at,
        )


# ----------------------------------------------------------------------------- bookings


def on_booking_step(sender, request, step, previous_state, **kwargs):
    publish(
        "booking.changed.v1",
        payloads.BookingChanged(
            service_request_id=request.pk,
            customer_number=request.customer.number if request.customer_id else None,
            work_order_number=request.work_order.number if request.work_order_id else None,
            step=step.kind,
            state=step.state or request.state,
            previous_state=previous_state or "",
            by="customer" if step.actor == ActorKind.CUSTOMER else "shop",
            at=step.created_at,
        ),
        at=step.created_at,
    )


# ----------------------------------------------------------------------------- customers


def contact_event(customer, changes: dict, source: str, at) -> None:
    publish(
        "customer.contact_changed.v1",
        payloads.CustomerContactChanged(
            customer_number=customer.number,
            changes={
                field: payloads.ValueChange(old=str(old or ""), new=str(new or ""))
                for field, (old, new) in changes.items()
            },
            source=source,
            changed_at=at,
        ),
        at=at,
    )


def on_contact_details_changed(sender, customer, changes, entries, **kwargs):
    contact_event(customer, changes, "portal", entries[0].created_at if entries else timezone.now())


def on_customer_details_corrected(sender, work_order, customer, changes, entry, **kwargs):
    contact_event(customer, changes, "tracking_page", entry.created_at)


# ----------------------------------------------------------------------------- invoices


def on_invoice_authorised(sender, invoice, authorisation, entry, **kwargs):
    publish(
        "invoice.authorised.v1",
        payloads.InvoiceAuthorised(
            invoice_number=invoice.number,
            customer_number=invoice.customer.number,
            work_order_number=invoice.work_order.number if invoice.work_order_id else None,
            gross=f"{invoice.gross:.2f}",
            currency=invoice.currency,
            authorised_by=authorisation.signed_name,
            authorised_at=authorisation.authorised_at,
        ),
        at=authorisation.authorised_at,
    )


def on_invoice_disputed(sender, invoice, message, entry, **kwargs):
    publish(
        "invoice.disputed.v1",
        payloads.InvoiceDisputed(
            # A disputed invoice is not final yet: it has no number, so the draft's id names it.
            invoice_number=invoice.number or f"draft-{invoice.pk}",
            customer_number=invoice.customer.number,
            work_order_number=invoice.work_order.number if invoice.work_order_id else None,
            gross=f"{invoice.gross:.2f}",
            currency=invoice.currency,
            reason=message.text,
            disputed_line=message.line_description or None,
            disputed_at=message.created_at,
        ),
        at=message.created_at,
    )


# ----------------------------------------------------------------------------- inspections


def on_inspection_answered(sender, inspection, version, answers, **kwargs):
    work_order = inspection.work_order
    answered_at = version.answered_at
    publish(
        "inspection.answered.v1",
        payloads.InspectionAnswered(
            work_order_number=work_order.number,
            customer_number=work_order.customer.number,
            inspection_id=inspection.pk,
            version=version.number,
            answered_by=version.answered_name,
            answers=[
                payloads.InspectionAnswer(
                    item_id=answer.item_id,
                    item=answer.item.description,
                    category=answer.item.category,
                    answer=answer.choice,
                    note=answer.comment,
                )
                for answer in sorted(answers, key=lambda answer: (answer.item.position, answer.item_id))
            ],
            answered_at=answered_at,
        ),
        at=answered_at,
    )


# ----------------------------------------------------------------------------- messages


def on_message_failed(sender, message, **kwargs):
    publish(
        "message.failed.v1",
        payloads.MessageFailed(
            message_id=message.pk,
            kind=message.kind,
            channel=message.channel,
            customer_number=message.customer.number if message.customer_id else None,
            work_order_number=message.work_order.number if message.work_order_id else None,
            recipient=message.recipient,
            reason=message.state_reason or message.last_error,
            failed_at=message.failed_at,
        ),
        at=message.failed_at,
    )


def connect() -> None:
    """Listen to the domain signals (called once from ApiConfig.ready)."""
    for signal, receiver in (
        (repair_signals.status_changed, on_status_changed),
        (repair_signals.work_order_closed, on_closed_or_reopened),
        (repair_signals.work_order_reopened, on_closed_or_reopened),
        (repair_signals.contact_details_changed, on_contact_details_changed),
        (repair_signals.customer_details_corrected, on_customer_details_corrected),
        (estimate_signals.estimate_decided, on_estimate_decided),
        (booking_signals.booking_step, on_booking_step),
        (invoice_signals.invoice_authorised, on_invoice_authorised),
        (invoice_signals.invoice_disputed, on_invoice_disputed),
        (inspection_signals.inspection_answered, on_inspection_answered),
        (messaging_signals.message_failed, on_message_failed),
    ):
        signal.connect(receiver, dispatch_uid=f"fixloop.api.webhooks.{receiver.__name__}")
