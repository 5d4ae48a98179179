import pytest
from django.contrib.auth.models import Group, Permission

from fixloop.shop.models import Role
from fixloop.shop.roles import CONFIGURATION, ROLE_PERMISSIONS, ensure_roles
from tests.factories import StatusFactory, UserFactory

CHANGE_CONFIGURATION = [name for name in CONFIGURATION if ".view_" not in name]
CHANGE_CUSTOMERS = ["customers.add_customeraccount", "customers.change_customeraccount", "customers.add_unit"]
FRONT_DESK = ["repairs.add_workorder", "repairs.change_workorder", "repairs.change_servicerequest"]
WORKSHOP = ["repairs.change_workorder_status", "repairs.add_timelineentry", "repairs.add_attachment"]
NOBODY = [
    "repairs.delete_workorder",
    "repairs.delete_timelineentry",
    "repairs.change_timelineentry",
    "repairs.delete_attachment",
    "customers.delete_customeraccount",
    "shop.delete_user",
]


def permission_names(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db
def test_migrate_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_permission_a_role_names_exists_and_is_granted(role):
    """A misspelt permission would be skipped silently by ensure_roles."""
    assert permission_names(Group.objects.get(name=role)) == set(ROLE_PERMISSIONS[role])


# administrator


@pytest.mark.parametrize("permission", CHANGE_CONFIGURATION)
def test_an_administrator_can_change_the_configuration(owner, permission):
    assert owner.has_perm(permission)


@pytest.mark.parametrize("permission", CHANGE_CUSTOMERS + FRONT_DESK + WORKSHOP)
def test_an_administrator_can_do_front_desk_and_workshop_work(owner, permission):
    assert owner.has_perm(permission)


def test_an_administrator_has_the_administrator_role(owner):
    assert owner.has_role(Role.ADMINISTRATOR)
    assert not owner.has_role(Role.TECHNICIAN)


# service advisor


@pytest.mark.parametrize("permission", [name for name in CONFIGURATION if ".view_" in name])
def test_a_service_advisor_can_view_the_configuration(advisor, permission):
    assert advisor.has_perm(permission)


@pytest.mark.parametrize("permission", CHANGE_CONFIGURATION)
def test_a_service_advisor_cannot_change_the_configuration(advisor, permission):
    assert not advisor.has_perm(permission)


@pytest.mark.parametrize("permission", CHANGE_CUSTOMERS + FRONT_DESK + WORKSHOP)
def test_a_service_advisor_can_change_customers_and_work_orders(advisor, permission):
    assert advisor.has_perm(permission)


# technician


@pytest.mark.parametrize("permission", CONFIGURATION)
def test_a_technician_can_neither_change_nor_view_the_configuration(technician, permission):
    assert not technician.has_perm(permission)


@pytest.mark.parametrize("permission", CHANGE_CUSTOMERS)
def test_a_technician_cannot_change_customers(technician, permission):
    assert not technician.has_perm(permission)


@pytest.mark.parametrize("permission", ["customers.view_customeraccount", "customers.view_unit"])
def test_a_technician_can_view_customers(technician, permission):
    assert technician.has_perm(permission)


@pytest.mark.parametrize("permission", FRONT_DESK)
def test_a_technician_cannot_open_change_or_decide_on_work(technician, permission):
    assert not technician.has_perm(permission)


@pytest.mark.parametrize("permission", WORKSHOP)
def test_a_technician_can_change_status_and_add_comments_and_files(technician, permission):
    assert technician.has_perm(permission)


# nobody


@pytest.mark.parametrize("permission", NOBODY)
@pytest.mark.parametrize("role", list(Role))
def test_no_role_may_delete_history_or_accounts(role, permission):
    assert permission not in ROLE_PERMISSIONS[role]


@pytest.mark.django_db
def test_a_superuser_counts_as_an_administrator():
    assert UserFactory(is_superuser=True).has_role(Role.ADMINISTRATOR)


# ensure_roles


@pytest.mark.django_db
def test_ensure_roles_twice_changes_nothing():
    before = {group.name: permission_names(group) for group in Group.objects.all()}

    ensure_roles()
    ensure_roles()

    assert {group.name: permission_names(group) for group in Group.objects.all()} == before
    assert Group.objects.filter(name__in=Role.values).count() == len(Role)


@pytest.mark.django_db
def test_ensure_roles_takes_away_a_permission_added_by_hand():
    technicians = Group.objects.get(name=Role.TECHNICIAN)
    technicians.permissions.add(
        Permission.objects.get(codename="change_status", content_type__app_label="repairs")
    )

    ensure_roles()

    assert "repairs.change_status" not in permission_names(technicians)


@pytest.mark.django_db
def test_ensure_roles_recreates_a_deleted_role_group():
    Group.objects.filter(name=Role.SERVICE_ADVISOR).delete()

    ensure_roles()

    assert permission_names(Group.objects.get(name=Role.SERVICE_ADVISOR)) == set(
        ROLE_PERMISSIONS[Role.SERVICE_ADVISOR]
    )


# the admin, over HTTP


@pytest.fixture
def status(db):
    return StatusFactory()


def test_a_technician_gets_403_adding_a_status_in_the_admin(client, technician):
    client.force_login(technician)

    assert client.get("/admin/repairs/status/add/").status_code == 403


def test_a_technician_gets_403_changing_a_location_in_the_admin(client, technician, location):
    client.force_login(technician)

    assert client.get(f"/admin/shop/location/{location.pk}/change/").status_code == 403


def test_a_technician_cannot_post_a_new_status_in_the_admin(client, technician):
    client.force_login(technician)

    response = client.post(
        "/admin/repairs/status/add/", {"name_en": "Sneaky", "name_de": "x", "phase": "open"}
    )

    assert response.status_code == 403
    assert not StatusFactory._meta.model.objects.filter(name_en="Sneaky").exists()


def test_an_administrator_can_open_the_add_status_page(client, owner):
    client.force_login(owner)

    assert client.get("/admin/repairs/status/add/").status_code == 200


def test_an_administrator_can_open_a_locations_change_page(client, owner, location):
    client.force_login(owner)

    assert client.get(f"/admin/shop/location/{location.pk}/change/").status_code == 200


def test_an_administrator_can_change_a_status_in_the_admin(client, owner, status):
    client.force_login(owner)

    response = client.post(
        f"/admin/repairs/status/{status.pk}/change/",
        {
            "name_en": "Diagnosis",
            "name_de": "Diagnose",
            "phase": "in_progress",
            "position": 3,
            "active": "on",
        },
    )

    assert response.status_code == 302
    status.refresh_from_db()
    assert (status.name_en, status.active, status.visible_to_customers) == ("Diagnosis", True, False)


def test_a_service_advisor_can_view_a_location_in_the_admin(client, advisor, location):
    client.force_login(advisor)

    assert client.get(f"/admin/shop/location/{location.pk}/change/").status_code == 200


def test_a_service_advisor_cannot_save_a_location_in_the_admin(client, advisor, location):
    client.force_login(advisor)

    response = client.post(f"/admin/shop/location/{location.pk}/change/", {"name": "Renamed"})

    assert response.status_code == 403
    location.refresh_from_db()
    assert location.name == "Berlin Mitte"


def test_a_service_advisor_gets_403_adding_a_status_in_the_admin(client, advisor):
    client.force_login(advisor)

    assert client.get("/admin/repairs/status/add/").status_code == 403
