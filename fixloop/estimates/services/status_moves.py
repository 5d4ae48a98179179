"""The work order follows its estimate: when an estimate is sent, approved (fully or partly),
declined or disputed, the work order moves to the status the shop chose for that event
(StatusMoves, in the configuration), so that the tracking page says what the customer is
waiting for without staff changing the status by hand.

The move is an ordinary status change (repairs.services.change_status: timeline entry, the
status notification with its rules and quiet hours), made by whoever caused the event (the
customer deciding online, staff sending or recording a decision), inside the estimate event's
transaction. Estimates call the repairs service directly, domain to domain: a listener on the
estimate signals would have to live in a third place and run in the same order anyway, and
messaging (the usual listener) must not change work orders.
"""

from fixloop.core.actor import Actor
from fixloop.estimates.models import Estimate, StatusMoves
from fixloop.repairs import services as repairs


def follow_estimate(estimate: Estimate, *, by: Actor) -> None:
    """Move the estimate's work order to the status chosen for the estimate's new state, if the
    shop chose one and the move is possible: a closed work order, or one already in that status,
    stays as it is (a status no longer usable cannot be chosen in the configuration)."""
    status = StatusMoves.get().status_for(estimate.state)
    if status is None or not status.active or status.is_finished:
        return
    work_order = repairs.lock(estimate.work_order)
    if work_order.is_closed or work_order.status_id == status.pk:
        return
    repairs.change_status(work_order, status, by=by)
