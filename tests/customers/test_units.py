import pytest
from django.core.exceptions import ValidationError

from fixloop.customers.models import Unit
from fixloop.customers.services import save_unit

VIN = "WVWZZZ1JZXW000001"


def vehicle(customer, **fields) -> Unit:
    return Unit(customer=customer, kind=Unit.Kind.VEHICLE, make="VW", model="Golf", **fields)


def refused_fields(unit: Unit) -> set[str]:
    count = Unit.objects.count()
    with pytest.raises(ValidationError) as refused:
        save_unit(unit)
    assert Unit.objects.count() == count
    return set(refused.value.message_dict)


def test_a_vin_is_stored_in_capitals(customer):
    unit = save_unit(vehicle(customer, vin="wvwzzz1jzxw000001"))

    assert Unit.objects.get(pk=unit.pk).vin == VIN


@pytest.mark.parametrize(
    "vin",
    [
        "WVWZZZ1JZXW00000",  # 16 characters
        "WVWZZZ1JZXW0000011",  # 18 characters
        "WVWZZZ1JZXW00000O",  # O is never used in a VIN
        "IVWZZZ1JZXW000001",  # nor is I
        "QVWZZZ1JZXW000001",  # nor Q
        "WVWZZZ1JZXW00000-",
    ],
)
def test_an_invalid_vin_is_refused_on_vin(customer, vin):
    assert refused_fields(vehicle(customer, vin=vin)) == {"vin"}


def test_a_vehicle_needs_a_plate_or_a_vin(customer):
    assert refused_fields(vehicle(customer)) == {"plate"}


def test_a_vehicle_with_only_a_plate_is_accepted(customer):
    unit = save_unit(vehicle(customer, plate=" b  ab 1234 "))

    assert Unit.objects.get(pk=unit.pk).plate == "B AB 1234"


def test_a_vehicle_with_only_a_vin_is_accepted(customer):
    assert save_unit(vehicle(customer, vin=VIN)).pk is not None


def test_a_device_needs_neither_plate_nor_vin(customer):
    unit = save_unit(Unit(customer=customer, kind=Unit.Kind.DEVICE, make="Apple", serial_number=" C02XYZ "))

    assert Unit.objects.get(pk=unit.pk).serial_number == "C02XYZ"


def test_a_unit_is_shown_by_its_plate_before_its_vin_and_serial_number(customer):
    unit = vehicle(customer, plate="B AB 1234", vin=VIN, serial_number="X1")

    assert str(unit) == "VW Golf · B AB 1234"
