"""Failed staff sign-ins are limited per username and per client address (django-axes)."""

import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory
from tests.portal.accounts_fixtures import PASSWORD as PORTAL_PASSWORD

PASSWORD = "correct horse battery staple"
SIGN_IN_PAGES = ["/staff/sign-in/", "/admin/login/"]


def sign_in(client, url, username, password=PASSWORD, address="203.0.113.5"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_five_wrong_passwords_lock_the_username_out(client, owner, url, caplog):
    caplog.set_level(logging.WARNING)
    for n in range(4):
        # From several addresses: the username alone is what is counted here.
        assert sign_in(client, url, "owner", "wrong", address=f"198.51.100.{n}").status_code == 200
    assert sign_in(client, url, "owner", "wrong", address="198.51.100.9").status_code == 429
    response = sign_in(client, url, "owner")  # the right password, too late
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    assert 'Locking out {username: "owner", ip_address: "198.51.100.9"' in caplog.text


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_five_failures_from_one_address_lock_that_address_out(client, owner, url):
    for n in range(5):
        sign_in(client, url, f"guess{n}", "wrong")
    assert sign_in(client, url, "owner").status_code == 429
    # Another address still signs in.
    assert sign_in(client, url, "owner", address="192.0.2.77").status_code == 302


def test_the_lock_out_page_speaks_german(client, owner):
    for _ in range(5):
        sign_in(client, "/staff/sign-in/", "owner", "wrong")
    response = client.post(
        "/staff/sign-in/",
        {"username": "owner", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 429
    assert "Anmeldung pausiert" in response.content.decode()


def test_a_successful_sign_in_clears_the_failures(client, owner):
    for _ in range(4):
        sign_in(client, "/staff/sign-in/", "owner", "wrong")
    assert sign_in(client, "/staff/sign-in/", "owner").status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    for _ in range(4):
        sign_in(client, "/staff/sign-in/", "owner", "wrong")
    assert sign_in(client, "/staff/sign-in/", "owner").status_code == 302


def test_staff_can_be_unlocked_with_axes_reset_username(client, owner):
    for n in range(5):
        sign_in(client, "/staff/sign-in/", "owner", "wrong", address=f"198.51.100.{n}")
    assert sign_in(client, "/staff/sign-in/", "owner").status_code == 429
    call_command("axes_reset_username", "owner")
    assert sign_in(client, "/staff/sign-in/", "owner").status_code == 302


def test_portal_sign_ins_are_not_counted_for_staff(client, owner, portal_user):
    """The portal is limited by allauth alone: its failures neither lock a staff sign-in from the
    same address nor reach axes; its own lock-out still answers 429."""
    for n in range(5):
        client.post(
            "/portal/account/login/",
            {"login": f"guess{n}@example.com", "password": "wrong"},
            REMOTE_ADDR="203.0.113.5",
        )
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "/staff/sign-in/", "owner").status_code == 302


def test_a_portal_sign_in_does_not_clear_a_staff_lock_out(client, owner, portal_user):
    for n in range(5):
        sign_in(client, "/staff/sign-in/", f"guess{n}", "wrong")
    response = client.post(
        "/portal/account/login/",
        {"login": portal_user.email, "password": PORTAL_PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 302
    assert sign_in(client.__class__(), "/staff/sign-in/", "owner").status_code == 429


def test_authenticate_without_a_request_still_works(db):
    from django.contrib.auth import authenticate

    user = UserFactory(username="script")
    assert authenticate(username="script", password=PASSWORD) == user


def test_the_lock_out_ends_after_15_minutes(client, owner):
    for _ in range(5):
        sign_in(client, "/staff/sign-in/", "owner", "wrong")
    assert sign_in(client, "/staff/sign-in/", "owner").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert sign_in(client, "/staff/sign-in/", "owner").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, "/staff/sign-in/", "owner").status_code == 302
