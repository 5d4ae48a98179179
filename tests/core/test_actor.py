import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from fixloop.core.actor import USER_AGENT_MAX, Actor, ActorKind, client_ip
from tests.factories import UserFactory


@pytest.fixture
def rf_request():
    def build(**meta):
        request = RequestFactory().get("/staff/", **meta)
        request.user = AnonymousUser()
        return request

    return build


def test_a_staff_actor_records_the_user_address_and_browser(rf_request):
    user = UserFactory.build(first_name="Anton", last_name="Advisor")
    request = rf_request(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox/128")
    request.user = user

    actor = Actor.staff(request)

    assert (actor.kind, actor.user, actor.ip, actor.user_agent) == (
        ActorKind.STAFF,
        user,
        "203.0.113.9",
        "Firefox/128",
    )


def test_a_long_user_agent_is_cut_to_the_stored_length(rf_request):
    actor = Actor.staff(rf_request(HTTP_USER_AGENT="x" * 1000))

    assert actor.user_agent == "x" * USER_AGENT_MAX


def test_a_missing_user_agent_is_recorded_as_empty(rf_request):
    request = rf_request()
    request.META.pop("HTTP_USER_AGENT", None)

    assert Actor.staff(request).user_agent == ""


def test_an_ipv6_address_is_recorded(rf_request):
    assert Actor.staff(rf_request(REMOTE_ADDR="2001:db8::1")).ip == "2001:db8::1"


def test_a_missing_address_is_recorded_as_none(rf_request):
    assert client_ip(rf_request(REMOTE_ADDR="")) is None


def test_a_forwarded_for_header_does_not_replace_the_address(rf_request):
    request = rf_request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")

    assert client_ip(request) == "10.0.0.2"


def test_a_customer_actor_has_no_user_but_a_name_address_and_browser(rf_request):
    actor = Actor.customer(
        rf_request(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Safari/17"), name="Anna Becker"
    )

    assert (actor.kind, actor.user, actor.ip, actor.user_agent, actor.name) == (
        ActorKind.CUSTOMER,
        None,
        "198.51.100.7",
        "Safari/17",
        "Anna Becker",
    )


def test_a_customers_long_name_is_cut_to_200_characters(rf_request):
    assert Actor.customer(rf_request(), name="A" * 500).name == "A" * 200


def test_a_customer_actors_user_agent_is_cut_too(rf_request):
    assert len(Actor.customer(rf_request(HTTP_USER_AGENT="y" * 999)).user_agent) == USER_AGENT_MAX


def test_a_staff_user_outside_a_request_has_no_address():
    user = UserFactory.build()

    actor = Actor.staff_user(user)

    assert (actor.kind, actor.user, actor.ip, actor.user_agent) == (ActorKind.STAFF, user, None, "")


def test_a_system_actor_carries_its_name():
    actor = Actor.system("nightly import")

    assert (actor.kind, actor.user, actor.name) == (ActorKind.SYSTEM, None, "nightly import")


def test_the_display_name_of_a_staff_member_is_their_full_name():
    assert Actor.staff_user(UserFactory.build(first_name="Tina", last_name="Technician")).display_name == (
        "Tina Technician"
    )


def test_the_display_name_of_a_staff_member_without_a_name_is_their_username():
    user = UserFactory.build(username="tina", first_name="", last_name="")

    assert Actor.staff_user(user).display_name == "tina"


def test_the_display_name_of_a_customer_is_the_name_they_gave(rf_request):
    assert Actor.customer(rf_request(), name="Anna Becker").display_name == "Anna Becker"


def test_the_display_name_of_an_unnamed_actor_is_its_kind():
    assert Actor.system().display_name == "system"


def test_an_actor_cannot_be_changed_after_it_is_made():
    actor = Actor.system("import")

    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.name = "someone else"
