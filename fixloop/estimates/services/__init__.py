"""The only place estimates change state, one module per concern:

- drafts.py — the working draft (note, jobs, parts), its validity date, and submitting a version
- snapshot.py — the content a version freezes and its hash (pure calculation, no writes)
- decisions.py — the customer's decision per job, batch approval, approvals carried over, work required
- disputes.py — the dispute thread and its acknowledgement
- links.py — secret approval links, their tokens and the scoping helper `estimates_for`
- status_moves.py — the work order's status following the estimate (the shop's StatusMoves)
- shared.py — the row lock, the location's "today" and expiry, text checks

Each function that changes something validates, writes, appends a timeline entry on the work order
(who, when, from which IP address and browser) and sends a domain signal, all in one transaction: a
refused or failed change leaves nothing behind. The functions callers use are named here
(`services.submit(...)`); links are used as their module (`services.links`).
"""

from fixloop.estimates.services import links
from fixloop.estimates.services.decisions import (
    STAFF_CHANNELS,
    BatchItem,
    Choice,
    decide,
    decide_batch,
    pending_jobs,
)
from fixloop.estimates.services.disputes import acknowledge_dispute, add_dispute_message
from fixloop.estimates.services.drafts import (
    extend,
    remove_job,
    remove_part,
    save_job,
    save_part,
    start_estimate,
    submit,
    update_note,
)
from fixloop.estimates.services.shared import NOTE_MAX_LENGTH, is_expired, local_today
from fixloop.estimates.services.snapshot import content_hash, has_unsent_changes, snapshot

__all__ = [
    "NOTE_MAX_LENGTH",
    "STAFF_CHANNELS",
    "BatchItem",
    "Choice",
    "acknowledge_dispute",
    "add_dispute_message",
    "content_hash",
    "decide",
    "decide_batch",
    "extend",
    "has_unsent_changes",
    "is_expired",
    "links",
    "local_today",
    "pending_jobs",
    "remove_job",
    "remove_part",
    "save_job",
    "save_part",
    "snapshot",
    "start_estimate",
    "submit",
    "update_note",
]
