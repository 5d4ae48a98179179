"""What happened to messages, for those who listen (webhooks: "message failed"). Sent inside the
transaction that records the change, so a listener's writes commit or roll back with it."""

from django.dispatch import Signal

# message (Message): a message to a person (not a webhook delivery) failed for good
message_failed = Signal()
