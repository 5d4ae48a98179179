"""What happens to an inspection, for listeners (messages, staff alerts, webhooks). Sent inside the
transaction of the change; every signal has `inspection` and `by` (the Actor)."""

from django.dispatch import Signal

# A version was sent: `version`, `link`, `recipients` = [(channel "email" | "sms", address)].
inspection_sent = Signal()
# The customer opened the page: `event` (Event of kind opened); `first` is True for the first open.
inspection_opened = Signal()
# The customer submitted their answers to a version: `version`, `answers` (list of Answer).
inspection_answered = Signal()
# Staff gave an item thumbs up or down (or took it back): `item`.
item_authorised = Signal()
