import datetime

import pytest
from django.core.exceptions import ValidationError

from fixloop.repairs import services, signals
from fixloop.repairs.models import TimelineEntry, WorkOrder
from tests.factories import BROWSER, STAFF_IP, LocationFactory, StatusFactory


def open_for(customer, location, by, **kwargs):
    kwargs.setdefault("problem_description", "Battery drains overnight.")
    return services.open_work_order(customer=customer, location=location, by=by, **kwargs)


def test_opening_saves_the_work_order_with_the_first_open_status(
    customer, unit, location, statuses, staff_actor
):
    work_order = open_for(customer, location, staff_actor, unit=unit)

    saved = WorkOrder.objects.get(pk=work_order.pk)
    assert (saved.customer, saved.unit, saved.location) == (customer, unit, location)
    assert saved.status == statuses["open"]
    assert saved.problem_description == "Battery drains overnight."
    assert saved.closed_at is None


def test_opening_picks_the_open_status_with_the_lowest_position(customer, location, statuses, staff_actor):
    first = StatusFactory(name_en="Received at the counter", phase="open", position=1)

    work_order = open_for(customer, location, staff_actor)

    assert work_order.status == first


def test_opening_strips_the_problem_description(customer, location, statuses, staff_actor):
    work_order = open_for(customer, location, staff_actor, problem_description="  Fan is loud.\n ")

    assert WorkOrder.objects.get(pk=work_order.pk).problem_description == "Fan is loud."


def test_opening_keeps_the_promised_date_and_technician(
    customer, location, statuses, staff_actor, technician
):
    work_order = open_for(
        customer, location, staff_actor, promised_date=datetime.date(2026, 12, 4), technician=technician
    )

    saved = WorkOrder.objects.get(pk=work_order.pk)
    assert saved.promised_date == datetime.date(2026, 12, 4)
    assert saved.technician == technician


def test_opening_records_a_public_opened_entry_with_who_and_from_where(
    customer, location, statuses, staff_actor, advisor
):
    work_order = open_for(customer, location, staff_actor)

    entry = work_order.timeline.get()
    assert entry.kind == TimelineEntry.Kind.OPENED
    assert entry.actor == "staff"
    assert entry.user == advisor
    assert entry.actor_name == "Anton Advisor"
    assert entry.public is True
    assert entry.data == {"status": statuses["open"].pk}
    assert entry.ip == STAFF_IP
    assert entry.user_agent == BROWSER


def test_opening_sends_work_order_opened(customer, location, statuses, staff_actor, capture_signal):
    received = capture_signal(signals.work_order_opened)

    work_order = open_for(customer, location, staff_actor)

    assert len(received) == 1
    assert received[0]["sender"] is WorkOrder
    assert received[0]["work_order"] == work_order
    assert received[0]["entry"] == work_order.timeline.get()


def test_an_explicit_number_from_other_software_is_kept(customer, location, statuses, staff_actor):
    work_order = open_for(customer, location, staff_actor, number=" DMS-4711 ")

    assert WorkOrder.objects.get(pk=work_order.pk).number == "DMS-4711"


def test_a_duplicate_number_is_refused_on_number_and_nothing_is_written(
    customer, location, statuses, staff_actor, snapshot
):
    open_for(customer, location, staff_actor, number="2026-00042")
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        open_for(customer, location, staff_actor, number="2026-00042")

    assert set(refused.value.message_dict) == {"number"}
    assert snapshot() == before


@pytest.mark.parametrize("number", ["2026 00042", "../2026", "-2026", "x" * 21, "2026/00042"])
def test_a_malformed_number_is_refused_on_number(customer, location, statuses, staff_actor, snapshot, number):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        open_for(customer, location, staff_actor, number=number)

    assert set(refused.value.message_dict) == {"number"}
    assert snapshot() == before


def test_a_unit_of_another_customer_is_refused_on_unit_and_nothing_is_written(
    customer, other_unit, location, statuses, staff_actor, snapshot
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        open_for(customer, location, staff_actor, unit=other_unit)

    assert set(refused.value.message_dict) == {"unit"}
    assert snapshot() == before


@pytest.mark.parametrize("description", ["", "   \n\t "])
def test_an_empty_problem_description_is_refused(
    customer, location, statuses, staff_actor, snapshot, description
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        open_for(customer, location, staff_actor, problem_description=description)

    assert set(refused.value.message_dict) == {"problem_description"}
    assert snapshot() == before


def test_an_inactive_location_is_refused_on_location(customer, statuses, staff_actor, snapshot):
    closed_branch = LocationFactory(active=False)
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        open_for(customer, closed_branch, staff_actor)

    assert set(refused.value.message_dict) == {"location"}
    assert snapshot() == before


def test_every_invalid_field_is_reported_at_once(customer, other_unit, statuses, staff_actor):
    closed_branch = LocationFactory(active=False)

    with pytest.raises(ValidationError) as refused:
        open_for(customer, closed_branch, staff_actor, unit=other_unit, problem_description="", number="a b")

    assert set(refused.value.message_dict) == {"unit", "location", "problem_description", "number"}


def test_opening_without_an_active_open_status_is_refused_and_uses_no_number(
    customer, location, statuses, staff_actor, snapshot
):
    statuses["open"].active = False
    statuses["open"].save()
    before = snapshot()

    with pytest.raises(ValidationError, match="No active status"):
        open_for(customer, location, staff_actor)

    assert snapshot() == before
