"""Portal accounts: invitations, sign-in by password and by e-mailed code, reset, lock-out, revoking,
and the wall between portal people and staff."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fixloop.customers.models import PortalInvitation, PortalMembership
from fixloop.customers.services import portal_access
from fixloop.messaging.models import Message
from tests.portal.accounts_fixtures import PASSWORD, invite, last_email, link_in

LOGIN = "/portal/account/login/"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


# ----------------------------------------------------------------------------- invitations


def test_an_invitation_is_e_mailed_with_a_single_use_link(client, customer, staff_actor, shop):
    invite(customer, "anna.becker@example.com", staff_actor)
    message = last_email("portal.invitation", "anna.becker@example.com")
    assert message.customer == customer
    path = link_in(message, "/portal/invitation/")
    response = client.get(path)
    assert response.status_code == 200
    assert "anna.becker@example.com" in response.content.decode()

    response = client.post(path, {"name": "Anna Becker", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    person = PortalMembership.objects.get(customer=customer).user
    assert (person.email, person.first_name, person.last_name) == (
        "anna.becker@example.com",
        "Anna",
        "Becker",
    )

    client.logout()
    reused = client.post(path, {"name": "Eve", "password": PASSWORD, "password_again": PASSWORD})
    assert reused.status_code == 404
    assert "has been used already" in reused.content.decode()
    assert PortalMembership.objects.count() == 1


def test_an_expired_invitation_is_refused_and_creates_nobody(client, customer, staff_actor, shop):
    token = invite(customer, "anna.becker@example.com", staff_actor)
    PortalInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        reverse("portal:invitation", args=[token]), {"password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert not PortalMembership.objects.exists()


def test_an_invitation_is_valid_for_seven_days(customer, staff_actor, shop):
    invite(customer, "anna.becker@example.com", staff_actor)
    invitation = PortalInvitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_an_unknown_invitation_token_gives_404(client, shop):
    response = client.get(reverse("portal:invitation", args=["x" * 43]))
    assert response.status_code == 404


def test_a_weak_password_is_refused_with_a_field_message(client, customer, staff_actor, shop):
    token = invite(customer, "anna.becker@example.com", staff_actor)
    response = client.post(
        reverse("portal:invitation", args=[token]), {"password": "12345678", "password_again": "12345678"}
    )
    assert response.status_code == 422
    assert "This password is entirely numeric." in response.context["form"].errors["password"]
    assert not PortalMembership.objects.exists()
    assert PortalInvitation.objects.get().accepted_at is None


def test_two_different_passwords_are_refused(client, customer, staff_actor, shop):
    token = invite(customer, "anna.becker@example.com", staff_actor)
    response = client.post(
        reverse("portal:invitation", args=[token]), {"password": PASSWORD, "password_again": "other"}
    )
    assert response.status_code == 422
    assert "The two passwords differ." in response.content.decode()


def test_staff_addresses_cannot_be_invited(customer, staff_actor, advisor, shop):
    advisor.email = "advisor@werkstatt.example"
    advisor.save()
    with pytest.raises(ValidationError) as refused:
        invite(customer, "Advisor@werkstatt.example", staff_actor)
    assert "staff" in str(refused.value)
    assert not PortalInvitation.objects.exists()


def test_an_invalid_address_is_refused(customer, staff_actor, shop):
    with pytest.raises(ValidationError) as refused:
        invite(customer, "anna@", staff_actor)
    assert "email" in refused.value.error_dict


def test_a_second_invitation_ends_the_first(customer, staff_actor, shop):
    first = invite(customer, "anna.becker@example.com", staff_actor)
    invite(customer, "anna.becker@example.com", staff_actor)
    assert portal_access.invitation_problem(portal_access.find_invitation(first))


def test_a_person_invited_to_a_second_account_keeps_one_login(
    client, portal_user, other_customer, staff_actor
):
    token = invite(other_customer, portal_user.email, staff_actor)
    response = client.post(reverse("portal:invitation", args=[token]), {})
    assert response.status_code == 302
    assert set(
        PortalMembership.objects.active().filter(user=portal_user).values_list("customer__name", flat=True)
    ) == {
        "Anna Becker",
        "Bernd Schulz",
    }


# ----------------------------------------------------------------------------- signing in


def test_sign_in_with_e_mail_and_password(client, portal_user):
    response = sign_in(client, "Anna.Becker@example.com")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert "Anna" in client.get("/portal/").content.decode()


def test_a_wrong_password_says_so_on_the_form(client, portal_user):
    response = sign_in(client, portal_user.email, "wrong-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/portal/").status_code == 302


def test_sign_in_with_an_e_mailed_code(client, portal_user):
    response = client.post("/portal/account/login/code/", {"email": portal_user.email})
    assert response.status_code == 302
    message = last_email("portal.sign_in_code", portal_user.email)
    code = message.body_text.split("\n\n")[2].strip()
    response = client.post("/portal/account/login/code/confirm/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_a_code_is_not_sent_to_an_unknown_or_staff_address(client, advisor, shop):
    advisor.email = "advisor@werkstatt.example"
    advisor.save()
    for address in ("nobody@example.com", "advisor@werkstatt.example"):
        response = client.post("/portal/account/login/code/", {"email": address})
        assert response.status_code == 302  # the same answer as for a portal user
    assert not Message.objects.exists()


def test_password_reset_by_e_mailed_link(client, portal_user):
    response = client.post("/portal/account/password/reset/", {"email": portal_user.email})
    assert response.status_code == 302
    path = link_in(
        last_email("portal.password_reset", portal_user.email), "/portal/account/password/reset/key/"
    )
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    new = "Neues-Passwort-2027"
    response = client.post(form_path, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert sign_in(client, portal_user.email, new).status_code == 302


def test_failed_sign_ins_lock_the_account_with_a_clear_message(client, portal_user):
    for _ in range(5):
        sign_in(client, portal_user.email, "wrong-password")
    response = sign_in(client, portal_user.email)  # the right password, too late
    assert response.status_code == 429
    assert "Too many failed" in response.content.decode()
    assert client.get("/portal/").status_code == 302


def test_failed_sign_ins_from_one_address_are_limited_across_accounts(client, portal_user):
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "wrong-password")
    response = sign_in(client, portal_user.email)
    assert response.status_code == 429


def test_sign_out_everywhere_ends_other_sessions(client, portal_user, django_user_model):
    from django.test import Client

    other_device = Client()
    assert sign_in(other_device, portal_user.email).status_code == 302
    assert sign_in(client, portal_user.email).status_code == 302
    response = client.post("/portal/account/sessions/", {"action": "logout"})
    assert response.status_code == 302
    assert other_device.get("/portal/").status_code == 302
    assert client.get("/portal/").status_code == 200


# ----------------------------------------------------------------------------- revoking and the wall


def test_revoking_access_signs_the_person_out_at_once(client, portal_user, staff_actor):
    sign_in(client, portal_user.email)
    membership = PortalMembership.objects.get(user=portal_user)
    portal_access.revoke_access(membership, by=staff_actor)
    response = client.get("/portal/")
    assert response.status_code in (302, 403)
    assert sign_in(client, portal_user.email).status_code == 200  # "not correct"
    membership.refresh_from_db()
    assert membership.revoked_by == staff_actor.user


def test_revoking_twice_is_refused(portal_user, staff_actor):
    membership = PortalMembership.objects.get(user=portal_user)
    portal_access.revoke_access(membership, by=staff_actor)
    with pytest.raises(ValidationError):
        portal_access.revoke_access(membership, by=staff_actor)


def test_a_portal_user_is_refused_on_staff_and_admin_pages(client, portal_user):
    sign_in(client, portal_user.email)
    assert client.get("/staff/").status_code in (302, 403)
    assert client.get("/staff/customers/").status_code == 403
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_staff_login_is_not_a_portal_login(client, advisor, shop):
    advisor.email = "advisor@werkstatt.example"
    advisor.set_password(PASSWORD)
    advisor.save()
    assert sign_in(client, "advisor@werkstatt.example").status_code == 200
    client.force_login(advisor)
    response = client.get("/portal/")
    assert response.status_code == 403
    assert "no access to the customer portal" in response.content.decode()


def test_self_sign_up_is_closed(client, shop):
    response = client.post("/portal/account/signup/", {"email": "eve@example.com", "password1": PASSWORD})
    assert response.status_code == 200
    assert client.get("/portal/").status_code == 302


def test_a_portal_login_is_not_a_staff_login(client, portal_user):
    response = client.post("/staff/sign-in/", {"username": portal_user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert client.get("/staff/").status_code == 302  # still signed out
