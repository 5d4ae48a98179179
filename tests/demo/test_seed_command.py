"""`fixloop seed` itself: seeding again, --if-empty, and the bulk generator, each into an empty
database of its own. (The demo data set it seeds is checked in test_seed.py.)"""

import pytest
from django.core.management import CommandError
from django.db import connection
from django.utils import timezone

from fixloop.core.actor import Actor
from fixloop.customers.models import CustomerAccount, Unit
from fixloop.demo.logins import DEMO_LOGINS
from fixloop.demo.management.commands.rundemo import Command as RunDemo
from fixloop.repairs import services
from fixloop.repairs.models import FINISHED_PHASES, TimelineEntry, WorkOrder
from fixloop.shop.models import Role, User
from tests.demo.timelines import assert_timeline_matches_work_order


def test_seeding_the_demo_again_with_the_same_seed_makes_the_same_customers(seed):
    seed(seed=7)
    first = list(CustomerAccount.objects.order_by("pk").values_list("name", "postal_code", "email"))

    seed(seed=7)

    again = list(CustomerAccount.objects.order_by("pk").values_list("name", "postal_code", "email"))
    assert again[len(first) :] == first
    assert User.objects.count() == len(DEMO_LOGINS) + 1  # the staff and portal logins are not duplicated


def test_if_empty_seeds_an_empty_database(seed):
    seed(if_empty=True)

    assert WorkOrder.objects.exists()


def test_if_empty_does_nothing_when_the_shop_has_work_orders(seed):
    seed(if_empty=True)
    counts = [model.objects.count() for model in (CustomerAccount, WorkOrder, TimelineEntry, User)]

    output = seed(if_empty=True)

    assert "nothing seeded" in output
    assert [model.objects.count() for model in (CustomerAccount, WorkOrder, TimelineEntry, User)] == counts


# The bulk generator


@pytest.fixture
def bulk(seed):
    return seed(customers=50, work_orders=300, seed=1)


def test_the_bulk_seed_adds_exactly_the_customers_and_work_orders_asked_for(bulk):
    assert CustomerAccount.objects.count() == 50
    assert Unit.objects.count() == 50
    assert not CustomerAccount.objects.exclude(units__isnull=False).exists()
    assert WorkOrder.objects.count() == 300
    assert "work orders" in bulk and "300" in bulk


def test_bulk_work_order_numbers_are_unique_and_the_next_one_follows_them(bulk):
    numbers = set(WorkOrder.objects.values_list("number", flat=True))
    assert len(numbers) == 300
    prefix = f"{timezone.localdate().year}-"
    seeded_today = [int(number[len(prefix) :]) for number in numbers if number.startswith(prefix)]
    work_order = WorkOrder.objects.first()

    new = services.open_work_order(
        customer=work_order.customer,
        location=work_order.location,
        problem_description="Another fault.",
        by=Actor.staff_user(User.objects.get(username="advisor")),
    )

    assert new.number not in numbers
    assert new.number == f"{prefix}{max(seeded_today, default=0) + 1:05d}"


def test_bulk_numbers_continue_after_those_the_services_handed_out(seed):
    seed()  # the demo opens its work orders through the services
    demo_numbers = set(WorkOrder.objects.values_list("number", flat=True))
    highest = {}
    for number in (number for number in demo_numbers if number[5:].isdigit()):
        highest[number[:5]] = max(highest.get(number[:5], 0), int(number[5:]))

    seed(customers=20, work_orders=100, seed=2)

    new = WorkOrder.objects.exclude(number__in=demo_numbers)
    assert new.count() == 100
    for number in new.values_list("number", flat=True):
        prefix, counter = number[:5], int(number[5:])
        assert counter > highest.get(prefix, 0)


def test_bulk_timelines_look_like_the_services_wrote_them(bulk):
    initial = services.initial_status()
    for work_order in WorkOrder.objects.select_related("status"):
        assert_timeline_matches_work_order(work_order)
        entries = list(work_order.timeline.order_by("id"))
        assert entries[0].data == {"status": initial.pk}
        assert entries[0].created_at == work_order.opened_at
        times = [entry.created_at for entry in entries]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert work_order.updated_at == times[-1]
        if work_order.closed_at:
            assert work_order.closed_at == times[-1]
        assert times[-1] < timezone.now()


def test_bulk_work_orders_are_spread_across_statuses_locations_and_technicians(bulk):
    work_orders = WorkOrder.objects.all()
    phases = set(work_orders.values_list("status__phase", flat=True))
    assert set(FINISHED_PHASES) <= phases
    assert len(phases - set(FINISHED_PHASES)) >= 3
    assert work_orders.values("location").distinct().count() >= 2
    technicians = set(work_orders.exclude(technician=None).values_list("technician__username", flat=True))
    assert technicians == {login.username for login in DEMO_LOGINS if login.role == Role.TECHNICIAN}
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.COMMENT, public=True).exists()


def test_bulk_customers_have_valid_contacts_and_units(bulk):
    for customer in CustomerAccount.objects.all():
        customer.full_clean()
    for unit in Unit.objects.all():
        unit.full_clean()


def test_the_bulk_seed_is_deterministic(seed):
    def generated():
        customers = list(CustomerAccount.objects.order_by("pk").values_list("name", "address_line", "email"))
        work_orders = list(
            WorkOrder.objects.order_by("pk").values_list(
                "customer__name", "status__name_en", "problem_description", "opened_at", "closed_at"
            )
        )
        return customers, work_orders

    seed(customers=30, work_orders=120, seed=5)
    first_customers, first_work_orders = generated()

    seed(customers=30, work_orders=120, seed=5)

    customers, work_orders = generated()
    assert customers[30:] == first_customers
    assert work_orders[120:] == first_work_orders


def test_the_bulk_seed_needs_customers_for_its_work_orders(seed):
    with pytest.raises(CommandError, match="--customers"):
        seed(work_orders=10)
    assert not WorkOrder.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="foreign keys are only taken off on PostgreSQL")
def test_the_bulk_seed_puts_the_foreign_keys_back_as_they_were(seed):
    def foreign_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' ORDER BY 1, 2"
            )
            return cursor.fetchall()

    before = foreign_keys()

    seed(customers=10, work_orders=40, seed=1)

    assert foreign_keys() == before
    assert any("repairs_timelineentry" in table for table, _name, _definition in before)


def test_rundemo_prints_no_estimate_links_when_there_are_no_estimates(db):
    assert RunDemo()._example_estimates("http://127.0.0.1:8000") == []
