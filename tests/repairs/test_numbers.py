import datetime

import pytest

from fixloop.repairs import services
from fixloop.repairs.models import WorkOrder

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
