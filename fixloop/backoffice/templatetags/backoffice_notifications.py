"""The client-notification section of the work-order page gets its data here, so the page's view
needs no knowledge of it."""

from django import template
from django.utils import timezone

from fixloop.messaging.models import DUE_STATES

register = template.Library()

RECENT_DECISIONS = 50


@register.simple_tag
def notification_decisions(work_order) -> list:
    """For each event that happened to the work order, newest first: the message queued (with its
    delivery state) or why none was. A message that waits (a follow-up, a text kept for the
    morning) has `waits_until` set."""
    decisions = list(
        work_order.notification_decisions.select_related("message", "status").order_by("-created_at", "-id")[
            :RECENT_DECISIONS
        ]
    )
    now = timezone.now()
    for decision in decisions:
        message = decision.message
        decision.waits_until = (
            message.send_after
            if message is not None and message.state in DUE_STATES and message.send_after > now
            else None
        )
    return decisions
