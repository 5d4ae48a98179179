import pytest
from icalendar import Calendar

from fixloop.bookings import services
from fixloop.bookings.calendar import ics_for
from tests.bookings.fixtures import BERLIN, TUESDAY, at


@pytest.fixture
def confirmed(submit, statuses, staff_actor):
    request = submit(slots=[at(TUESDAY, "10:00"), at(TUESDAY, "14:00")])
    two_pm = request.booking_slots.get(starts_at=at(TUESDAY, "14:00"))
    return services.confirm(request, version=1, slot=two_pm, by=staff_actor)


def event_of(data: bytes):
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_calendar_file_holds_the_booked_time_in_the_locations_time_zone(confirmed):
    calendar, event = event_of(ics_for(confirmed))

    assert event.decoded("dtstart") == at(TUESDAY, "14:00")
    assert event.decoded("dtend") == at(TUESDAY, "15:00")
    assert str(event["dtstart"].params["TZID"]) == "Europe/Berlin"
    assert event.decoded("dtstart").tzinfo.key == BERLIN.key
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_the_calendar_file_says_where_and_what_for(confirmed):
    _calendar, event = event_of(ics_for(confirmed))

    assert str(event["location"]) == "Berlin Mitte, Hauptstraße 1, 10115 Berlin"
    assert "Werkstatt Müller" in str(event["summary"])
    description = str(event["description"])
    assert confirmed.work_order.number in description
    assert "ThinkPad T14" in description
    assert "The screen flickers." in description


def test_the_uid_stays_the_same_for_one_request(confirmed, submit, statuses, staff_actor):
    first, second = event_of(ics_for(confirmed))[1], event_of(ics_for(confirmed))[1]
    other = submit(slots=[at(TUESDAY, "11:00")])
    services.confirm(other, version=1, by=staff_actor)

    assert str(first["uid"]) == str(second["uid"]) == f"booking-{confirmed.pk}@127.0.0.1"
    assert str(event_of(ics_for(other))[1]["uid"]) != str(first["uid"])


def test_customer_text_cannot_add_lines_to_the_calendar_file(submit, statuses, staff_actor):
    request = submit(problem_description="Broken\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected")
    services.confirm(request, version=1, by=staff_actor)

    calendar = Calendar.from_ical(ics_for(request))

    assert len(calendar.walk("VEVENT")) == 1


def test_a_request_without_a_booked_time_has_no_calendar_file(submit):
    with pytest.raises(ValueError):
        ics_for(submit())
