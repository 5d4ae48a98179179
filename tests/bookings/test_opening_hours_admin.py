"""Opening hours and capacity are set in the admin, on the location."""

import pytest

from fixloop.shop.models import OpeningHours
from tests.factories import LocationFactory


@pytest.fixture
def staff_admin(client, owner):
    client.force_login(owner)
    return client


def location_form(location, hours) -> dict:
    data = {
        "name": location.name,
        "code": location.code,
        "address_line": location.address_line,
        "postal_code": location.postal_code,
        "city": location.city,
        "country": location.country,
        "time_zone": location.time_zone,
        "currency": location.currency,
        "prices_include_vat": "on",
        "active": "on",
        "booking_slot_minutes": "30",
        "booking_capacity": "2",
        "vat_rates-TOTAL_FORMS": "0",
        "vat_rates-INITIAL_FORMS": "0",
        "opening_hours-TOTAL_FORMS": str(len(hours)),
        "opening_hours-INITIAL_FORMS": "0",
    }
    for index, (weekday, opens, closes) in enumerate(hours):
        data |= {
            f"opening_hours-{index}-weekday": str(weekday),
            f"opening_hours-{index}-opens": opens,
            f"opening_hours-{index}-closes": closes,
        }
    return data


def test_an_administrator_sets_opening_hours_with_a_lunch_break_and_the_capacity(staff_admin, shop):
    location = LocationFactory()

    response = staff_admin.post(
        f"/admin/shop/location/{location.pk}/change/",
        location_form(location, [(0, "09:00", "12:00"), (0, "13:00", "17:00")]),
    )

    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.booking_slot_minutes, location.booking_capacity) == (30, 2)
    assert [str(row) for row in location.opening_hours.all()] == ["Monday 09:00–12:00", "Monday 13:00–17:00"]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ([(0, "09:00", "12:00"), (0, "11:00", "17:00")], "Opening hours of the same weekday overlap."),
        ([(0, "12:00", "09:00")], "The closing time must come after the opening time."),
    ],
)
def test_opening_hours_that_make_no_sense_are_refused(staff_admin, shop, hours, message):
    location = LocationFactory()

    response = staff_admin.post(f"/admin/shop/location/{location.pk}/change/", location_form(location, hours))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OpeningHours.objects.exists()
