"""Service requests change state here: a customer submits one, staff accept it (which opens a work
order) or reject it with a reason. A booking request is decided here too, at the end of its
negotiation (fixloop/bookings/services.py: confirm, decline), from any state the negotiation allows.

Each function validates, writes and sends a domain signal in one transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.core.actor import Actor
from fixloop.core.text import clean_text
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.repairs import signals
from fixloop.repairs.models import ServiceRequest, TimelineEntry, WorkOrder
from fixloop.repairs.services.work_orders import COMMENT_MAX_LENGTH, open_work_order
from fixloop.repairs.timeline import record
from fixloop.shop.models import Location


@transaction.atomic
def submit_service_request(
    *,
    customer: CustomerAccount,
    problem_description: str,
    by: Actor,
    unit: Unit | None = None,
    unit_description: str = "",
    preferred_location: Location | None = None,
) -> ServiceRequest:
    errors = {}
    problem_description = clean_text(problem_description)
    if not problem_description:
        errors["problem_description"] = _("Describe the problem.")
    elif len(problem_description) > COMMENT_MAX_LENGTH:
        errors["problem_description"] = _("At most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH}
    if unit is not None and unit.customer_id != customer.pk:
        errors["unit"] = _("This unit belongs to another customer.")
    if errors:
        raise ValidationError(errors)
    request = ServiceRequest.objects.create(
        customer=customer,
        unit=unit,
        unit_description=clean_text(unit_description, single_line=True)[:200],
        problem_description=problem_description,
        preferred_location=preferred_location,
        submitted_ip=by.ip,
        submitted_user_agent=by.user_agent,
    )
    signals.service_request_submitted.send(sender=ServiceRequest, service_request=request)
    return request


State = ServiceRequest.State
# The states a decision may come from, as the booking negotiation (bookings/machine.py) allows them:
# the shop confirms a request that waits for it, and may decline one while it is open at all.
ACCEPTABLE_STATES = (State.PENDING, State.WAITING_SHOP)
REJECTABLE_STATES = (State.PENDING, State.WAITING_SHOP, State.WAITING_CUSTOMER)
DECIDED_STATES = (State.ACCEPTED, State.REJECTED, State.WITHDRAWN)


def _locked_open(service_request: ServiceRequest, states: tuple) -> ServiceRequest:
    fresh = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
    if fresh.state not in states:
        label = fresh.get_state_display()
        if fresh.state in DECIDED_STATES:
            raise ValidationError(_("This service request was already %(state)s.") % {"state": label.lower()})
        raise ValidationError(
            _("This cannot be done while the service request is “%(state)s”.") % {"state": label}
        )
    return fresh


@transaction.atomic
def accept_service_request(
    service_request: ServiceRequest,
    *,
    location: Location,
    by: Actor,
    technician=None,
    promised_date: date | None = None,
) -> WorkOrder:
    request = _locked_open(service_request, ACCEPTABLE_STATES)
    problem = request.problem_description
    if request.unit is None and request.unit_description:
        problem = f"{request.unit_description}\n\n{problem}"
    work_order = open_work_order(
        customer=request.customer,
        location=location,
        problem_description=problem,
        unit=request.unit,
        promised_date=promised_date,
        technician=technician,
        by=by,
    )
    request.state = ServiceRequest.State.ACCEPTED
    request.work_order = work_order
    request.decided_by = by.user
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "work_order", "decided_by", "decided_at"])
    record(
        work_order,
        TimelineEntry.Kind.SYSTEM,
        by,
        public=False,
        data={"event": "service_request_accepted", "service_request": request.pk},
    )
    service_request.refresh_from_db()
    signals.service_request_accepted.send(
        sender=ServiceRequest, service_request=request, work_order=work_order
    )
    return work_order


@transaction.atomic
def reject_service_request(service_request: ServiceRequest, *, reason: str, by: Actor) -> ServiceRequest:
    request = _locked_open(service_request, REJECTABLE_STATES)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": _("Tell the customer why the request is rejected.")})
    if len(reason) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"rejection_reason": _("At most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH}}
        )
    request.state = ServiceRequest.State.REJECTED
    request.rejection_reason = reason
    request.decided_by = by.user
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "rejection_reason", "decided_by", "decided_at"])
    service_request.refresh_from_db()
    signals.service_request_rejected.send(sender=ServiceRequest, service_request=request)
    return request
