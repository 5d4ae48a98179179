"""What happened to messages, for those who listen (webhooks: "message failed"). Sent inside the
transaction that records the change, so a listener's writes commit or roll back with it."""

from django.dispatch import Signal

# message (Message): a message to a person (not a webhook delivery) failed for good
message_failed = Signal()

# message (Message): a message to a person went out (the provider accepted it). Sent only while
# someone listens (messaging/inspections.py: a declined-work reminder goes in the inspection's
# communication log), just after the send is recorded; a listener that fails loses only its own
# writes.
message_sent = Signal()
