"""Clocking on and off, the one-job rule, "Unit ready" and time added up across days and DST."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fixloop.repairs import services, signals
from fixloop.repairs.models import CustomerNote, TimeEntry, TimelineEntry, WorkshopSettings
from fixloop.repairs.services import clock
from tests.factories import staff_actor_for

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def tech_actor(technician):
    return staff_actor_for(technician)


@pytest.fixture
def second_work_order(customer, unit, location, statuses, staff_actor):
    return services.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Fan noise.", by=staff_actor
    )


def test_clocking_on_opens_a_running_time_entry(work_order, technician, tech_actor):
    entry = services.clock_on(work_order, technician, by=tech_actor)
    assert entry.ended_at is None and entry.technician == technician and entry.work_order == work_order


def test_clocking_on_writes_an_internal_timeline_entry(work_order, technician, tech_actor):
    services.clock_on(work_order, technician, by=tech_actor)
    entry = work_order.timeline.get(kind=TimelineEntry.Kind.SYSTEM)
    assert entry.data["event"] == "clocked_on" and entry.public is False


def test_clocking_on_twice_is_refused_and_changes_nothing(work_order, technician, tech_actor):
    services.clock_on(work_order, technician, by=tech_actor)
    with pytest.raises(ValidationError, match="already clocked on"):
        services.clock_on(work_order, technician, by=tech_actor)
    assert TimeEntry.objects.count() == 1
    assert work_order.timeline.filter(kind=TimelineEntry.Kind.SYSTEM).count() == 1


def test_a_second_job_is_refused_while_on_another(
    work_order, second_work_order, technician, shop, tech_actor
):
    services.clock_on(work_order, technician, by=tech_actor)
    with pytest.raises(ValidationError, match=f"still clocked on work order {work_order.number}"):
        services.clock_on(second_work_order, technician, by=tech_actor)
    assert not TimeEntry.objects.filter(work_order=second_work_order).exists()


def test_the_shop_can_allow_several_jobs_at_once(work_order, second_work_order, technician, shop, tech_actor):
    shop.technicians_clock_on_several_jobs = True
    shop.save()
    services.clock_on(work_order, technician, by=tech_actor)
    services.clock_on(second_work_order, technician, by=tech_actor)
    assert clock.open_entries(technician).count() == 2


def test_two_technicians_can_be_on_the_same_job(work_order, technician, advisor, tech_actor, staff_actor):
    services.clock_on(work_order, technician, by=tech_actor)
    services.clock_on(work_order, advisor, by=staff_actor)
    assert TimeEntry.objects.filter(work_order=work_order, ended_at__isnull=True).count() == 2


def test_clocking_on_a_closed_work_order_is_refused(work_order, technician, tech_actor, staff_actor):
    services.close(work_order, by=staff_actor)
    with pytest.raises(ValidationError, match="is closed"):
        services.clock_on(work_order, technician, by=tech_actor)
    assert not TimeEntry.objects.exists()


def test_clocking_off_ends_the_entry_and_records_the_time(work_order, technician, tech_actor):
    with time_machine.travel(datetime(2026, 5, 4, 8, 0, tzinfo=UTC), tick=False):
        services.clock_on(work_order, technician, by=tech_actor)
    with time_machine.travel(datetime(2026, 5, 4, 9, 30, tzinfo=UTC), tick=False):
        entry = services.clock_off(work_order, technician, by=tech_actor)
    assert entry.ended_at - entry.started_at == timedelta(minutes=90)
    off = work_order.timeline.get(data__event="clocked_off")
    assert off.data["seconds"] == 5400 and off.public is False


def test_clocking_off_a_job_one_is_not_on_is_refused(work_order, technician, tech_actor):
    with pytest.raises(ValidationError, match="is not clocked on"):
        services.clock_off(work_order, technician, by=tech_actor)
    assert not work_order.timeline.filter(kind=TimelineEntry.Kind.SYSTEM).exists()


def test_clocking_off_someone_elses_entry_is_refused(
    work_order, technician, advisor, tech_actor, staff_actor
):
    services.clock_on(work_order, advisor, by=staff_actor)
    with pytest.raises(ValidationError, match="is not clocked on"):
        services.clock_off(work_order, technician, by=tech_actor)
    assert TimeEntry.objects.get().ended_at is None


def test_clocking_off_twice_is_refused(work_order, technician, tech_actor):
    services.clock_on(work_order, technician, by=tech_actor)
    services.clock_off(work_order, technician, by=tech_actor)
    with pytest.raises(ValidationError, match="is not clocked on"):
        services.clock_off(work_order, technician, by=tech_actor)


# ----------------------------------------------------------------------------- Unit ready


def test_mark_ready_sets_the_shops_ready_status(work_order, statuses, tech_actor, capture_signal):
    WorkshopSettings.objects.create(pk=1, ready_status=statuses["ready"])
    changes = capture_signal(signals.status_changed)
    services.mark_ready(work_order, by=tech_actor)
    work_order.refresh_from_db()
    assert work_order.status == statuses["ready"]
    assert [change["work_order"].pk for change in changes] == [work_order.pk]


def test_mark_ready_without_a_ready_status_is_refused(work_order, tech_actor):
    status_before = work_order.status_id
    with pytest.raises(ValidationError, match="has not chosen a status"):
        services.mark_ready(work_order, by=tech_actor)
    work_order.refresh_from_db()
    assert work_order.status_id == status_before


def test_mark_ready_twice_is_refused(work_order, statuses, tech_actor):
    WorkshopSettings.objects.create(pk=1, ready_status=statuses["ready"])
    services.mark_ready(work_order, by=tech_actor)
    with pytest.raises(ValidationError, match="already has this status"):
        services.mark_ready(work_order, by=tech_actor)


def test_mark_ready_on_a_closed_work_order_is_refused(work_order, statuses, tech_actor, staff_actor):
    WorkshopSettings.objects.create(pk=1, ready_status=statuses["ready"])
    services.close(work_order, by=staff_actor)
    with pytest.raises(ValidationError, match="closed"):
        services.mark_ready(work_order, by=tech_actor)


# ----------------------------------------------------------------------------- remarks for technicians


def test_staff_show_a_customer_remark_to_technicians(work_order, customer_actor, staff_actor):
    link = services.issue_link(work_order, by=staff_actor)
    services.ask_question(link, "Please keep the old battery.", by=customer_actor)
    note = CustomerNote.objects.get()
    services.show_to_technician(note, True, by=staff_actor)
    note.refresh_from_db()
    assert note.visible_to_technician
    assert work_order.timeline.filter(data__event="remark_shown", public=False).exists()


# ----------------------------------------------------------------------------- adding up


def entry(work_order, technician, start, end):
    return TimeEntry.objects.create(
        work_order=work_order, technician=technician, started_at=start, ended_at=end
    )


def test_an_entry_over_midnight_counts_on_both_days(work_order, technician):
    start = datetime(2026, 5, 4, 22, 30, tzinfo=BERLIN)
    entry(work_order, technician, start, start + timedelta(hours=2))
    per_day = clock.totals(TimeEntry.objects.all(), by="day", zone=BERLIN)
    assert per_day == {date(2026, 5, 4): 90 * 60, date(2026, 5, 5): 30 * 60}


def test_the_night_of_the_march_switch_has_one_hour_less(work_order, technician):
    # 29 March 2026: Berlin goes from 02:00 CET to 03:00 CEST; 01:00 to 04:00 on the clock is 2 hours.
    entry(
        work_order,
        technician,
        datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN),
        datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN),
    )
    assert clock.totals(TimeEntry.objects.all(), by="day", zone=BERLIN) == {date(2026, 3, 29): 2 * 3600}


def test_the_night_of_the_october_switch_has_one_hour_more(work_order, technician):
    # 25 October 2026: Berlin goes from 03:00 CEST back to 02:00 CET; 01:00 to 04:00 on the clock is 4 hours.
    entry(
        work_order,
        technician,
        datetime(2026, 10, 25, 1, 0, tzinfo=BERLIN),
        datetime(2026, 10, 25, 4, 0, tzinfo=BERLIN),
    )
    assert clock.totals(TimeEntry.objects.all(), by="day", zone=BERLIN) == {date(2026, 10, 25): 4 * 3600}


def test_an_entry_over_the_october_midnight_splits_at_local_midnight(work_order, technician):
    # 24 Oct 23:00 CEST → 25 Oct 03:00 CET = 5 hours: 1 on the 24th, 4 on the 25th (the 25th has 25 hours).
    start = datetime(2026, 10, 24, 21, 0, tzinfo=UTC)
    entry(work_order, technician, start, start + timedelta(hours=5))
    assert clock.totals(TimeEntry.objects.all(), by="day", zone=BERLIN) == {
        date(2026, 10, 24): 3600,
        date(2026, 10, 25): 4 * 3600,
    }


def test_days_use_the_work_orders_location_time_zone(work_order, technician, location):
    location.time_zone = "America/New_York"
    location.save(update_fields=["time_zone"])
    # 03:00 UTC on 5 May is 23:00 on 4 May in New York
    entry(
        work_order,
        technician,
        datetime(2026, 5, 5, 3, 0, tzinfo=UTC),
        datetime(2026, 5, 5, 3, 30, tzinfo=UTC),
    )
    entries = TimeEntry.objects.select_related("work_order__location")
    assert clock.totals(entries, by="day") == {date(2026, 5, 4): 1800}


def test_totals_per_work_order_and_per_technician(work_order, second_work_order, technician, advisor):
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    entry(work_order, technician, start, start + timedelta(hours=1))
    entry(second_work_order, technician, start + timedelta(hours=1), start + timedelta(hours=3))
    entry(work_order, advisor, start, start + timedelta(minutes=30))
    entries = TimeEntry.objects.all()
    assert clock.totals(entries, by="work_order") == {work_order.pk: 5400, second_work_order.pk: 7200}
    assert clock.totals(entries, by="technician") == {technician.pk: 3 * 3600, advisor.pk: 1800}


def test_a_running_entry_counts_until_now(work_order, technician, tech_actor):
    with time_machine.travel(datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN), tick=False):
        services.clock_on(work_order, technician, by=tech_actor)
    now = datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)  # over the March switch: 2 hours later
    assert clock.seconds_today(technician, BERLIN, now) == 2 * 3600
