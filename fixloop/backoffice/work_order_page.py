"""The work-order page's layout rules: its sections (tabs, named in the URL as `?tab=…` so a link,
a reload and the browser's back button land on the same section) and the next step its summary
header suggests."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fixloop.estimates.models import Estimate
from fixloop.messaging.models import Message
from fixloop.repairs.models import Phase, WorkOrder

OVERVIEW = "overview"
INSPECTION = "inspection"
ESTIMATE = "estimate"
INVOICE = "invoice"
MESSAGES = "messages"
FILES = "files"
TRACKING = "tracking"
NOTIFICATIONS = "notifications"
TIMELINE = "timeline"

TABS = {
    OVERVIEW: _("Overview"),
    INSPECTION: _("Inspection"),
    ESTIMATE: _("Estimate"),
    INVOICE: _("Invoice"),
    MESSAGES: _("Messages"),
    FILES: _("Files"),
    TRACKING: _("Tracking link"),
    NOTIFICATIONS: _("Notifications"),
    TIMELINE: _("Timeline"),
}

# A form that failed is shown again in its own section; the quick actions above the sections
# (status, comment, message) are on every tab.
FORM_TABS = {
    "details_form": OVERVIEW,
    "close_form": OVERVIEW,
    "reopen_form": OVERVIEW,
    "attachment_form": FILES,
    "estimate_form": ESTIMATE,
    "invoice_form": INVOICE,
    "inspection_form": INSPECTION,
    "tracking_form": TRACKING,
    "tracking_expiry_form": TRACKING,
}

UNDELIVERED = (Message.State.FAILED, Message.State.BOUNCED)


def work_order_url(number: str, tab: str = OVERVIEW) -> str:
    path = reverse("backoffice:work_order", kwargs={"number": number})
    return path if tab == OVERVIEW else f"{path}?tab={tab}"


# A section only some roles see, and the permission it needs (technicians never see invoices).
TAB_PERMISSIONS = {INVOICE: "invoicing.view_invoice"}


def tabs_for(user) -> list[str]:
    return [tab for tab in TABS if tab not in TAB_PERMISSIONS or user.has_perm(TAB_PERMISSIONS[tab])]


def tab_links(counts: dict[str, int], user=None) -> list[tuple[str, str, int]]:
    """(tab, label, count shown beside the label) for the section links `user` may open."""
    shown = tabs_for(user) if user is not None else list(TABS)
    return [(tab, label, counts.get(tab, 0)) for tab, label in TABS.items() if tab in shown]


def chosen_tab(request, form_name: str | None = None) -> str:
    """The section to show: the one of the form just sent, else the one the URL names; a quick
    action sent with htmx keeps the section of the page it was sent from."""
    if form_name in FORM_TABS:
        return FORM_TABS[form_name]
    tab = request.GET.get("tab")
    if tab is None and request.htmx and request.htmx.current_url:
        tab = parse_qs(urlsplit(request.htmx.current_url).query).get("tab", [None])[0]
    if tab in TAB_PERMISSIONS and not request.user.has_perm(TAB_PERMISSIONS[tab]):
        return OVERVIEW
    return tab if tab in TABS else OVERVIEW


@dataclass(frozen=True)
class NextAction:
    text: str
    tab: str

    @property
    def section(self) -> str:
        return TABS[self.tab]


def next_action(work_order: WorkOrder, *, unread_notes: int, undelivered: int) -> NextAction:
    """What the clerk at the counter most likely has to do next, first match wins: the customer
    waiting for an answer comes before the shop's own work."""
    if work_order.is_closed:
        return NextAction(
            _("Nothing to do: the work order is closed. Reopen it if the customer comes back."), OVERVIEW
        )
    if unread_notes:
        text = ngettext(
            "Read the customer's %(count)d unread message and answer it.",
            "Read the customer's %(count)d unread messages and answer them.",
            unread_notes,
        ) % {"count": unread_notes}
        return NextAction(text, TRACKING)
    estimate = Estimate.objects.filter(work_order=work_order).only("state").first()
    state = estimate.state if estimate else None
    if state == Estimate.State.DISPUTED:
        return NextAction(_("Answer the customer's dispute about the estimate."), ESTIMATE)
    if undelivered:
        text = ngettext(
            "%(count)d message did not reach the customer: check the contact details and send it again.",
            "%(count)d messages did not reach the customer: check the contact details and send them again.",
            undelivered,
        ) % {"count": undelivered}
        return NextAction(text, MESSAGES)
    if state == Estimate.State.DRAFT:
        return NextAction(_("Finish the estimate and send it to the customer."), ESTIMATE)
    if state == Estimate.State.AWAITING:
        return NextAction(_("Wait for the customer's decision on the estimate, or call them."), ESTIMATE)
    if state == Estimate.State.DECLINED:
        return NextAction(
            _("The customer declined the estimate: agree how to go on, then close or cancel."), ESTIMATE
        )
    phase = work_order.status.phase
    if phase == Phase.READY:
        return NextAction(_("Hand the unit back and close the work order."), OVERVIEW)
    if state in (Estimate.State.APPROVED, Estimate.State.PARTLY_APPROVED):
        return NextAction(_("Carry out the approved work and change the status when it is done."), ESTIMATE)
    if phase == Phase.WAITING_FOR_PARTS:
        return NextAction(_("Change the status when the parts have arrived."), OVERVIEW)
    if estimate is None and phase == Phase.OPEN:
        return NextAction(_("Diagnose the unit and start an estimate if work is needed."), ESTIMATE)
    return NextAction(_("Change the status when the next step is done."), OVERVIEW)


def undelivered_count(work_order: WorkOrder) -> int:
    return work_order.messages.filter(state__in=UNDELIVERED).count()
