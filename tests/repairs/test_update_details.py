import datetime

import pytest
from django.core.exceptions import ValidationError

from fixloop.repairs import services, signals
from fixloop.repairs.models import TimelineEntry, WorkOrder

FRIDAY = datetime.date(2026, 12, 4)


def test_assigning_a_technician_saves_it(work_order, staff_actor, technician):
    services.update_details(work_order, by=staff_actor, technician=technician)

    assert WorkOrder.objects.get(pk=work_order.pk).technician == technician


def test_assigning_a_technician_is_an_internal_entry_with_old_and_new(
    work_order, staff_actor, technician, advisor
):
    entry = services.update_details(work_order, by=staff_actor, technician=technician)

    entry.refresh_from_db()
    assert entry.kind == TimelineEntry.Kind.UPDATED
    assert entry.data == {"technician": ["", "Tina Technician"]}
    assert entry.public is False
    assert (entry.actor, entry.user) == ("staff", advisor)


def test_a_new_promised_date_alone_is_a_public_entry(work_order, staff_actor):
    entry = services.update_details(work_order, by=staff_actor, promised_date=FRIDAY)

    entry.refresh_from_db()
    assert entry.data == {"promised_date": ["", "2026-12-04"]}
    assert entry.public is True
    assert WorkOrder.objects.get(pk=work_order.pk).promised_date == FRIDAY


def test_a_promised_date_changed_with_other_details_is_internal(work_order, staff_actor, technician):
    entry = services.update_details(work_order, by=staff_actor, promised_date=FRIDAY, technician=technician)

    assert set(entry.data) == {"promised_date", "technician"}
    assert entry.public is False


def test_a_new_problem_description_is_stripped_and_recorded(work_order, staff_actor):
    entry = services.update_details(work_order, by=staff_actor, problem_description="  Flickers and beeps. ")

    assert WorkOrder.objects.get(pk=work_order.pk).problem_description == "Flickers and beeps."
    assert entry.data == {
        "problem_description": ["The screen flickers after ten minutes.", "Flickers and beeps."]
    }


def test_removing_the_technician_records_the_previous_one(work_order, staff_actor, technician):
    services.update_details(work_order, by=staff_actor, technician=technician)

    entry = services.update_details(work_order, by=staff_actor, technician=None)

    assert entry.data == {"technician": ["Tina Technician", ""]}
    assert WorkOrder.objects.get(pk=work_order.pk).technician is None


def test_details_left_out_are_not_touched(work_order, staff_actor, technician):
    services.update_details(work_order, by=staff_actor, technician=technician, promised_date=FRIDAY)

    services.update_details(work_order, by=staff_actor, problem_description="Beeps.")

    saved = WorkOrder.objects.get(pk=work_order.pk)
    assert (saved.technician, saved.promised_date) == (technician, FRIDAY)


def test_updating_sends_work_order_updated_with_the_changes(work_order, staff_actor, capture_signal):
    received = capture_signal(signals.work_order_updated)

    entry = services.update_details(work_order, by=staff_actor, promised_date=FRIDAY)

    assert len(received) == 1
    assert received[0]["sender"] is WorkOrder
    assert received[0]["work_order"] == work_order
    assert received[0]["entry"] == entry
    assert received[0]["changes"] == {"promised_date": ["", "2026-12-04"]}


def test_an_update_that_changes_nothing_writes_nothing_and_sends_nothing(
    work_order, staff_actor, snapshot, capture_signal
):
    received = capture_signal(signals.work_order_updated)
    before = snapshot()

    result = services.update_details(
        work_order,
        by=staff_actor,
        technician=None,
        promised_date=None,
        problem_description="The screen flickers after ten minutes.",
    )

    assert result is None
    assert received == []
    assert snapshot() == before


@pytest.mark.parametrize("description", ["", "  "])
def test_an_empty_problem_description_is_refused(work_order, staff_actor, technician, snapshot, description):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        services.update_details(
            work_order, by=staff_actor, technician=technician, problem_description=description
        )

    assert set(refused.value.message_dict) == {"problem_description"}
    assert snapshot() == before
