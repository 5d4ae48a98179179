"""The demo's inspections (diagnostic overviews) of cars, played through the inspection services on the
demo clock: the "Annual service" checklist and the item templates a shop sets up, a car's earlier
visit (measured, answered with a declined item, authorised, closed), and six work orders with an
overview in every state: not sent yet (checklist points rated and measured, beside the earlier visit's
values, the declined item offered again), sent, opened, answered (a comment and a declined item),
changed after sending (version 2, an answer kept) and authorised (two items with a thumbs up, on the
technician's view)."""

import random
from decimal import Decimal

from fixloop.core.actor import Actor, ActorKind
from fixloop.demo import files, samples
from fixloop.demo.clock import DemoClock
from fixloop.demo.configuration import DemoShop
from fixloop.inspections.models import Category, Checklist, ChecklistPoint, Choice, Inspection, ItemTemplate
from fixloop.inspections.services import answers, authorising, checklists, items, media, sending
from fixloop.repairs import services as repairs
from fixloop.repairs.models import WorkOrder

# (label, measurement, unit): the "Annual service" checklist, 30 points.
ANNUAL_SERVICE = [
    ("Engine oil level and condition", "", ""),
    ("Coolant level and antifreeze", "", ""),
    ("Brake fluid level and water content", "", ""),
    ("Power steering and washer fluid", "", ""),
    ("V-belt and hoses", "", ""),
    ("Air filter", "", ""),
    ("Cabin filter", "", ""),
    ("Spark plugs / glow plugs", "", ""),
    ("Battery test", "Battery test", "%"),
    ("Lights front and rear", "", ""),
    ("Indicators, hazard lights, horn", "", ""),
    ("Wiper blades and washer jets", "", ""),
    ("Windscreen (stone chips, cracks)", "", ""),
    ("Tread depth front left", "Tread depth front left", "mm"),
    ("Tread depth front right", "Tread depth front right", "mm"),
    ("Tread depth rear left", "Tread depth rear left", "mm"),
    ("Tread depth rear right", "Tread depth rear right", "mm"),
    ("Tyre pressure incl. spare", "", ""),
    ("Brake pads front", "Brake pad thickness front", "mm"),
    ("Brake pads rear", "Brake pad thickness rear", "mm"),
    ("Brake discs", "", ""),
    ("Brake hoses and lines", "", ""),
    ("Parking brake", "", ""),
    ("Shock absorbers", "", ""),
    ("Steering joints and tie rods", "", ""),
    ("Drive shaft boots", "", ""),
    ("Exhaust system", "", ""),
    ("Underbody and corrosion", "", ""),
    ("Fault memory read out", "", ""),
    ("Test drive", "", ""),
]

# (description, category, labour, parts): item templates with their default prices (net).
TEMPLATES = [
    ("Oil and filter change", Category.SCHEDULED, "49.00", "62.50"),
    ("Annual service inspection", Category.SCHEDULED, "129.00", "0.00"),
    ("Front brake pads", Category.NECESSARY, "89.00", "96.40"),
    ("Front brake discs and pads", Category.NECESSARY, "149.00", "238.70"),
    ("Wiper blades front", Category.RECOMMENDED, "9.50", "34.90"),
    ("Cabin filter", Category.RECOMMENDED, "19.00", "27.80"),
    ("Battery replacement", Category.NECESSARY, "29.00", "139.00"),
    ("Brake fluid change", Category.RECOMMENDED, "39.00", "14.90"),
]

# The ratings (and values) a technician gives the measured points and a few others, by label: the
# rest of the list is checked and OK (green).
EARLIER_VISIT = {
    "Tread depth front left": ("green", "5.8"),
    "Tread depth front right": ("green", "5.6"),
    "Tread depth rear left": ("green", "6.4"),
    "Tread depth rear right": ("green", "6.3"),
    "Brake pads front": ("yellow", "5.0"),
    "Brake pads rear": ("green", "8.1"),
    "Battery test": ("green", "86"),
    "Wiper blades and washer jets": ("yellow", None),
}
THIS_VISIT = {
    "Tread depth front left": ("yellow", "3.4"),
    "Tread depth front right": ("yellow", "3.2"),
    "Tread depth rear left": ("green", "5.1"),
    "Tread depth rear right": ("green", "5.0"),
    "Brake pads front": ("red", "2.1"),
    "Brake pads rear": ("green", "6.9"),
    "Battery test": ("yellow", "58"),
    "Cabin filter": ("yellow", None),
}

NOTES = {
    "brakes": (
        "Front pads worn down to 2 mm; the discs are still within tolerance.",
        "Bremsbeläge vorne auf 2 mm abgefahren; die Scheiben sind noch in Ordnung.",
    ),
    "wipers": ("The blades smear the windscreen.", "Die Wischerblätter schmieren."),
    "battery": (
        "The battery holds 58 % of its capacity; it may fail on a cold morning.",
        "Die Batterie hat noch 58 % Kapazität; an einem kalten Morgen kann sie ausfallen.",
    ),
    "customer": (
        "Please call me first, I would like to know whether it can wait until spring.",
        "Bitte rufen Sie mich vorher an, ich möchte wissen, ob das bis zum Frühjahr warten kann.",
    ),
    "declined": ("I will change them myself.", "Die wechsle ich selbst."),
}


def setup_checklist() -> Checklist:
    """The shop's "Annual service" checklist and its item templates (configuration, as an
    administrator enters it)."""
    checklist, created = Checklist.objects.get_or_create(name="Annual service")
    if created:
        ChecklistPoint.objects.bulk_create(
            ChecklistPoint(
                checklist=checklist,
                position=position,
                label=label,
                measurement=measurement,
                measurement_unit=unit,
            )
            for position, (label, measurement, unit) in enumerate(ANNUAL_SERVICE, start=1)
        )
    for description, category, labour, parts in TEMPLATES:
        ItemTemplate.objects.get_or_create(
            description=description,
            defaults={"category": category, "labour": Decimal(labour), "parts": Decimal(parts)},
        )
    return checklist


class Visit:
    """One work order's inspection, played step by step on the demo clock."""

    def __init__(self, work_order: WorkOrder, checklist, technician: Actor, advisor: Actor, rng, clock):
        self.work_order, self.rng, self.clock = work_order, rng, clock
        self.technician, self.advisor = technician, advisor
        self.customer = work_order.customer
        self.inspection = items.start(work_order, by=technician, checklist=checklist)

    def text(self, key: str) -> str:
        english, german = NOTES[key]
        return german if self.customer.language == "de" else english

    def customer_actor(self) -> Actor:
        return Actor(
            ActorKind.CUSTOMER,
            ip=samples.customer_ip(self.work_order.pk),
            user_agent=self.rng.choice(samples.USER_AGENTS),
            name=self.customer.name,
        )

    def step(self) -> None:
        """The next step, a little later (a visit's steps take hours, not days)."""
        self.clock.later(at_most_days=0.4)

    def rate(self, ratings: dict) -> None:
        """The technician works through the checklist: the given ratings, the rest green."""
        self.step()
        for point in self.inspection.checklist.points.order_by("position"):
            rating, value = ratings.get(point.label, ("green", None))
            checklists.rate_point(self.inspection, point, rating, by=self.technician, value=value)

    def point_item(self, label: str):
        return self.inspection.items.get(checklist_point__label=label, removed_at__isnull=True)

    def price(self, label: str, template_description: str, note: str = "") -> None:
        """The advisor prices what the technician found with a template's prices."""
        template = ItemTemplate.objects.get(description=template_description)
        fields = {"description": template.description, "labour": template.labour, "parts": template.parts}
        if note:
            fields["technician_note"] = note
        items.change_item(self.point_item(label), by=self.advisor, **fields)

    def add(self, template_description: str):
        return items.add_from_template(
            self.inspection, ItemTemplate.objects.get(description=template_description), by=self.advisor
        )

    def photo(self, item, name: str) -> None:
        media.add_media(item, files.png(name), by=self.technician)

    def priced(self) -> None:
        """Rated and priced: the brakes necessary (with a photo), the wipers, the cabin filter and the
        battery recommended, the oil change scheduled."""
        self.rate({**THIS_VISIT, "Wiper blades and washer jets": ("yellow", None)})
        self.price("Brake pads front", "Front brake pads", self.text("brakes"))
        self.price("Wiper blades and washer jets", "Wiper blades front", self.text("wipers"))
        self.price("Cabin filter", "Cabin filter")
        self.price("Battery test", "Battery replacement", self.text("battery"))
        self.add("Oil and filter change")
        self.photo(self.point_item("Brake pads front"), "brake-pads.png")

    def found_items(self) -> tuple:
        """(brakes, wipers, battery, oil change) of a priced visit."""
        return (
            self.point_item("Brake pads front"),
            self.point_item("Wiper blades and washer jets"),
            self.point_item("Battery test"),
            self.inspection.items.get(description="Oil and filter change"),
        )

    def send(self) -> None:
        self.step()
        sending.send(self.inspection, by=self.advisor, emails=[self.customer.email])
        self.inspection.refresh_from_db()

    def open(self) -> None:
        self.step()
        answers.record_open(self.inspection, by=self.customer_actor())

    def answer(self, choices: dict) -> None:
        """{item: choice or (choice, comment)} of the current version."""
        self.step()
        given = {}
        for item, choice in choices.items():
            choice, comment = choice if isinstance(choice, tuple) else (choice, "")
            given[item.pk] = (choice, comment)
        answers.submit(
            self.inspection,
            version_number=self.inspection.version,
            answers=given,
            by=self.customer_actor(),
            name=self.customer.contact_name or self.customer.name,
        )
        self.inspection.refresh_from_db()

    def authorise(self, *chosen) -> None:
        self.step()
        for item in chosen:
            authorising.authorise(item, by=self.advisor, authorised=True)


def earlier_visit(
    rng: random.Random, shop: DemoShop, advisor: Actor, technician, clock: DemoClock, owner, open_work_order
):
    """The first car's visit some weeks ago: measured, answered (the wipers declined), the brakes
    authorised and done, closed. Returns the declined item. `open_work_order(customer, unit)` opens a
    work order as the demo's counter does."""
    # Its steps draw on its own random source: the other stories keep their times.
    with clock.drawing_from(rng):
        checklist = setup_checklist()
        by_technician = Actor.staff_user(technician)
        earlier = Visit(open_work_order(*owner), checklist, by_technician, advisor, rng, clock)
        earlier.rate(EARLIER_VISIT)
        earlier.price("Brake pads front", "Front brake pads")
        earlier.price("Wiper blades and washer jets", "Wiper blades front", earlier.text("wipers"))
        earlier.send()
        earlier.open()
        brakes, wipers = (
            earlier.point_item("Brake pads front"),
            earlier.point_item("Wiper blades and washer jets"),
        )
        earlier.answer({brakes: Choice.REPAIR, wipers: (Choice.DECLINE, earlier.text("declined"))})
        earlier.authorise(brakes)
        earlier.step()
        repairs.change_status(earlier.work_order, shop.statuses["ready"], by=by_technician)
        earlier.step()
        repairs.close(earlier.work_order, by=advisor)
        return wipers


def this_weeks_visits(
    rng: random.Random,
    shop: DemoShop,
    advisor: Actor,
    technician,
    clock: DemoClock,
    owners: list,
    open_work_order,
    earlier_wipers,
) -> None:
    """Six overviews, one in each state; `owners`: six (customer, car), the first the earlier visit's.
    The six work orders are opened first, so their numbers follow the moment the visits begin."""
    # Its steps draw on its own random source: the other stories keep their times.
    with clock.drawing_from(rng):
        checklist = setup_checklist()
        by_technician = Actor.staff_user(technician)
        visits = []
        for owner in owners:  # a few minutes apart, so their numbers follow the time they were opened
            visits.append(Visit(open_work_order(*owner), checklist, by_technician, advisor, rng, clock))
            clock.later(at_most_days=0.02)
        draft, sent, opened, answered, changed, authorised = visits

        # Not sent yet: the first car again, rated and measured; the wipers declined last time offered again.
        draft.rate(THIS_VISIT)
        draft.price("Brake pads front", "Front brake pads", draft.text("brakes"))
        draft.price("Battery test", "Battery replacement", draft.text("battery"))
        draft.step()
        items.add_item(
            draft.inspection,
            by=advisor,
            category=Category.RECOMMENDED,
            description=earlier_wipers.description,
            technician_note=earlier_wipers.technician_note,
            labour=earlier_wipers.labour,
            parts=earlier_wipers.parts,
            carried_from=earlier_wipers,
        )

        for found in (sent, opened, answered, changed, authorised):
            found.priced()

        sent.send()

        opened.send()
        opened.open()

        answered.send()
        answered.open()
        brakes, wipers, battery, oil = answered.found_items()
        answered.answer(
            {
                brakes: Choice.REPAIR,
                wipers: (Choice.DECLINE, answered.text("declined")),
                battery: (Choice.CONTACT, answered.text("customer")),
                oil: Choice.REPAIR,
            }
        )

        changed.send()
        changed.open()
        brakes, wipers, battery, oil = changed.found_items()
        changed.answer({brakes: Choice.REPAIR, wipers: Choice.DISAGREE, oil: Choice.REPAIR})
        changed.step()  # the advisor corrects the battery's price and sends version 2: the other answers stay
        items.change_item(battery, by=advisor, parts=Decimal("119.00"))
        changed.send()

        authorised.send()
        authorised.open()
        brakes, wipers, battery, oil = authorised.found_items()
        authorised.answer(
            {brakes: Choice.REPAIR, wipers: Choice.DECLINE, battery: Choice.CONTACT, oil: Choice.REPAIR}
        )
        authorised.authorise(brakes, oil)
        authorised.step()
        repairs.change_status(authorised.work_order, shop.statuses["repair"], by=advisor)


def states() -> dict[str, int]:
    """{state: how many inspections} (for the seed's summary and its tests)."""
    found: dict[str, int] = {}
    for state in Inspection.objects.values_list("state", flat=True):
        found[state] = found.get(state, 0) + 1
    return found
