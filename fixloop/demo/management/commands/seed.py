import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fixloop.customers.models import CustomerAccount, Unit
from fixloop.demo import bulk
from fixloop.demo.configuration import ensure_shop
from fixloop.demo.showcase import seed_demo
from fixloop.repairs.models import Attachment, ServiceRequest, TimelineEntry, WorkOrder
from fixloop.shop.models import ShopProfile, User

COUNTED = [
    ("staff logins", User),
    ("customers", CustomerAccount),
    ("units", Unit),
    ("work orders", WorkOrder),
    ("timeline entries", TimelineEntry),
    ("attachments", Attachment),
    ("service requests", ServiceRequest),
]


class Command(BaseCommand):
    help = (
        "Fill the database with a demo repair shop: configuration, staff logins, customers and work orders "
        "in every status. With --customers/--work-orders, add that many generated customers and work orders "
        "instead (fast, for benchmarks; on PostgreSQL other writers to those tables wait until it is done)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has a shop profile and work orders.",
        )
        parser.add_argument(
            "--customers", type=int, default=0, metavar="N", help="Add N customers with one unit each."
        )
        parser.add_argument(
            "--work-orders",
            type=int,
            default=0,
            metavar="M",
            help="Add M work orders with their timelines, spread across the N new customers.",
        )

    def handle(self, *args, seed: int, if_empty: bool, customers: int, work_orders: int, **options):
        if customers < 0 or work_orders < 0:
            raise CommandError("--customers and --work-orders must not be negative.")
        if work_orders and not customers:
            raise CommandError("--work-orders needs --customers: the work orders go to the new customers.")
        if if_empty and ShopProfile.objects.exists() and WorkOrder.objects.exists():
            self.stdout.write("The database already has a shop with work orders; nothing seeded.")
            return

        started = time.monotonic()
        before = {label: model.objects.count() for label, model in COUNTED}
        rng = random.Random(seed)
        shop = ensure_shop()
        if customers:
            bulk.seed_many(shop, customers=customers, work_orders=work_orders, rng=rng, out=self.stdout)
        else:
            with transaction.atomic():
                seed_demo(rng, shop)
        elapsed = time.monotonic() - started

        self.stdout.write(self.style.SUCCESS(f"Seeded in {elapsed:.1f} s:"))
        total = 0
        for label, model in COUNTED:
            count = model.objects.count() - before[label]
            total += count
            self.stdout.write(f"  {label:<17} {count:>12,}")
        self.stdout.write(f"  {'rows in all':<17} {total:>12,}  ({total / elapsed:,.0f} rows/s)")
