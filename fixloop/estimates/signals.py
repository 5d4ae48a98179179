"""What happened to estimates. Sent by estimates.services inside the transaction that made the
change; messaging and others listen."""

from django.dispatch import Signal

# estimate, version, entry, notify (bool: tell the customer it is ready)
estimate_submitted = Signal()
# estimate, version, decisions (list of JobDecision), entry
estimate_decided = Signal()
# estimate, message (DisputeMessage), entry
dispute_message_added = Signal()
# estimate, entry
estimate_extended = Signal()
