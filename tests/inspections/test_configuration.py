"""The shop's inspection checklists (with their points, in order) and item templates are configured
in the admin by administrators; advisors may look, technicians may not."""

from decimal import Decimal

import pytest

from fixloop.inspections.models import Checklist, ChecklistPoint, ItemTemplate

CHECKLISTS = "/admin/inspections/checklist/"
TEMPLATES = "/admin/inspections/itemtemplate/"


def checklist_form(points: list[dict], **overrides) -> dict:
    data = {
        "name": "Annual service",
        "active": "on",
        "points-TOTAL_FORMS": str(len(points)),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "1000",
    }
    for index, point in enumerate(points):
        for name, value in point.items():
            data[f"points-{index}-{name}"] = value
    data.update(overrides)
    return data


def template_form(**overrides) -> dict:
    data = {"description": "Front brake pads", "category": "necessary", "labour": "60.00", "parts": "45.50"}
    data.update(overrides)
    data.setdefault("active", "on")
    return data


@pytest.fixture
def admin_client(client, owner):
    client.force_login(owner)
    return client


def test_an_administrator_adds_a_checklist_with_its_points_in_order(admin_client):
    response = admin_client.post(
        f"{CHECKLISTS}add/",
        checklist_form(
            [
                {
                    "position": "2",
                    "label": "Tyres: tread depth front left",
                    "measurement": "Tread depth FL",
                    "measurement_unit": "mm",
                },
                {"position": "1", "label": "Lights"},
            ]
        ),
    )
    assert response.status_code == 302
    checklist = Checklist.objects.get(name="Annual service")
    assert [point.label for point in checklist.points.all()] == ["Lights", "Tyres: tread depth front left"]
    assert checklist.points.get(position=2).measurement_unit == "mm"
    page = admin_client.get(f"{CHECKLISTS}{checklist.pk}/change/").content.decode()
    assert page.index("Lights") < page.index("Tyres: tread depth front left")


def test_a_unit_without_a_measurement_is_refused_with_a_clear_message(admin_client):
    response = admin_client.post(
        f"{CHECKLISTS}add/", checklist_form([{"position": "1", "label": "Battery", "measurement_unit": "%"}])
    )
    assert response.status_code == 200  # the form again
    assert "A unit needs a measurement" in response.content.decode()
    assert not Checklist.objects.exists() and not ChecklistPoint.objects.exists()


def test_an_administrator_adds_an_item_template_with_default_prices(admin_client):
    assert admin_client.post(f"{TEMPLATES}add/", template_form()).status_code == 302
    template = ItemTemplate.objects.get()
    assert (template.category, template.labour, template.parts) == (
        "necessary",
        Decimal("60.00"),
        Decimal("45.50"),
    )


@pytest.mark.parametrize("field", ["labour", "parts"])
def test_a_negative_template_price_is_refused(admin_client, field):
    response = admin_client.post(f"{TEMPLATES}add/", template_form(**{field: "-1.00"}))
    assert response.status_code == 200
    assert "A price cannot be below zero." in response.content.decode()
    assert not ItemTemplate.objects.exists()


def test_an_advisor_sees_the_configuration_but_cannot_change_it(client, advisor):
    ItemTemplate.objects.create(description="Wiper blades", labour=Decimal("5"), parts=Decimal("20"))
    client.force_login(advisor)
    assert client.get(TEMPLATES).status_code == 200
    assert client.get(CHECKLISTS).status_code == 200
    assert client.post(f"{TEMPLATES}add/", template_form()).status_code == 403
    assert ItemTemplate.objects.count() == 1


def test_a_technician_has_no_access_to_the_configuration(client, technician):
    client.force_login(technician)
    assert client.get(TEMPLATES).status_code in (302, 403)
    assert client.get(CHECKLISTS).status_code in (302, 403)


def test_the_admin_index_lists_the_inspection_configuration(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert CHECKLISTS in page and TEMPLATES in page
