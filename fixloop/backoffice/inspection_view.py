"""What the inspection section of the work-order page shows, read in a fixed number of queries:
the items by category with their photos, amounts and the customer's current answer, the versions
sent with how often each was opened, the communication log, the items still open from earlier
visits, the measurements beside the last visit's and the customer's remarks. Changes go through
inspections/services/ (backoffice/views/inspections.py)."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from fixloop.backoffice.forms import inspections as forms
from fixloop.estimates import money
from fixloop.inspections import presentation, queries
from fixloop.inspections.models import (
    Category,
    Checklist,
    Choice,
    Event,
    Inspection,
    InspectionItem,
    ItemTemplate,
    Media,
)
from fixloop.repairs.models import TimelineEntry, WorkOrder

# The customer's answer as staff read it: an icon (decoration) and its words (for everyone).
ANSWER_ICONS = {
    Choice.REPAIR: ("✔", "answer-repair"),
    Choice.DECLINE: ("✘", "answer-decline"),
    Choice.CONTACT: ("☎", "answer-contact"),
    Choice.DISAGREE: ("⚠", "answer-disagree"),
}
NO_ANSWER = ("–", "answer-none")

CHANNELS = {
    "email": _("E-mail"),
    "sms": _("Text message"),
    "link": _("Link"),
    "portal": _("Portal"),
}

# The overview's state in the work-order list and on the service board, in words.
BADGES = {
    Inspection.State.SENT: (_("Overview sent"), "overview-sent"),
    Inspection.State.OPENED: (_("Overview opened"), "overview-opened"),
    Inspection.State.ANSWERED: (_("Overview answered"), "overview-answered"),
}


@dataclass
class ItemView:
    item: InspectionItem
    amounts: money.Amounts | None
    answer: object | None
    answer_icon: tuple
    answer_label: str
    photos: list = field(default_factory=list)
    customer_photos: list = field(default_factory=list)
    edit_form: object = None


def earlier_items(work_order: WorkOrder, inspection: Inspection) -> list[InspectionItem]:
    """Items of earlier visits of the unit the customer declined, disagreed with or wanted to be
    contacted about, never authorised and not offered again since."""
    return queries.open_from_earlier_visits(work_order.unit, exclude=inspection) if work_order.unit_id else []


def _pick(failed_form, slot, default):
    """The form that came back with errors, if it is the one of this slot; otherwise `default()`."""
    if failed_form is not None and getattr(failed_form, "slot", None) == slot:
        return failed_form
    return default()


def _answer_label(answer) -> str:
    return answer.get_choice_display() if answer is not None else str(_("No answer yet"))


def _item_views(work_order, inspection, *, prices: bool, failed, editable: bool) -> list[ItemView]:
    """The items staff see, in order, each with the customer's current answer and its photos."""
    current = queries.current_answers(inspection)
    media = Prefetch("media", queryset=Media.objects.order_by("created_at", "id"))
    found = (
        inspection.items.filter(removed_at__isnull=True)
        .select_related("vat_rate", "authorised_by", "carried_from__inspection__work_order")
        .prefetch_related(media)
        .order_by("position", "id")
    )
    views = []
    for item in found:
        answer = current.get(item.pk)
        view = ItemView(
            item=item,
            amounts=presentation.item_amounts(item) if prices else None,
            answer=answer,
            answer_icon=ANSWER_ICONS.get(answer.choice, NO_ANSWER) if answer else NO_ANSWER,
            answer_label=_answer_label(answer),
            photos=[photo for photo in item.media.all() if photo.answer_id is None],
            customer_photos=list(answer.media.all()) if answer is not None else [],
        )
        if editable:
            view.edit_form = _pick(
                failed,
                ("item", item.pk),
                lambda item=item: forms.ItemForm(work_order=work_order, item=item),
            )
        views.append(view)
    return views


def _versions(inspection) -> list:
    """The sent versions, newest first, each with how often it was opened."""
    versions = list(inspection.versions.select_related("sent_by").order_by("-number"))
    opens = dict(
        Event.objects.filter(inspection=inspection, kind=Event.Kind.OPENED)
        .values_list("version")
        .annotate(count=Count("id"))
    )
    for version in versions:
        version.opens = opens.get(version.number, 0)
    return versions


def _communication_log(inspection) -> list:
    events = list(inspection.events.select_related("user").order_by("-at", "-id"))
    for event in events:
        event.channel_label = CHANNELS.get(event.channel, event.channel)
    return events


def section(
    work_order: WorkOrder, *, stamp: str, can_manage: bool, prices: bool, failed_form, show_not_saved: bool
) -> dict:
    failed = failed_form if failed_form is not None and failed_form.errors else None
    area = {
        "stamp": stamp,
        "can_manage": can_manage and not work_order.is_closed,
        "prices": prices,
        "failed_form": failed,
        "show_not_saved": show_not_saved,
        "closed": work_order.is_closed,
    }
    inspection = Inspection.objects.select_related("checklist").filter(work_order=work_order).first()
    area["inspection"] = inspection
    if inspection is None:
        area["start_form"] = _pick(failed, ("start",), forms.StartForm)
        area["has_checklists"] = Checklist.objects.filter(active=True).exists()
        return area

    views = _item_views(work_order, inspection, prices=prices, failed=failed, editable=area["can_manage"])
    area["groups"] = [
        {"category": value, "label": label, "items": [view for view in views if view.item.category == value]}
        for value, label in Category.choices
    ]
    visible = [view.amounts for view in views if view.amounts is not None and view.item.visible_to_customer]
    area["total"] = money.total(visible) if prices and visible else None
    area["currency"] = work_order.location.currency

    versions = _versions(inspection)
    area["versions"] = versions
    area["current_version"] = versions[0] if versions else None
    area["events"] = _communication_log(inspection)
    area["measurements"] = queries.measurements_beside_last_visit(inspection)
    area["earlier"] = earlier_items(work_order, inspection)
    area["remarks"] = list(
        work_order.customer_notes.filter(entry__kind=TimelineEntry.Kind.INSPECTION)
        .select_related("entry", "read_by")
        .order_by("-created_at", "-id")
    )
    area["unanswered"] = sum(
        1
        for view in views
        if view.item.visible_to_customer and view.item.category != Category.OK and not view.answer
    )
    if area["can_manage"]:
        area["add_form"] = _pick(failed, ("add",), lambda: forms.ItemForm(work_order=work_order))
        area["has_templates"] = ItemTemplate.objects.filter(active=True).exists()
        area["note_form"] = _pick(
            failed,
            ("note",),
            lambda: forms.NoteForm(initial={"note_for_customer": inspection.note_for_customer}),
        )
        area["send_form"] = _pick(failed, ("send",), lambda: forms.SendForm(customer=work_order.customer))
        area["authorise_choices"] = forms.AuthoriseForm
    return area


def badge(inspection) -> tuple[str, str] | None:
    """(words, style) of an overview's state for the lists, or None while it was never sent."""
    if inspection is None:
        return None
    found = BADGES.get(inspection.state)
    return (str(found[0]), found[1]) if found else None
