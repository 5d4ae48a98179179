"""Many customers and work orders, fast: for benchmarks and for trying the product at scale.

Rows are generated in chunks and appended with COPY on PostgreSQL (executemany on SQLite), past the
service functions, all in one transaction. They look like what the services write:

- an "opened" timeline entry with {"status": pk} of the initial status, then one or two "status"
  entries with {"from": pk, "to": pk} that chain up to the work order's status, sometimes a comment,
  and for finished work orders a "closed" entry; created_at increases within a work order;
- finished work orders (closed or cancelled phase) have closed_at, the time of their "closed" entry;
- work-order numbers are "<year>-<counter>" reserved with `reserve_work_order_counters()`, so
  `next_work_order_number()` carries on after them.

Work orders are opened during opening hours on the working days before today, oldest first, and the
older a work order, the likelier it is finished.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from fixloop.customers.models import CustomerAccount, Unit
from fixloop.customers.services import CUSTOMER_NUMBER_PREFIX
from fixloop.demo import generate, samples
from fixloop.demo.configuration import DemoShop
from fixloop.demo.progress import Progress
from fixloop.demo.tables import tables_for
from fixloop.repairs.models import Phase, Status, TimelineEntry, WorkOrder
from fixloop.repairs.services import initial_status, reserve_work_order_counters
from fixloop.shop.models import Role

CHUNK = 10_000
OPENS_AT = time(8)
DAY_SECONDS = 10 * 3600  # open 08:00 to 18:00
DAY = 86400

CUSTOMER_FIELDS = [
    "id",
    "number",
    "name",
    "contact_name",
    "region",
    "language",
    "address_line",
    "postal_code",
    "city",
    "country",
    "email",
    "mobile",
    "fax",
    "preferred_channel",
    "notifications_enabled",
    "invoices_need_authorisation",
    "sms_consent_at",
    "notes",
    "created_at",
    "updated_at",
]
UNIT_FIELDS = ["id", "customer", "kind", "make", "model", "serial_number", "vin", "plate", "product_group"]
WORK_ORDER_FIELDS = [
    "id",
    "number",
    "customer",
    "unit",
    "location",
    "status",
    "problem_description",
    "promised_date",
    "technician",
    "opened_at",
    "closed_at",
    "updated_at",
]
ENTRY_FIELDS = [
    "work_order",
    "kind",
    "actor",
    "user",
    "actor_name",
    "public",
    "text",
    "data",
    "ip",
    "user_agent",
    "created_at",
]

# How likely each phase is as a work order's current status, by its age: under 3 days, under 3 weeks, older.
PHASE_WEIGHTS = {
    Phase.OPEN: (30, 3, 0.2),
    Phase.IN_PROGRESS: (30, 15, 1),
    Phase.WAITING_FOR_CUSTOMER: (8, 9, 1),
    Phase.WAITING_FOR_PARTS: (7, 8, 1),
    Phase.READY: (10, 15, 1.8),
    Phase.CLOSED: (12, 45, 88),
    Phase.CANCELLED: (3, 5, 7),
}
AGE_LIMITS = (3 * DAY, 21 * DAY)
SYSTEM_IMPORT = (None, "Shop software import")  # (user id, name) of work orders the shop software sent


@dataclass(slots=True)
class Owner:
    """What a work order needs to know about the customer it belongs to."""

    customer_id: int
    unit_id: int
    location_id: int
    group: str
    german: bool
    name: str


def seed_many(shop: DemoShop, *, customers: int, work_orders: int, rng: random.Random, out) -> None:
    calendar = Calendar(timezone.now(), next(iter(shop.locations.values())).zone, work_orders)
    first_numbers = reserve_numbers(calendar.count_by_year()) if work_orders else {}
    tables_written = [CustomerAccount, Unit, WorkOrder, TimelineEntry]
    with transaction.atomic(), connection.cursor() as cursor:
        tables = tables_for(cursor)
        with tables.loading(tables_written):
            owners = _add_customers(
                tables, shop, customers, rng, calendar.ends, Progress(out, "customers", customers)
            )
            workflow = Workflow(shop, rng, calendar.ends)
            progress = Progress(out, "work orders", work_orders)
            for start in range(0, work_orders, CHUNK):
                stop = min(start + CHUNK, work_orders)
                ids = tables.reserve_ids(WorkOrder, stop - start)
                orders, entries = [], []
                for index, work_order_id in zip(range(start, stop), ids, strict=True):
                    number = calendar.number(index, first_numbers)
                    workflow.add(
                        orders, entries, work_order_id, number, rng.choice(owners), calendar.opened_at(index)
                    )
                rows = tables.append(WorkOrder, WORK_ORDER_FIELDS, orders)
                rows += tables.append(TimelineEntry, ENTRY_FIELDS, entries)
                progress.advance(len(orders), rows)
            progress.finish()


class Calendar:
    """When the i-th of `count` work orders was opened: evenly through the opening hours of the working
    days (Monday to Saturday) before today, in the shop's time zone. Oldest first, so that numbers
    rise with time."""

    def __init__(self, now: datetime, zone: ZoneInfo, count: int):
        today = now.astimezone(zone).date()
        # History ends where today begins, so that a seed gives the same rows all day long.
        self.ends = datetime.combine(today, time(0), tzinfo=zone).astimezone(UTC)
        span = min(730, max(30, count // 50))  # days of history: a small seed is a busy month
        days = [today - timedelta(ago) for ago in range(span, 0, -1)]
        days = [day for day in days if day.weekday() < 6]
        self.count = count
        self.opens = [datetime.combine(day, OPENS_AT, tzinfo=zone).astimezone(UTC) for day in days]
        # The year the live numbering would have used (next_work_order_number: timezone.localdate()).
        self.years = [timezone.localdate(opens).year for opens in self.opens]

    def _position(self, index: int) -> tuple[int, int]:
        seconds = index * len(self.opens) * DAY_SECONDS // self.count
        return divmod(seconds, DAY_SECONDS)

    def opened_at(self, index: int) -> datetime:
        day, seconds = self._position(index)
        return self.opens[day] + timedelta(seconds=seconds)

    def first_index(self, day: int) -> int:
        """The first work order opened on the day (the inverse of _position, rounded up)."""
        return -(-day * self.count // len(self.opens))

    def count_by_year(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for day, year in enumerate(self.years):
            counts[year] += self.first_index(day + 1) - self.first_index(day)
        return {year: count for year, count in counts.items() if count}

    def number(self, index: int, first_numbers: dict[int, tuple[int, int]]) -> str:
        year = self.years[self._position(index)[0]]
        first_index, first_value = first_numbers[year]
        return f"{year}-{first_value + index - first_index:05d}"


@transaction.atomic
def reserve_numbers(count_by_year: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Take the numbers from each year's sequence, as next_work_order_number() would one by one;
    returns {year: (index of the year's first work order, its counter value)}."""
    reserved = {}
    first_index = 0
    for year, count in sorted(count_by_year.items()):
        prefix = f"{year}-"
        # Numbers above the sequence may exist (imported ones); start after the highest.
        numbers = WorkOrder.objects.filter(number__startswith=prefix).values_list("number", flat=True)
        taken = max(
            (int(n[len(prefix) :]) for n in numbers.iterator() if n[len(prefix) :].isdigit()), default=0
        )
        first = reserve_work_order_counters(year, count, after=taken)
        reserved[year] = (first_index, first)
        first_index += count
    return reserved


def _add_customers(
    tables, shop: DemoShop, count: int, rng, ends: datetime, progress: Progress
) -> list[Owner]:
    numbers = CustomerAccount.objects.filter(number__startswith=CUSTOMER_NUMBER_PREFIX).values_list(
        "number", flat=True
    )
    last_number = max(
        (int(n[1:]) for n in numbers.iterator() if n[1:].isdigit()),
        default=10000,  # as next_customer_number()
    )
    owners = []
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        customer_ids = tables.reserve_ids(CustomerAccount, size)
        unit_ids = tables.reserve_ids(Unit, size)
        customers, units = [], []
        for customer_id, unit_id in zip(customer_ids, unit_ids, strict=True):
            last_number += 1
            data = generate.company(rng) if rng.random() < 0.08 else generate.person(rng)
            unit = generate.unit_for(rng, data)
            created_at = ends - timedelta(days=800 + rng.random() * 1000)
            customer = {
                "id": customer_id,
                "number": f"{CUSTOMER_NUMBER_PREFIX}{last_number}",
                "region": shop.regions[data.city.region].pk,
                "notifications_enabled": True,
                "invoices_need_authorisation": False,
                "sms_consent_at": created_at if data.wants_sms else None,
                "notes": "",
                "created_at": created_at,
                "updated_at": created_at,
            }
            customers.append(_row(CUSTOMER_FIELDS, data.model_fields() | customer))
            unit_fields = {
                "id": unit_id,
                "customer": customer_id,
                "product_group": shop.product_groups[unit.group].pk,
            }
            units.append(_row(UNIT_FIELDS, unit.model_fields() | unit_fields))
            owners.append(
                Owner(
                    customer_id,
                    unit_id,
                    shop.locations[data.city.location].pk,
                    unit.group,
                    data.language == "de",
                    data.name,
                )
            )
        rows = tables.append(CustomerAccount, CUSTOMER_FIELDS, customers)
        rows += tables.append(Unit, UNIT_FIELDS, units)
        progress.advance(size, rows)
    progress.finish()
    return owners


def _row(fields: list[str], values: dict) -> tuple:
    return tuple(values[name] for name in fields)


def _entry(work_order_id, kind, by, *, at, public, text="", data="{}", actor="staff", ip=None, user_agent=""):
    """A timeline entry in ENTRY_FIELDS order; `by` is (user id, name)."""
    return (work_order_id, kind, actor, *by, public, text, data, ip, user_agent, at)


class Workflow:
    """The statuses a work order went through, and its timeline, made up from the shop's statuses."""

    def __init__(self, shop: DemoShop, rng: random.Random, ends: datetime):
        self.rng, self.ends = rng, ends
        statuses = list(Status.objects.filter(active=True).order_by("position", "id"))
        self.initial = initial_status()
        by_phase = defaultdict(list)
        for status in statuses:
            by_phase[status.phase].append(status)
        working = [s for s in statuses if not s.is_finished and s != self.initial]
        busy = [s for s in working if s.phase == Phase.IN_PROGRESS] or working
        ready = by_phase[Phase.READY][:1]
        # Every way to reach each status, as the statuses after the initial one.
        self.paths: dict[int, list[tuple[Status, ...]]] = {self.initial.pk: [()]}
        for status in working:
            earlier = [s for s in working if s.position < status.position and s.phase != Phase.READY]
            self.paths[status.pk] = [(status,)] + [(before, status) for before in earlier]
        for status in by_phase[Phase.CLOSED]:
            self.paths[status.pk] = [(b, *ready) for b in busy] + ([tuple(ready)] if ready else [])
        waiting = by_phase[Phase.WAITING_FOR_CUSTOMER] or busy
        for status in by_phase[Phase.CANCELLED]:
            self.paths[status.pk] = [(b, w) for b in busy[:1] for w in waiting] + [(w,) for w in waiting]
        # Current statuses by age: the phase weights shared out among the phase's statuses.
        self.choices = [s for s in statuses if s.pk in self.paths]
        self.cum_weights = [
            list(accumulate(PHASE_WEIGHTS[s.phase][age] / len(by_phase[s.phase]) for s in self.choices))
            for age in range(3)
        ]
        self.technicians = [(u.pk, u.get_full_name()) for u in shop.staff_with_role(Role.TECHNICIAN)]
        self.advisors = [(u.pk, u.get_full_name()) for u in shop.staff_with_role(Role.SERVICE_ADVISOR)]
        self.opened_data = f'{{"status": {self.initial.pk}}}'

    def add(
        self, orders: list, entries: list, work_order_id: int, number: str, owner: Owner, opened_at
    ) -> None:
        """Append the work order's row to `orders` and its timeline's rows to `entries`."""
        rng = self.rng
        age = (self.ends - opened_at).total_seconds()
        bucket = 0 if age < AGE_LIMITS[0] else 1 if age < AGE_LIMITS[1] else 2
        status = rng.choices(self.choices, cum_weights=self.cum_weights[bucket])[0]
        advisor = rng.choice(self.advisors)
        technician = rng.choice(self.technicians)
        if status == self.initial and rng.random() < 0.5:
            technician = None  # nobody has picked it up yet
        steps = self._steps(status, owner)

        opened_by, actor = (SYSTEM_IMPORT, "system") if rng.random() < 0.1 else (advisor, "staff")
        entries.append(
            _entry(
                work_order_id,
                "opened",
                opened_by,
                actor=actor,
                at=opened_at,
                public=True,
                data=self.opened_data,
            )
        )
        # Spread the steps over a few days (finished ones) or over the work order's life so far.
        span = min(age * 0.9, rng.uniform(0.2, 1.0) * (6 * DAY if status.is_finished else age))
        current, at = self.initial.pk, opened_at
        for position, (kind, value) in enumerate(steps):
            at = opened_at + timedelta(seconds=span * (position + 0.1 + 0.8 * rng.random()) / len(steps))
            if kind == "comment":
                entries.append(self._comment(work_order_id, value, owner, technician or advisor, advisor, at))
                continue
            by = technician if kind == "status" and technician else advisor
            data = f'{{"from": {current}, "to": {value.pk}}}'
            entries.append(
                _entry(work_order_id, kind, by, at=at, public=value.visible_to_customers, data=data)
            )
            current = value.pk

        english, german = rng.choice(samples.PROBLEMS[owner.group])
        promised = (opened_at + timedelta(days=rng.randint(2, 10))).date() if rng.random() < 0.7 else None
        closed_at = at if status.is_finished else None
        technician_id = technician[0] if technician else None
        orders.append((  # in WORK_ORDER_FIELDS order
            work_order_id, number, owner.customer_id, owner.unit_id, owner.location_id, status.pk,
            german if owner.german else english, promised, technician_id, opened_at, closed_at, at,
        ))  # fmt: skip

    def _steps(self, status: Status, owner: Owner) -> list[tuple]:
        """("status", Status), ("comment", (who, text)) and ("closed", Status), in order."""
        rng = self.rng
        path = rng.choice(self.paths[status.pk])
        steps: list[tuple] = [("status", s) for s in path]
        roll = rng.random()
        if roll < 0.25:  # news for the customer about the step just reached
            after = rng.randint(0, len(path))
            phase = path[after - 1].phase if after else Phase.OPEN
            news = rng.choice(samples.PUBLIC_COMMENTS.get(phase, samples.PUBLIC_COMMENTS[Phase.IN_PROGRESS]))
            steps.insert(after, ("comment", ("public", news[1] if owner.german else news[0])))
        elif roll < 0.32:
            english, german = rng.choice(samples.CUSTOMER_COMMENTS)
            steps.insert(
                rng.randint(0, len(steps)), ("comment", ("customer", german if owner.german else english))
            )
        elif roll < 0.4:
            steps.insert(
                rng.randint(0, len(steps)), ("comment", ("internal", rng.choice(samples.INTERNAL_NOTES)))
            )
        if status.is_finished:
            steps.append(("closed", status))
        return steps

    def _comment(self, work_order_id: int, comment: tuple, owner: Owner, worker, advisor, at) -> tuple:
        who, text = comment
        if who == "internal":
            return _entry(work_order_id, "comment", worker, at=at, public=False, text=text)
        if who == "public":
            return _entry(work_order_id, "comment", advisor, at=at, public=True, text=text)
        return _entry(
            work_order_id, "comment", (None, owner.name), actor="customer", at=at, public=True, text=text,
            ip=samples.customer_ip(work_order_id), user_agent=self.rng.choice(samples.USER_AGENTS),
        )  # fmt: skip
