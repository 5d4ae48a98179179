"""No internal code on a staff page: every back-office page of the demo shop, in English and in
German, is read as a person reads it (tags, attributes, scripts and styles stripped), and no message
kind, channel, message state, timeline kind or event code, or workflow state code is in it."""

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.urls import Resolver404, resolve
from django.utils import translation

from fixloop.bookings.models import BookingStep
from fixloop.estimates.models import Estimate
from fixloop.inspections.models import Inspection
from fixloop.messaging.kinds import KINDS
from fixloop.messaging.models import Channel, Message, NotificationDecision
from fixloop.repairs.models import ServiceRequest, TimelineEntry, WorkOrder
from fixloop.reports.models import ReportRun

# Pages that are files or change something, not pages to read.
NOT_PAGES = {"logout", "work_order_file", "work_order_report", "estimate_pdf", "message_attachment",
             "service_request_photo"}  # fmt: skip
PAGES_PER_VIEW = 4  # enough to meet every shape of a page without reading hundreds of work orders
EVENTS = ["service_request_accepted", "booking_confirmed", "dispute_acknowledged", "dispute_note",
          "links_revoked", "decided", "submitted", "extended", "issued", "revoked", "expiry",
          "inspection_started", "inspection_item_added", "inspection_item_changed", "inspection_measured",
          "inspection_sent", "inspection_answered", "inspection_authorised", "inspection_reminded"]  # fmt: skip

pytestmark = pytest.mark.once


class VisibleText(HTMLParser):
    """The text a person sees: no tags, attributes, scripts, styles or templates for htmx, and no
    text marked as written in another language (a message as the customer got it)."""

    HIDDEN = ("script", "style", "template")

    def __init__(self, language: str):
        super().__init__()
        self.language, self.parts, self.hidden = language, [], []

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if (
            tag in self.HIDDEN
            or (tag != "html" and lang and lang != self.language)
            or (self.hidden and tag == self.hidden[0])
        ):
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if self.hidden and tag == self.hidden[-1]:
            self.hidden.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str, language: str) -> str:
    parser = VisibleText(language)
    parser.feed(html)
    return " ".join(parser.parts)


def codes_pattern(language: str) -> re.Pattern:
    codes = set(KINDS) | {Channel.EMAIL, Channel.SMS} | {event for event in EVENTS if "_" in event}
    for choices in (
        Message.State,
        Estimate.State,
        ServiceRequest.State,
        BookingStep.Kind,
        TimelineEntry.Kind,
    ):
        codes |= {value for value in choices.values if "_" in value}
    if language == "de":  # and no English name of a channel, timeline kind or message kind left
        labels = [*Channel.labels, *TimelineEntry.Kind.labels, *(kind.label for kind in KINDS.values())]
        for label in labels:
            with translation.override("en"):
                english = str(label)
            with translation.override("de"):
                if str(label) != english:  # "Fax" is German too
                    codes.add(english)
    alternatives = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
    # a whole word, not part of an address (anna.email@…), a longer name or a {{ placeholder }}
    return re.compile(rf"(?<![\w.@/-])(?<!{{{{ )(?:{alternatives})(?![\w@/-]|\.\w)")


def starting_pages() -> list[str]:
    """The lists, and one page for each kind of message, timeline event and state there is."""
    pages = ["/staff/", "/staff/customers/", "/staff/messages/", "/staff/status-reports/", "/staff/templates/",
             "/staff/service-requests/", "/staff/customer-messages/", "/staff/notifications/",
             "/staff/estimates/", "/staff/my-alerts/", "/staff/messages/last-24-hours/"]  # fmt: skip
    for kind in Message.objects.values_list("kind", flat=True).distinct():
        pages.append(f"/staff/messages/{Message.objects.filter(kind=kind).first().pk}/")
    for state in Message.objects.values_list("state", flat=True).distinct():
        pages.append(f"/staff/messages/{Message.objects.filter(state=state).first().pk}/")
    shapes = set()
    for entry in TimelineEntry.objects.order_by("id").select_related("work_order"):
        shape = (entry.kind, entry.event)
        if shape not in shapes:
            shapes.add(shape)
            pages.append(f"/staff/work-orders/{entry.work_order.number}/")
    for work_order_id in NotificationDecision.objects.values_list("work_order_id", flat=True)[:3]:
        pages.append(f"/staff/work-orders/{WorkOrder.objects.get(pk=work_order_id).number}/")
    for state in Estimate.objects.values_list("state", flat=True).distinct():
        pages.append(f"/staff/work-orders/{Estimate.objects.filter(state=state).first().work_order.number}/")
    for state in ServiceRequest.objects.values_list("state", flat=True).distinct():
        pages.append(f"/staff/service-requests/{ServiceRequest.objects.filter(state=state).first().pk}/")
    pages += [f"/staff/status-reports/{run.pk}/" for run in ReportRun.objects.all()[:2]]
    # the technician's jobs (authorised inspection items) and a work order's inspection in each state
    pages += ["/staff/technician/", "/staff/board/"]
    for state in Inspection.objects.values_list("state", flat=True).distinct():
        number = Inspection.objects.filter(state=state).first().work_order.number
        pages += [f"/staff/work-orders/{number}/", f"/staff/work-orders/{number}/?tab=inspection"]
    return pages


def read_every_staff_page(client) -> dict[str, str]:
    """{path: html} of the starting pages and the staff pages they link to, a few per view."""
    seen, per_view, pages = set(), defaultdict(int), {}
    queue = starting_pages()
    chosen = set(queue)  # read whatever the per-view limit
    while queue:
        path = queue.pop(0).split("#")[0]
        if path in seen:
            continue
        seen.add(path)
        try:
            view = resolve(path.split("?")[0]).url_name
        except Resolver404:
            continue
        if view in NOT_PAGES or (per_view[view] >= PAGES_PER_VIEW and path not in chosen):
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        per_view[view] += 1
        html = response.content.decode()
        pages[path] = html
        queue += [link for link in re.findall(r'href="(/staff/[^"]*)"', html) if link not in seen]
    return pages


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_staff_page_of_the_demo_shows_an_internal_code(demo, client, language):
    assert Message.objects.exists() and TimelineEntry.objects.exclude(data={}).exists()
    client.login(username="admin", password="fixloop-admin")
    client.cookies["django_language"] = language
    pages = read_every_staff_page(client)
    assert len(pages) > 40
    pattern = codes_pattern(language)
    found = {}
    for path, html in pages.items():
        text = " ".join(visible_text(html, language).split())
        matches = list(pattern.finditer(text))
        if matches:
            found[path] = [text[max(0, m.start() - 50) : m.end() + 10] for m in matches[:3]]
    assert not found, "\n".join(f"{path}: {texts}" for path, texts in found.items())
