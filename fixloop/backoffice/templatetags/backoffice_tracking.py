"""The tracking-link section of the work-order page gets its data here, so the page's view needs no
knowledge of it."""

from datetime import timedelta

from django import template
from django.db.models import F

from fixloop.backoffice.forms.tracking import ExpiryForm
from fixloop.portal.links import tracking_url
from fixloop.repairs import tracking

register = template.Library()

RECENT_NOTES = 20


@register.simple_tag
def tracking_panel(work_order, failed_form=None) -> dict:
    """The link's state and address, the expiry form (the failed one if it came back with errors)
    and what the customer sent about this work order, unread first."""
    state = tracking.state_of(work_order)
    valid_through = None
    if state.link is not None and state.explicit_expiry:
        valid_through = (
            state.expires_at.astimezone(work_order.location.zone) - timedelta(microseconds=1)
        ).date()
    form = (
        failed_form
        if isinstance(failed_form, ExpiryForm)
        else ExpiryForm(initial={"valid_until": valid_through})
    )
    notes = list(
        work_order.customer_notes.select_related("entry", "read_by").order_by(
            F("read_at").asc(nulls_first=True), "-created_at"
        )[:RECENT_NOTES]
    )
    return {
        "state": state,
        "url": tracking_url(state.token) if state.token else None,
        "valid_through": valid_through,
        "expiry_form": form,
        "notes": notes,
    }
