"""The signed-in customer portal's pages for an account with many repairs, on PostgreSQL.

    python bench/portal.py [--repairs 500] [--requests 50]

Creates a scratch database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432), one customer account with N work orders across every phase
(a tenth ready for pick-up, a tenth with an estimate waiting for a decision, the rest open, in work or
closed), a portal user for it, and signs in through the real sign-in page. Then it renders each
portal page R times through Django's test client (the whole middleware stack, no network) and prints
the median, p95 and the number of SQL queries per page. Budget (issue "Customer portal"): the home
page of an account with 500 repairs in under 150 ms.
"""

import argparse
import statistics
import time

from scratch import scratch_site

DATABASE = "fixloop_bench_portal"
PASSWORD = "Bench-password-2026"  # noqa: S105 (a scratch database)


def seed(repairs: int):
    from datetime import timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from fixloop.core.actor import Actor
    from fixloop.customers.models import CustomerAccount, Unit
    from fixloop.customers.services import portal_access
    from fixloop.estimates.models import Estimate
    from fixloop.repairs.models import Phase, Status, WorkOrder
    from fixloop.shop.models import Location, ShopProfile, User, VatRate

    ShopProfile.objects.get_or_create(pk=1, defaults={"name": "Bench Werkstatt", "country": "DE"})
    location = Location.objects.create(
        name="Berlin", code="BER", address_line="Street 1", postal_code="10115", city="Berlin", country="DE"
    )
    VatRate.objects.create(location=location, label="Standard", rate=Decimal("19.00"), is_default=True)
    statuses = {
        phase: Status.objects.create(name_en=str(phase.label), name_de=str(phase.label), phase=phase)
        for phase in Phase
    }
    staff = User.objects.create_user("bench-staff", password=PASSWORD, is_staff=True)
    customer = CustomerAccount.objects.create(number="B1", name="Fleet GmbH", email="fleet@example.com")
    phases = [Phase.READY, Phase.WAITING_FOR_CUSTOMER, Phase.OPEN, Phase.IN_PROGRESS, Phase.CLOSED]
    with transaction.atomic():
        units = Unit.objects.bulk_create(
            Unit(customer=customer, make="Ford", model="Transit", plate=f"B-FL {n}") for n in range(repairs)
        )
        now = timezone.now()
        work_orders = WorkOrder.objects.bulk_create(
            WorkOrder(
                number=f"2026-{n:05d}",
                customer=customer,
                unit=unit,
                location=location,
                status=statuses[phases[n % len(phases)] if n % 10 else Phase.READY],
                problem_description="Service and brakes.",
                opened_at=now - timedelta(hours=n),
                closed_at=now if phases[n % len(phases)] == Phase.CLOSED and n % 10 else None,
            )
            for n, unit in enumerate(units)
        )
        Estimate.objects.bulk_create(
            Estimate(
                work_order=work_order,
                state=Estimate.State.AWAITING,
                valid_until=(now + timedelta(days=30)).date(),
            )
            for n, work_order in enumerate(work_orders)
            if n % 10 == 1
        )
    token = portal_access.invite(customer, "fleet.manager@example.com", by=Actor.staff_user(staff))
    portal_access.accept_invitation(token, password=PASSWORD, name="Frida Fleet")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repairs", type=int, default=500)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    with scratch_site(DATABASE, smtp=False):
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, setup_test_environment

        call_command("collectstatic", "--no-input", verbosity=0)  # production settings: hashed files
        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        started = time.monotonic()
        seed(args.repairs)
        print(f"seeded one account with {args.repairs} repairs in {time.monotonic() - started:.1f} s")

        client = Client()
        response = client.post(
            "/portal/account/login/", {"login": "fleet.manager@example.com", "password": PASSWORD}
        )
        assert response.status_code == 302, response.status_code
        for path in PAGES:
            assert client.get(path).status_code == 200, path  # warm-up: templates, shop profile
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            timings.sort()
            print(
                f"{path}: median {statistics.median(timings):.1f} ms, "
                f"p95 {timings[int(0.95 * (len(timings) - 1))]:.1f} ms, {len(queries)} queries "
                f"({args.requests} requests, {args.repairs} repairs)"
            )


PAGES = [
    "/portal/",
    # Repairs, estimates, units and the person's details.
    "/portal/repairs/",
    "/portal/repairs/?state=all&q=2026-004",
    "/portal/repairs/2026-00001/",
    "/portal/estimates/",
    "/portal/units/",
    "/portal/details/",
    "/portal/bookings/",
]

if __name__ == "__main__":
    main()
