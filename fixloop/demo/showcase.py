"""The demo data set: about forty customers and work orders in every status, made through the service
functions so that each timeline is exactly what the product writes when staff and customers use it.

It is a shop's month: the stories are played on the demo clock (clock.py) in the shop's working
hours, each work order opened some working days ago (AGES: closed repairs weeks ago, the ones
waiting for the customer's decision within the estimates' validity) and each step a while after the
one before, so timeline entries, messages, estimates and requests spread over days and weeks. The
example case the demo's banner offers (example_case()) has the whole history of a repair. For months
of history in bulk use the bulk generator (`fixloop seed --work-orders`).
"""

import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from fixloop.api.models import WebhookEndpoint
from fixloop.api.webhooks import services as webhooks
from fixloop.core.actor import Actor, ActorKind
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.customers.services import next_customer_number, save_customer, save_unit
from fixloop.demo import bookings as demo_bookings
from fixloop.demo import files, generate, samples
from fixloop.demo import inspections as demo_inspections
from fixloop.demo import invoices as demo_invoices
from fixloop.demo import workshop as demo_workshop
from fixloop.demo.clock import DemoClock
from fixloop.demo.configuration import DemoShop
from fixloop.demo.integrations import seed_integration
from fixloop.estimates import services as estimates
from fixloop.estimates.models import Decision, DisputeSubject, Estimate, Job
from fixloop.messaging import rules
from fixloop.messaging.models import Event
from fixloop.repairs import services
from fixloop.repairs.models import Phase, WorkOrder
from fixloop.reports import services as reports
from fixloop.shop.models import Role, ShopProfile

PERSONS = 32


@dataclass
class Scene:
    """One work order's story, told through the service functions."""

    work_order: WorkOrder
    shop: DemoShop
    technician: Actor
    advisor: Actor
    rng: random.Random
    clock: DemoClock

    def later(self) -> None:
        """The next step happens a while after the one before (see DemoClock.later)."""
        self.clock.later()

    @property
    def customer(self) -> CustomerAccount:
        return self.work_order.customer

    def _in_language(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.customer.language == "de" else pair[0]

    def status(self, key: str) -> None:
        self.later()
        status = self.shop.statuses[key]
        self.work_order.refresh_from_db(fields=["status"])
        if self.work_order.status_id != status.pk:  # an estimate event may have moved it there (StatusMoves)
            services.change_status(self.work_order, status, by=self.technician)

    def note(self, text: str) -> None:
        self.later()
        services.add_comment(self.work_order, text, public=False, by=self.technician)

    def tell(self, pair: tuple[str, str]) -> None:
        self.later()
        services.add_comment(self.work_order, self._in_language(pair), public=True, by=self.advisor)

    @property
    def signed_name(self) -> str:
        return self.customer.contact_name or self.customer.name

    def _customer(self) -> Actor:
        """The customer, acting through their browser."""
        return Actor(
            ActorKind.CUSTOMER,
            ip=samples.customer_ip(self.work_order.pk),
            user_agent=self.rng.choice(samples.USER_AGENTS),
            name=self.customer.name,
        )

    def customer_says(self, pair: tuple[str, str]) -> None:
        self.later()
        services.add_comment(self.work_order, self._in_language(pair), public=True, by=self._customer())

    def send_estimate(self) -> Estimate:
        """An estimate with the jobs and parts that fit the unit, sent to the customer (who is told,
        with the link and the PDF)."""
        self.later()
        unit = self.work_order.unit
        group = next(
            key for key, group in self.shop.product_groups.items() if group.pk == unit.product_group_id
        )
        vat_rate = self.work_order.location.default_vat_rate()
        estimate = estimates.start_estimate(self.work_order, by=self.advisor)
        for description, hours, rate, fixed, parts in samples.ESTIMATE_JOBS[group]:
            job = estimates.save_job(
                estimate,
                by=self.advisor,
                description=self._in_language(description),
                pricing=Job.Pricing.FIXED if fixed else Job.Pricing.HOURLY,
                hours=Decimal(hours) if hours else None,
                hourly_rate=Decimal(rate) if rate else None,
                fixed_price=Decimal(fixed) if fixed else None,
                vat_rate=vat_rate,
            )
            for part_number, part, quantity, price in parts:
                estimates.save_part(
                    estimate,
                    by=self.advisor,
                    job=job,
                    part_number=part_number,
                    description=self._in_language(part),
                    quantity=Decimal(quantity),
                    unit_price=Decimal(price),
                    vat_rate=vat_rate,
                )
        estimates.submit(estimate, by=self.advisor, notify=True)
        estimate.refresh_from_db()
        return estimate

    def customer_decides(self, estimate: Estimate, choices: dict[int, estimates.Choice]) -> None:
        """The customer decides online through their link, signing with their name."""
        self.later()
        version = estimate.current_version
        estimates.decide(
            estimate,
            version_number=version.number,
            version_hash=version.content_hash,
            choices=choices,
            signed_name=self.signed_name,
            authorised=True,
            by=self._customer(),
        )

    def attach(self, upload, *, public: bool, note: str = "") -> None:
        self.later()
        services.attach_file(self.work_order, upload, public=public, by=self.technician, note=note)

    def promise(self, days: int) -> None:
        self.later()
        services.update_details(
            self.work_order, by=self.advisor, promised_date=timezone.localdate() + timedelta(days)
        )

    def reassign(self, technician) -> None:
        self.later()
        services.update_details(self.work_order, by=self.advisor, technician=technician)

    def close(self, key: str, note: str = "") -> None:
        self.later()
        services.close(self.work_order, by=self.advisor, status=self.shop.statuses[key], note=note)

    def reopen(self, reason: str, key: str) -> None:
        self.later()
        services.reopen(self.work_order, by=self.advisor, reason=reason, status=self.shop.statuses[key])


def received(s: Scene) -> None:
    s.tell(samples.PUBLIC_COMMENTS[Phase.OPEN][0])


def diagnosis(s: Scene) -> None:
    s.status("diagnosis")
    s.note(s.rng.choice(samples.INTERNAL_NOTES))


def repair(s: Scene) -> None:
    s.status("diagnosis")
    estimate = s.send_estimate()
    s.customer_decides(
        estimate, {job["key"]: estimates.Choice(Decision.APPROVED) for job in estimate.current_version.jobs}
    )
    s.status("repair")
    s.tell(samples.PUBLIC_COMMENTS[Phase.IN_PROGRESS][0])
    s.attach(files.png("damage.png"), public=True, note="Photo of the damage as it came in.")


def approval(s: Scene) -> None:
    s.status("diagnosis")
    report = files.pdf(
        "diagnosis.pdf",
        [
            f"Funke & Speiche - diagnosis for {s.work_order.number}",
            "",
            "Fault reproduced on the bench.",
            "Cause found; the repair needs a replacement part.",
            "The estimate has been sent for your approval.",
        ],
    )
    s.attach(report, public=True, note="Diagnosis report.")
    s.send_estimate()
    s.status("approval")
    s.customer_says(samples.CUSTOMER_COMMENTS[0])


def disputed(s: Scene) -> None:
    """The customer approves the work but disputes a part's price; the shop answers in the thread."""
    s.status("diagnosis")
    estimate = s.send_estimate()
    s.status("approval")
    jobs = estimate.current_version.jobs
    queried = next(job for job in jobs if job["parts"])
    choices = {job["key"]: estimates.Choice(Decision.APPROVED) for job in jobs}
    choices[queried["key"]] = estimates.Choice(
        Decision.DISPUTED, DisputeSubject.PARTS, s._in_language(samples.DISPUTE_THREAD["customer"])
    )
    s.customer_decides(estimate, choices)
    s.later()
    estimates.acknowledge_dispute(estimate, by=s.advisor, note=s._in_language(samples.DISPUTE_THREAD["shop"]))
    s.later()
    estimates.add_dispute_message(
        estimate, s._in_language(samples.DISPUTE_THREAD["follow_up"]), by=s._customer(), name=s.signed_name
    )


def parts(s: Scene) -> None:
    s.status("diagnosis")
    s.status("parts")
    s.tell(samples.PUBLIC_COMMENTS[Phase.WAITING_FOR_PARTS][0])
    s.promise(days=7)


def quality(s: Scene) -> None:
    s.status("repair")
    log = files.text("bench-test.txt", ["bench test 30 min", "temperature max 71 C", "errors: none"])
    s.attach(log, public=False)
    s.status("quality")
    s.note("Test run of 30 minutes without errors.")


def ready(s: Scene) -> None:
    s.status("repair")
    s.status("ready")
    s.tell(samples.PUBLIC_COMMENTS[Phase.READY][0])


def picked_up(s: Scene) -> None:
    s.status("repair")
    s.status("ready")
    s.close("picked_up")


def cancelled(s: Scene) -> None:
    s.status("diagnosis")
    s.status("approval")
    s.customer_says(
        ("I'd rather not repair it after all, thank you.", "Ich lasse es doch nicht reparieren, danke.")
    )
    s.close("cancelled", note="Customer declined the estimate; device returned unrepaired.")


def reopened(s: Scene) -> None:
    s.status("repair")
    s.status("ready")
    s.close("picked_up")
    s.reopen("Customer came back: the same fault appeared again after two days.", "diagnosis")


def reassigned(s: Scene) -> None:
    s.status("diagnosis")
    others = [t for t in s.shop.staff_with_role(Role.TECHNICIAN) if t != s.work_order.technician]
    s.reassign(s.rng.choice(others))


def at_manufacturer(s: Scene) -> None:
    s.status("diagnosis")
    retired = s.shop.statuses["manufacturer"]
    # The repair reached this step while it was still in use; the shop retired it afterwards.
    was_active = retired.active
    retired.active = True
    retired.save(update_fields=["active"])
    s.status("manufacturer")
    retired.active = was_active
    retired.save(update_fields=["active"])
    s.tell(
        (
            "Your device is with the manufacturer for a warranty repair.",
            "Ihr Gerät ist zur Garantiereparatur beim Hersteller.",
        )
    )


STORIES = [
    received,
    diagnosis,
    repair,
    approval,
    parts,
    quality,
    ready,
    picked_up,
    cancelled,
    reopened,
    reassigned,
    at_manufacturer,
    disputed,
]


# When each story's work order was opened: (from, to) working days before the end of the demo's month.
# Closed repairs are weeks old; estimates waiting for the customer's decision were sent within their
# validity (14 days); what came in today is hours old.
AGES = {
    received: (0.1, 0.6),
    diagnosis: (0.5, 2),
    repair: (3, 7),
    approval: (1, 4),
    parts: (5, 10),
    quality: (3, 8),
    ready: (4, 9),
    picked_up: (8, 20),
    cancelled: (6, 16),
    reopened: (12, 20),
    reassigned: (1, 3),
    at_manufacturer: (10, 18),
    disputed: (2, 5),
}
MONTH_WORKING_DAYS = 22  # the customers are on file from the start of it


@dataclass
class Episode:
    """Something that happens in the demo's month from `at` on; episodes are played in their order."""

    at: datetime
    play: Callable[[], None]


def seed_demo(rng: random.Random, shop: DemoShop) -> None:
    """Create the demo customers, their work orders, service requests and bookings, over a month."""
    clock = DemoClock(zoneinfo.ZoneInfo(ShopProfile.get().time_zone), rng)
    with clock.running():
        clock.set(clock.working_days_ago(MONTH_WORKING_DAYS))
        _seed_month(rng, shop, clock)


def _seed_month(rng: random.Random, shop: DemoShop, clock: DemoClock) -> None:
    advisor = Actor.staff_user(shop.staff_with_role(Role.SERVICE_ADVISOR)[0])
    technicians = shop.staff_with_role(Role.TECHNICIAN)
    demo_workshop.choose_ready_status(shop)
    _notification_rules(shop, advisor)
    _example_webhook_endpoint(shop)
    owners = _customers(rng, shop)
    example = _example_customer(rng, shop)
    # The inspections draw from a copy of the random state: the rest of the demo stays as it was.
    cars_rng = random.Random()
    cars_rng.setstate(rng.getstate())
    cars, declined = _car_owners(cars_rng, shop), []

    def open_for(customer, unit) -> WorkOrder:
        return _open(cars_rng, shop, customer, unit, technicians[0], advisor)

    episodes = []
    awaiting = None
    for index, (customer, unit) in enumerate(owners):
        story = STORIES[index % len(STORIES)]
        technician = None if story is received else technicians[index % len(technicians)]

        def play(story=story, customer=customer, unit=unit, technician=technician):
            work_order = _open(rng, shop, customer, unit, technician, advisor)
            story(
                Scene(work_order, shop, Actor.staff_user(technician or technicians[0]), advisor, rng, clock)
            )

        episodes.append(Episode(clock.working_days_ago(rng.uniform(*AGES[story])), play))
        if story is approval and awaiting is None:
            awaiting = customer
    episodes += [
        Episode(
            clock.working_days_ago(rng.uniform(*EXAMPLE_AGE)),
            lambda: _example_case(rng, shop, *example, advisor, technicians[0], clock),
        ),
        Episode(
            clock.working_days_ago(rng.uniform(2.5, 3.5)),
            lambda: _service_requests(rng, shop, owners, advisor, technicians[0], clock),
        ),
        Episode(
            clock.working_days_ago(rng.uniform(1.5, 2.5)),
            lambda: _second_estimate(rng, shop, awaiting, advisor, technicians[0], clock),
        ),
        Episode(
            clock.working_days_ago(rng.uniform(5.5, 6.5)),
            lambda: demo_bookings.portal_login(shop, awaiting, advisor),
        ),
        Episode(
            clock.working_days_ago(rng.uniform(3.5, 4.5)),
            lambda: _invoiced(rng, shop, owners, advisor, technicians[0], clock),
        ),
        Episode(
            clock.working_days_ago(rng.uniform(0.5, 1.5)),
            lambda: demo_bookings.seed_bookings(rng, shop, owners, awaiting, advisor),
        ),
        # A car's earlier visit weeks ago, then this week's overviews, one in each state.
        Episode(
            clock.working_days_ago(cars_rng.uniform(16, 18)),
            lambda: declined.append(
                demo_inspections.earlier_visit(
                    cars_rng, shop, advisor, technicians[0], clock, cars[0], open_for
                )
            ),
        ),
        Episode(
            clock.working_days_ago(cars_rng.uniform(2.5, 3.5)),
            lambda: demo_inspections.this_weeks_visits(
                cars_rng, shop, advisor, technicians[0], clock, cars, open_for, declined[0]
            ),
        ),
        Episode(
            clock.working_days_ago(rng.uniform(0.2, 0.4)),
            lambda: seed_integration(shop, WorkOrder.objects.open().order_by("opened_at", "id").first()),
        ),
    ]
    # In the order they begin, so that work-order numbers follow the order in which stories start.
    for episode in sorted(episodes, key=lambda episode: episode.at):
        clock.set(episode.at)
        episode.play()
    # The example case's history stays exactly as its story wrote it, in time order.
    demo_workshop.seed_workshop(rng, shop, clock, leave_out=example_case())
    clock.set(clock.end)
    _report_subscriptions(owners, example[0], awaiting)


# ----------------------------------------------------------------------------- the example case

EXAMPLE_AGE = (8.5, 9.5)  # working days: long enough for a whole repair, within its estimate's validity
EXAMPLE_CUSTOMER_EMAIL = "emily.parker@example.com"


def example_case() -> WorkOrder | None:
    """The work order the demo offers to look up (`fixloop rundemo` prints its number, postal code
    and link): the example case with a repair's whole history, else the oldest open work order of an
    English-speaking customer with a postal code (a database seeded before the example case existed)."""
    open_ones = WorkOrder.objects.filter(closed_at=None, customer__postal_code__gt="").select_related(
        "customer"
    )
    return (
        open_ones.filter(customer__email=EXAMPLE_CUSTOMER_EMAIL).order_by("-pk").first()
        or open_ones.filter(customer__language="en").order_by("opened_at").first()
    )


def _example_customer(rng: random.Random, shop: DemoShop) -> tuple[CustomerAccount, Unit]:
    berlin = samples.CITIES[0]
    customer = _save(
        shop,
        generate.CustomerData(
            name="Emily Parker",
            language="en",
            city=berlin,
            address_line="Wrangelstraße 12",
            postal_code="10997",
            email=EXAMPLE_CUSTOMER_EMAIL,
        ),
    )
    return _with_unit(rng, shop, customer, generate.device(rng, "laptops"))


def _example_case(rng, shop: DemoShop, customer, unit, advisor: Actor, technician, clock: DemoClock) -> None:
    """A laptop's repair from the counter to "ready for pick-up": received, diagnosed, an estimate
    approved online, a part ordered and fitted, tested, and the customer told at each step."""
    work_order = _open(rng, shop, customer, unit, technician, advisor)
    s = Scene(work_order, shop, Actor.staff_user(technician), advisor, rng, clock)
    s.tell(samples.PUBLIC_COMMENTS[Phase.OPEN][0])
    s.status("diagnosis")
    s.note("Fan bearing worn, heat sink clogged; battery health 61 %.")
    s.attach(files.png("bench.png"), public=True, note="The fan as we found it.")
    estimate = s.send_estimate()
    s.customer_decides(
        estimate, {job["key"]: estimates.Choice(Decision.APPROVED) for job in estimate.current_version.jobs}
    )
    s.status("parts")
    s.tell(samples.PUBLIC_COMMENTS[Phase.WAITING_FOR_PARTS][0])
    s.promise(days=5)
    s.status("repair")
    s.tell(
        (
            "The new fan has arrived; we are fitting it now.",
            "Der neue Lüfter ist da; wir bauen ihn jetzt ein.",
        )
    )
    s.status("quality")
    s.note("Test run of 30 minutes without errors.")
    s.status("ready")
    s.tell(samples.PUBLIC_COMMENTS[Phase.READY][0])


def _report_subscriptions(owners, example: CustomerAccount, awaiting: CustomerAccount) -> None:
    """Accounts that asked for the status report: the head office by e-mail and fax (fax only when
    e-mail is impossible), and two private customers by e-mail. "Run now" sends them theirs."""
    head_office = next(customer for customer, _unit in owners if customer.branches.exists())
    reports.save_subscription(
        head_office, active=True, methods="both", prioritise=True, include_closed_days=14
    )
    for customer in (example, awaiting):
        reports.save_subscription(customer, active=True, methods="email")


def _open(
    rng, shop: DemoShop, customer: CustomerAccount, unit: Unit, technician, advisor: Actor
) -> WorkOrder:
    return services.open_work_order(
        customer=customer,
        unit=unit,
        location=shop.locations[_city(customer).location],
        problem_description=_problem(rng, shop, customer, unit),
        technician=technician,
        promised_date=timezone.localdate() + timedelta(days=rng.randint(3, 10)),
        by=advisor,
    )


def _second_estimate(
    rng, shop: DemoShop, customer: CustomerAccount, advisor: Actor, technician, clock: DemoClock
) -> None:
    """A second device of a customer whose estimate awaits their decision, with an estimate of its
    own: their batch-approval page lists both."""
    customer, unit = _with_unit(rng, shop, customer, generate.device(rng, "phones"))
    work_order = _open(rng, shop, customer, unit, technician, advisor)
    scene = Scene(work_order, shop, Actor.staff_user(technician), advisor, rng, clock)
    scene.status("diagnosis")
    scene.send_estimate()
    scene.status("approval")


def _example_webhook_endpoint(shop: DemoShop) -> None:
    """An integration's endpoint as an administrator sets it up, switched off: the demo's events are
    not sent anywhere (example.com receives nothing), and the page shows what would be."""
    if WebhookEndpoint.objects.exists():  # seeded again: the shop's integrations stay as they are
        return
    endpoint, _secret = webhooks.create_endpoint(
        name="Dealer system (example)",
        url="https://dms.example.com/fixloop/events",
        events=["estimate.decided.v1", "estimate.dispute_opened.v1", "work_order.status_changed.v1"],
        by=shop.staff_with_role(Role.ADMINISTRATOR)[0],
    )
    webhooks.update_endpoint(
        endpoint, name=endpoint.name, url=endpoint.url, events=endpoint.events, active=False
    )


def _car_owners(rng, shop: DemoShop) -> list[tuple[CustomerAccount, Unit]]:
    """Six car owners in Germany with an e-mail address, for the inspections (demo/inspections.py)."""
    owners = []
    while len(owners) < 6:
        data = generate.person(rng)
        if data.email and data.city.country == "DE":
            owners.append(_with_unit(rng, shop, _save(shop, data), generate.car(rng, data.city)))
    return owners


def _invoiced(rng, shop: DemoShop, owners, advisor: Actor, technician, clock: DemoClock) -> None:
    """Four repairs of private customers' second devices, approved and ready, then invoiced
    (demo/invoices.py): a draft, a sent invoice, a credited one, one waiting for the customer."""
    private = [
        customer
        for customer, _unit in owners
        if customer.email and not customer.fax and not customer.branches.exists() and _valid(customer)
    ]
    # All four are opened first, so their numbers follow the moment the episode starts (the scenes
    # then take days, and later episodes open their work orders in between).
    scenes = []
    for customer in private[-4:]:
        customer, unit = _with_unit(rng, shop, customer, generate.device(rng, "laptops"))
        work_order = _open(rng, shop, customer, unit, technician, advisor)
        scenes.append(Scene(work_order, shop, Actor.staff_user(technician), advisor, rng, clock))
    for scene in scenes:
        scene.status("diagnosis")
        estimate = scene.send_estimate()
        scene.customer_decides(
            estimate,
            {job["key"]: estimates.Choice(Decision.APPROVED) for job in estimate.current_version.jobs},
        )
        scene.status("repair")
        scene.status("ready")
    work_orders = [scene.work_order for scene in scenes]
    demo_invoices.seed_invoices(work_orders, advisor, clock.later)


def _valid(customer: CustomerAccount) -> bool:
    """Not one of the legacy accounts that fail today's validation (they stay as they are)."""
    try:
        customer.full_clean()
    except ValidationError:
        return False
    return True


def _notification_rules(shop: DemoShop, advisor: Actor) -> None:
    """Berlin's and Hamburg's customers get every client notification (the messages go to the local
    sink); Austria's are switched off, so the demo shows both a sent message and the reason why not."""
    statuses = list(rules.notifiable_statuses())
    for code, region in shop.regions.items():
        rules.save_settings(
            region,
            active=code != "austria",
            reply_to=f"service.{code}@funke-speiche.example",
            portal_url="",
            flip_flop_hours=12,
            by=advisor.user,
        )
        for event in Event.values:
            rules.save_rule(
                region,
                event,
                active=True,
                statuses=statuses,
                attach_report=True,
                follow_up_days=7,
                by=advisor.user,
            )


def _city(customer: CustomerAccount) -> samples.City:
    return next(c for c in samples.CITIES if c.name == customer.city)


def _problem(rng: random.Random, shop: DemoShop, customer: CustomerAccount, unit: Unit) -> str:
    """A problem that fits the unit, in the customer's language."""
    group = next(key for key, group in shop.product_groups.items() if group.pk == unit.product_group_id)
    english, german = rng.choice(samples.PROBLEMS[group])
    return german if customer.language == "de" else english


def _customers(rng: random.Random, shop: DemoShop) -> list[tuple[CustomerAccount, Unit]]:
    """Private customers, a head office with two branches, two businesses with fax, and three accounts
    from an old system whose contact details were never checked."""
    owners = []
    for _ in range(PERSONS):
        data = generate.person(rng)
        owners.append(_with_unit(rng, shop, _save(shop, data), generate.unit_for(rng, data)))

    berlin, hamburg = samples.CITIES[0], samples.CITIES[2]
    head_office = _save(
        shop,
        generate.CustomerData(
            name="Lindner Logistik GmbH",
            language="de",
            city=berlin,
            address_line="Köpenicker Straße 48",
            postal_code="10179",
            contact_name="Birgit Lindner",
            email="fuhrpark@lindner-logistik.example.com",
            fax=f"{berlin.landline_prefix}480",
        ),
    )
    owners.append(_with_unit(rng, shop, head_office, generate.device(rng, "laptops")))
    for depot, where, street, postal_code in (
        ("Spandau", berlin, "Am Juliusturm 20", "13599"),
        ("Harburg", hamburg, "Seevestraße 7", "21079"),
    ):
        branch = _save(
            shop,
            generate.CustomerData(
                name=f"Lindner Logistik GmbH, Depot {depot}",
                language="de",
                city=where,
                address_line=street,
                postal_code=postal_code,
                contact_name=generate.person(rng, where).name,
                email=f"depot.{depot.lower()}@lindner-logistik.example.com",
            ),
            head_office=head_office,
        )
        owners.append(_with_unit(rng, shop, branch, generate.car(rng, where)))
    for _ in range(2):
        data = generate.company(rng)
        owners.append(_with_unit(rng, shop, _save(shop, data), generate.unit_for(rng, data)))

    for legacy in _legacy_customers(rng, shop):
        owners.append(_with_unit(rng, shop, legacy, generate.device(rng)))
    return owners


def _save(shop: DemoShop, data: generate.CustomerData, **extra) -> CustomerAccount:
    customer = CustomerAccount(
        **data.model_fields(),
        region=shop.regions[data.city.region],
        sms_consent_at=timezone.now() if data.wants_sms else None,
        **extra,
    )
    return save_customer(customer)


def _with_unit(
    rng, shop: DemoShop, customer: CustomerAccount, data: generate.UnitData
) -> tuple[CustomerAccount, Unit]:
    unit = save_unit(
        Unit(customer=customer, product_group=shop.product_groups[data.group], **data.model_fields())
    )
    return customer, unit


def _legacy_customers(rng: random.Random, shop: DemoShop) -> list[CustomerAccount]:
    """Accounts taken over from the shop's old software as they were. They would not pass validation
    today, which is the point: staff must see and fix them. So they are saved without full_clean()."""
    broken = [
        ("Petra Lange", {"email": "petra.lange@"}),  # no domain
        ("Dirk Köhler", {"email": "d.koehler@example.com", "fax": "030 FAX 4711"}),  # letters in the fax
        ("Ursula Brandt", {}),  # no way to reach her at all
    ]
    berlin = samples.CITIES[0]
    customers = []
    for name, contacts in broken:
        customer = CustomerAccount(
            number=next_customer_number(),
            name=name,
            language="de",
            region=shop.regions[berlin.region],
            address_line=f"{rng.choice(berlin.streets)} {rng.randint(1, 120)}",
            postal_code=rng.choice(berlin.postal_codes),
            city=berlin.name,
            country=berlin.country,
            notes="Imported from the old shop software.",
            **contacts,
        )
        customer.save()
        customers.append(customer)
    return customers


def _service_requests(rng, shop: DemoShop, owners, advisor: Actor, technician, clock: DemoClock) -> None:
    """Three waiting for a decision, one accepted (it becomes a work order), one rejected: sent over
    the last days, one after the other, and answered a while later."""
    requests = []
    for index, (customer, unit) in enumerate(rng.sample(owners[:PERSONS], 5)):
        clock.later()
        by = Actor(
            ActorKind.CUSTOMER,
            ip=samples.customer_ip(index),
            user_agent=rng.choice(samples.USER_AGENTS),
            name=customer.name,
        )
        requests.append(
            services.submit_service_request(
                customer=customer,
                unit=unit if index % 2 else None,
                unit_description="" if index % 2 else f"{unit.make} {unit.model}",
                problem_description=_problem(rng, shop, customer, unit),
                preferred_location=shop.locations[_city(customer).location],
                by=by,
            )
        )
    accepted = requests[0]
    clock.later()
    services.accept_service_request(
        accepted,
        location=accepted.preferred_location,
        by=advisor,
        technician=technician,
        promised_date=timezone.localdate() + timedelta(days=5),
    )
    clock.later()
    services.reject_service_request(
        requests[1],
        by=advisor,
        reason="We cannot take this one: the manufacturer only repairs it under warranty. Please contact them.",
    )
