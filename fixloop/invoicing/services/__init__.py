"""The only place invoices change state, one module per concern:

- drafts.py — a draft from a ready work order's approved work (labour by clocked time where the
  location bills so), its lines, cancelling it
- finalising.py — finalise, submit to the customer, the customer's authorisation or dispute, staff's
  reply and revision, sending the final document
- credit_notes.py — credit notes against final invoices
- numbering.py — the gapless number series (row lock)
- content.py — the content a revision freezes and its hash (pure calculation)
- shared.py — the row lock, the location's "today", line money and totals, input checks

Each function that changes something validates, writes, appends a timeline entry on the work order
and sends a signal (invoicing/signals.py), all in one transaction: a refused change leaves nothing.
"""

from fixloop.invoicing.services.content import content, content_hash
from fixloop.invoicing.services.credit_notes import credit_note, credited_line_ids, remaining
from fixloop.invoicing.services.drafts import (
    cancel,
    clocked_hours,
    create_draft,
    is_ready,
    outstanding_invoice,
    remove_line,
    save_line,
)
from fixloop.invoicing.services.finalising import (
    authorise,
    dispute,
    finalise,
    needs_authorisation,
    reply,
    revise,
    send,
    submit,
)
from fixloop.invoicing.services.numbering import format_number
from fixloop.invoicing.services.shared import vat_by_rate

__all__ = [
    "authorise",
    "cancel",
    "clocked_hours",
    "content",
    "content_hash",
    "create_draft",
    "credit_note",
    "credited_line_ids",
    "dispute",
    "finalise",
    "format_number",
    "is_ready",
    "needs_authorisation",
    "outstanding_invoice",
    "remaining",
    "remove_line",
    "reply",
    "revise",
    "save_line",
    "send",
    "submit",
    "vat_by_rate",
]
