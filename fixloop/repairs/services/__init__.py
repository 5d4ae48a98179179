"""The only place work orders, service requests and tracking links change state, one module per
concern:

- work_orders.py: numbers, opening, status changes, comments, files, closing and reopening, details
- service_requests.py: a customer's service request submitted, accepted (opening a work order) or rejected
- tracking_links.py: tracking links issued, revoked, given an expiry, handed to customers (one or many)
- self_service.py: what customers do on the tracking page (contact corrections, questions), marked read,
  and contact changes from the signed-in portal
- clock.py: technicians clock on and off (time entries) and mark units ready; time added up per
  work order, technician and day; customers' remarks shown to technicians
- locking.py: the work order's row lock the others take

Callers use the package: `from fixloop.repairs import services; services.change_status(...)`.
Reading tracking links (tokens, validity) is fixloop/repairs/tracking.py; the timeline writer is
fixloop/repairs/timeline.py.
"""

from fixloop.repairs.services.clock import clock_off, clock_on, mark_ready, show_to_technician
from fixloop.repairs.services.locking import lock
from fixloop.repairs.services.self_service import (
    QUESTION_MAX_LENGTH,
    ask_question,
    change_account_contact_details,
    correct_contact_details,
    mark_read,
    report_contact_change,
)
from fixloop.repairs.services.service_requests import (
    accept_service_request,
    reject_service_request,
    submit_service_request,
)
from fixloop.repairs.services.tracking_links import (
    EXPIRY_MAX_DAYS,
    customer_tokens,
    issue_link,
    link_for_customer,
    lookup,
    revoke_link,
    set_link_expiry,
)
from fixloop.repairs.services.work_orders import (
    COMMENT_MAX_LENGTH,
    NUMBER_PATTERN,
    add_comment,
    attach_file,
    change_status,
    close,
    initial_status,
    next_work_order_number,
    open_work_order,
    reopen,
    reserve_work_order_counters,
    typed_number_key,
    update_details,
)

__all__ = [
    "COMMENT_MAX_LENGTH",
    "EXPIRY_MAX_DAYS",
    "NUMBER_PATTERN",
    "QUESTION_MAX_LENGTH",
    "accept_service_request",
    "add_comment",
    "ask_question",
    "attach_file",
    "change_account_contact_details",
    "change_status",
    "clock_off",
    "clock_on",
    "close",
    "correct_contact_details",
    "customer_tokens",
    "initial_status",
    "issue_link",
    "link_for_customer",
    "lock",
    "lookup",
    "mark_read",
    "mark_ready",
    "next_work_order_number",
    "open_work_order",
    "reject_service_request",
    "reopen",
    "report_contact_change",
    "reserve_work_order_counters",
    "revoke_link",
    "set_link_expiry",
    "show_to_technician",
    "submit_service_request",
    "typed_number_key",
    "update_details",
]
