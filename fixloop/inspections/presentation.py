"""The customer's view of an inspection, one home for the page, the staff preview and messages.

`content()` freezes what a version shows (sending.py stores it); `summary()` is the running summary
the customer sees: scheduled services, additional repairs (the other items they want repaired) and
what they want to be contacted about, with the amounts incl. VAT and the total VAT. Amounts are shown
only where the location shows them (content["show_prices"]).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from fixloop.estimates import money
from fixloop.inspections.models import Category, Choice, Inspection, InspectionItem

CATEGORY_ORDER = [Category.SCHEDULED, Category.NECESSARY, Category.RECOMMENDED, Category.OK]


def item_amounts(item: InspectionItem) -> money.Amounts:
    rate = item.vat_rate.rate if item.vat_rate_id else Decimal(0)
    return money.line(Decimal(1), item.labour, rate) + money.line(Decimal(1), item.parts, rate)


def content(inspection: Inspection, number: int, previous: dict | None) -> dict:
    """What version `number` shows: the visible items in the customer's order, frozen."""
    location = inspection.work_order.location
    before = {entry["id"]: entry["revision"] for entry in (previous or {}).get("items", [])}
    visible = (
        inspection.items.filter(visible_to_customer=True, removed_at__isnull=True)
        .select_related("vat_rate")
        .prefetch_related("media")
    )
    entries = []
    for item in sorted(
        visible, key=lambda item: (CATEGORY_ORDER.index(item.category), item.position, item.pk)
    ):
        amounts = item_amounts(item)
        entries.append(
            {
                "id": item.pk,
                "revision": item.revision,
                "category": item.category,
                "description": item.description,
                "technician_note": item.technician_note,
                "labour": str(item.labour),
                "parts": str(item.parts),
                "vat_rate": str(item.vat_rate.rate) if item.vat_rate_id else "0",
                "amounts": amounts.as_dict(),
                "media": [media.pk for media in item.media.all() if media.answer_id is None],
                "changed": bool(previous) and before.get(item.pk) != item.revision,
                "carried": item.carried_from_id is not None,
            }
        )
    return {
        "number": number,
        "note": inspection.note_for_customer,
        "currency": location.currency,
        "prices_include_vat": location.prices_include_vat,
        "show_prices": location.customers_see_inspection_prices,
        "items": entries,
        "total": money.total(money.Amounts.from_dict(entry["amounts"]) for entry in entries).as_dict(),
    }


def choices_for(category: str) -> list[str]:
    """The answers an item of this category offers ("checked and OK" asks for none)."""
    if category == Category.OK:
        return []
    if category == Category.RECOMMENDED:
        return [Choice.REPAIR, Choice.DECLINE, Choice.CONTACT, Choice.DISAGREE]
    return [Choice.REPAIR, Choice.DECLINE, Choice.CONTACT]


@dataclass
class Part:
    items: list = field(default_factory=list)
    amounts: money.Amounts = field(default_factory=money.Amounts)

    def add(self, entry: dict) -> None:
        self.items.append(entry)
        self.amounts = self.amounts + money.Amounts.from_dict(entry["amounts"])


@dataclass
class Summary:
    scheduled: Part
    additional: Part
    contact: Part
    show_prices: bool

    @property
    def total(self) -> money.Amounts:
        return self.scheduled.amounts + self.additional.amounts

    @property
    def empty(self) -> bool:
        return not (self.scheduled.items or self.additional.items or self.contact.items)


def summary(content: dict, choices: dict[int, str]) -> Summary:
    """The running summary for `choices` ({item id: choice}) of a version's content."""
    result = Summary(Part(), Part(), Part(), content["show_prices"])
    for entry in content["items"]:
        choice = choices.get(entry["id"])
        if choice == Choice.REPAIR:
            (result.scheduled if entry["category"] == Category.SCHEDULED else result.additional).add(entry)
        elif choice == Choice.CONTACT:
            result.contact.add(entry)
    return result


def grouped(content: dict) -> list[tuple[str, str, list[dict]]]:
    """[(category value, category label, entries)] in the customer's order, empty categories left out."""
    groups = []
    for category in CATEGORY_ORDER:
        entries = [entry for entry in content["items"] if entry["category"] == category]
        if entries:
            groups.append((category.value, category.label, entries))
    return groups
