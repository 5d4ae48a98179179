import datetime
import threading

import pytest
from django.db import connection, transaction

from fixloop.repairs import services
from fixloop.repairs.models import NumberSequence, WorkOrder

IN_2026 = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def open_one(customer, location, statuses, staff_actor):
    def open_one(**kwargs):
        return services.open_work_order(
            customer=customer,
            location=location,
            problem_description="Hinge broken.",
            by=staff_actor,
            **kwargs,
        )

    return open_one


@pytest.mark.django_db
def test_a_number_is_the_year_and_a_five_digit_counter():
    assert services.next_work_order_number(datetime.date(2026, 5, 1)) == "2026-00001"


@pytest.mark.django_db
def test_the_counter_goes_up_by_one_each_time():
    day = datetime.date(2026, 5, 1)

    numbers = [services.next_work_order_number(day) for _ in range(3)]

    assert numbers == ["2026-00001", "2026-00002", "2026-00003"]


@pytest.mark.django_db
def test_each_year_has_its_own_counter():
    services.next_work_order_number(datetime.date(2026, 12, 31))
    services.next_work_order_number(datetime.date(2026, 12, 31))

    assert services.next_work_order_number(datetime.date(2027, 1, 1)) == "2027-00001"


def test_two_opened_work_orders_get_different_numbers(open_one, time_machine):
    time_machine.move_to(IN_2026, tick=False)

    first, second = open_one(), open_one()

    assert (first.number, second.number) == ("2026-00001", "2026-00002")


def test_an_imported_number_is_skipped_by_the_sequence(open_one, time_machine):
    time_machine.move_to(IN_2026, tick=False)
    imported = open_one(number="2026-00001")

    opened = open_one()

    assert opened.number == "2026-00002"
    assert WorkOrder.objects.filter(number__startswith="2026-").count() == 2
    assert imported.number == "2026-00001"


def test_a_run_of_imported_numbers_is_skipped_in_one_go(open_one, time_machine):
    time_machine.move_to(IN_2026, tick=False)
    for number in ("2026-00001", "2026-00002", "2026-00003"):
        open_one(number=number)

    assert open_one().number == "2026-00004"


@pytest.mark.django_db
def test_a_block_of_counters_is_reserved_after_those_handed_out():
    day = datetime.date(2026, 5, 1)
    services.next_work_order_number(day)

    first = services.reserve_work_order_counters(2026, 10)

    assert first == 2
    assert services.next_work_order_number(day) == "2026-00012"


@pytest.mark.django_db
def test_a_block_of_counters_starts_above_the_highest_number_taken():
    first = services.reserve_work_order_counters(2026, 5, after=40)

    assert first == 41
    assert services.next_work_order_number(datetime.date(2026, 5, 1)) == "2026-00046"


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the SEQUENCE-based counter is PostgreSQL's"
)


@postgresql_only
@pytest.mark.django_db
def test_a_counter_taken_before_the_migration_is_continued_on_postgresql():
    with connection.cursor() as cursor:  # a test that committed may have left the year's SEQUENCE
        cursor.execute("DROP SEQUENCE IF EXISTS repairs_work_order_number_2026_")  # rolled back after
    NumberSequence.objects.create(prefix="2026-", last_value=41)

    assert services.next_work_order_number(datetime.date(2026, 5, 1)) == "2026-00042"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_opening_does_not_wait_for_another_openings_commit_on_postgresql():
    """Two transactions take numbers at the same time: the second is not blocked by the first's
    (uncommitted) number, and they differ. A rolled-back number leaves a gap."""
    day = datetime.date(2026, 5, 1)
    services.next_work_order_number(day)  # the year's sequence exists (committed)
    numbers = {}

    def other_transaction():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                numbers["other"] = services.next_work_order_number(day)
        finally:
            connection.close()

    with transaction.atomic():
        numbers["first"] = services.next_work_order_number(day)
        thread = threading.Thread(target=other_transaction)
        thread.start()
        thread.join(timeout=10)
        transaction.set_rollback(True)

    assert (numbers["first"], numbers["other"]) == ("2026-00002", "2026-00003")
    assert services.next_work_order_number(day) == "2026-00004"  # 00002 was rolled back: a gap
