"""The signed-in portal's units: the list (per account for a head office) and adding one, validated
as at staff entry."""

import pytest

from fixloop.customers.models import Unit

ADD = "/portal/units/add/"


def test_the_list_shows_the_persons_units_with_a_link_to_their_repairs(portal_client, unit, work_order):
    text = portal_client.get("/portal/units/").content.decode()
    assert "ThinkPad T14" in text and "PF-11111" in text
    assert f"/portal/repairs/?state=all&amp;unit={unit.pk}" in text
    assert "1 open repair" in text


def test_a_head_office_sees_units_per_account(head_office_client, head_office, customer, unit):
    from tests.factories import UnitFactory

    UnitFactory(customer=head_office, make="VW", model="Crafter", kind="vehicle", plate="HH-A 1")
    text = head_office_client.get("/portal/units/").content.decode()
    assert f'<h2 id="account-{customer.pk}">{customer.name}</h2>' in text
    assert f'<h2 id="account-{head_office.pk}">{head_office.name}</h2>' in text


def test_a_unit_is_added_to_the_persons_account(portal_client, customer):
    response = portal_client.post(
        ADD,
        {
            "kind": "vehicle",
            "make": "Ford",
            "model": "Transit",
            "vin": "wf0x xxgc dx1234567",
            "plate": "b fx 1",
        },
    )
    assert response.status_code == 303
    unit = Unit.objects.get(make="Ford")
    assert (unit.customer, unit.vin, unit.plate) == (customer, "WF0XXXGCDX1234567", "B FX 1")
    assert response["Location"] == "/portal/units/"
    assert (
        "Your unit Ford Transit · B FX 1 has been added."
        in portal_client.get("/portal/units/").content.decode()
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "device", "make": ""}, "make", "This field is required."),
        ({"kind": "vehicle", "make": "Ford"}, "plate", "Enter the licence plate or the VIN of the vehicle."),
        ({"kind": "vehicle", "make": "Ford", "vin": "IOQ123"}, "vin", "A VIN has 17 letters and digits"),
        ({"kind": "rocket", "make": "Ford"}, "kind", "Select a valid choice."),
        ({"kind": "device", "make": "x" * 81}, "make", "at most 80 characters"),
    ],
)
def test_bad_input_gets_a_field_message_and_adds_nothing(portal_client, unit, data, field, message):
    before = Unit.objects.count()
    response = portal_client.post(ADD, data)
    assert response.status_code == 422
    text = response.content.decode()
    assert message in text
    assert f'id="id_{field}"' in text.split(message, 1)[0]  # the message follows its field
    assert Unit.objects.count() == before


def test_a_head_office_chooses_the_account(head_office_client, head_office, customer):
    page = head_office_client.get(ADD).content.decode()
    assert f'<option value="{customer.pk}">' in page and f'<option value="{head_office.pk}">' in page
    response = head_office_client.post(ADD, {"account": customer.pk, "kind": "device", "make": "Dell"})
    assert response.status_code == 303
    assert Unit.objects.get(make="Dell").customer == customer
