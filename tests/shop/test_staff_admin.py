"""An administrator manages staff and their roles in the admin; superuser status and permissions
outside the roles are for superusers only."""

import pytest
from django.contrib.auth.models import Group, Permission

from fixloop.shop.models import Role, User
from tests.factories import UserFactory


def change_form(user: User, **overrides) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(overrides)
    return data


def escalation(user: User) -> dict:
    return change_form(
        user,
        is_superuser="on",
        user_permissions=[Permission.objects.get(codename="delete_user").pk],
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


def test_an_administrator_cannot_make_anyone_a_superuser(client, owner, advisor):
    client.force_login(owner)
    page = client.get(f"/admin/shop/user/{advisor.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    response = client.post(f"/admin/shop/user/{advisor.pk}/change/", escalation(advisor))
    assert response.status_code == 302  # saved, without what it may not change
    advisor.refresh_from_db()
    assert not advisor.is_superuser
    assert not advisor.user_permissions.exists()


def test_an_administrator_cannot_make_themselves_a_superuser(client, owner):
    client.force_login(owner)
    client.post(f"/admin/shop/user/{owner.pk}/change/", escalation(owner))
    owner.refresh_from_db()
    assert not owner.is_superuser
    assert not owner.user_permissions.exists()


def test_a_superuser_can(client, superuser, advisor):
    """The same form data is valid: it is the field, not the data, that the administrator lacks."""
    client.force_login(superuser)
    assert client.post(f"/admin/shop/user/{advisor.pk}/change/", escalation(advisor)).status_code == 302
    advisor.refresh_from_db()
    assert advisor.is_superuser
    assert advisor.user_permissions.count() == 1


def test_an_administrator_cannot_edit_or_delete_a_superuser(client, owner, superuser):
    client.force_login(owner)
    url = f"/admin/shop/user/{superuser.pk}/"
    response = client.post(url + "change/", change_form(superuser, is_active=""))
    assert response.status_code == 403
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert client.post(url + "password/", {"password1": "x" * 20, "password2": "x" * 20}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active
    assert superuser.check_password("correct horse battery staple")


def test_an_administrator_assigns_only_the_products_roles(client, owner, advisor):
    outside = Group.objects.create(name="everything")
    outside.permissions.set(Permission.objects.all())
    client.force_login(owner)
    response = client.post(
        f"/admin/shop/user/{advisor.pk}/change/", change_form(advisor, groups=[outside.pk])
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert not advisor.groups.filter(pk=outside.pk).exists()

    technician_role = Group.objects.get(name=Role.TECHNICIAN)
    response = client.post(
        f"/admin/shop/user/{advisor.pk}/change/", change_form(advisor, groups=[technician_role.pk])
    )
    assert response.status_code == 302
    assert set(advisor.groups.values_list("name", flat=True)) == {Role.TECHNICIAN}
