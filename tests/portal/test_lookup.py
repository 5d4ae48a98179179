"""The look-up by work-order number and postal code: hits, misses that all look the same, and the
rate limits per address and per order number."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fixloop.core.actor import Actor
from fixloop.portal.links import tracking_link_path
from fixloop.portal.views import tracking
from fixloop.repairs import services
from fixloop.repairs.models import TrackingLink
from tests.factories import CustomerAccountFactory, WorkOrderFactory
from tests.portal.conftest import without_csrf


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    """Rate limits count in fixed windows: keep every test inside one."""
    time_machine.move_to("2026-11-23 10:00:10", tick=False)


def look_up(client, number, postal_code, *, ip="198.51.100.7", path="/track/"):
    return client.post(path, {"number": number, "postal_code": postal_code}, REMOTE_ADDR=ip)


def test_the_look_up_page_has_the_form(client, db):
    response = client.get("/track/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="number"' in text
    assert 'name="postal_code"' in text


@pytest.mark.parametrize(
    ("number", "postal_code"),
    [("{number}", "10115"), (" {number} ", " 10 115 "), ("{lower}", "10115")],
)
def test_the_right_number_and_postal_code_open_the_case_page(client, work_order, number, postal_code):
    response = look_up(
        client, number.format(number=work_order.number, lower=work_order.number.lower()), postal_code
    )
    assert response.status_code == 303
    assert response["Location"].startswith("/track/t/")
    assert work_order.number in client.get(response["Location"]).content.decode()


def test_a_number_with_small_letters_is_found_as_written(client, customer, location, statuses, staff_actor):
    work_order = services.open_work_order(
        customer=customer, location=location, problem_description="Noise.", number="ws-17", by=staff_actor
    )
    assert look_up(client, "ws-17", "10115").status_code == 303
    assert look_up(client, "WS-17", "10115").status_code == 404
    assert work_order.tracking_links.count() == 1


@pytest.fixture
def own_number(customer, location, statuses, staff_actor):
    """A work order with a number in Fixloop's own format, and its neighbours 2026-00001 and 2026-00100."""
    for number in ("2026-00001", "2026-00100"):
        services.open_work_order(
            customer=customer, location=location, problem_description="Other.", number=number, by=staff_actor
        )
    return services.open_work_order(
        customer=customer,
        location=location,
        problem_description="Noise.",
        number="2026-00010",
        by=staff_actor,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "202600010",  # without the dash
        "2026 00010",  # a space for the dash
        " 2026 - 00010 ",  # spaces around it
        "2026\u201300010",  # en dash
        "2026\u201400010",  # em dash
        "2026\u221200010",  # minus sign
        "2026\u201100010",  # non-breaking hyphen
        "2026\uff0d00010",  # full-width hyphen
        "#2026-00010",  # punctuation around it
        "(2026-00010).",
        "\u201e2026-00010\u201c",  # German quotes
        "2026-10",  # without the zero padding
        "2026-010",
        "2026 10",
        "2026/00010",
        "2026-000010",  # one zero too many
    ],
)
def test_harmless_variations_of_the_number_find_it(client, own_number, typed):
    response = look_up(client, typed, "10115")
    assert response.status_code == 303, typed
    assert own_number.number in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "typed",
    ["2026-00011", "202600011", "2026-11", "2025-00010", "20260010", "202610", "2026-1000", "F2026-00010"],
)
def test_a_different_number_still_misses(client, own_number, typed):
    assert look_up(client, typed, "10115").status_code == 404, typed


@pytest.mark.parametrize("typed", ["f-00042", "F 00042", "f\u201300042", "'F-00042'"])
def test_an_imported_number_is_found_with_small_letters_a_space_or_another_dash(
    client, customer, location, statuses, staff_actor, typed
):
    services.open_work_order(
        customer=customer, location=location, problem_description="Noise.", number="F-00042", by=staff_actor
    )
    assert look_up(client, typed, "10115").status_code == 303, typed


def test_the_literal_number_wins_over_its_variation(client, customer, location, statuses, staff_actor):
    """An imported '202600010' is found as typed, not as Fixloop's '2026-00010'."""
    imported = services.open_work_order(
        customer=customer, location=location, problem_description="Old.", number="202600010", by=staff_actor
    )
    services.open_work_order(
        customer=customer, location=location, problem_description="New.", number="2026-00010", by=staff_actor
    )
    response = look_up(client, "202600010", "10115")
    assert imported.number in client.get(response["Location"]).content.decode()


def test_every_miss_of_a_variation_gets_the_same_answer_as_any_miss(client, own_number):
    wrong_postal_code = look_up(client, "202600010", "10117", ip="203.0.113.1")
    unknown = look_up(client, "2026-00011", "10115", ip="203.0.113.2")
    assert wrong_postal_code.status_code == unknown.status_code == 404
    assert without_csrf(wrong_postal_code.content.decode()) == without_csrf(unknown.content.decode())


def test_postal_codes_compare_without_spaces_and_case(client, customer, work_order):
    customer.postal_code = "SW1A 1AA"
    customer.save()
    assert look_up(client, work_order.number, "sw1a1aa").status_code == 303


def test_the_look_up_leads_to_the_current_link(client, work_order, link, case_path):
    assert look_up(client, work_order.number, "10115")["Location"] == case_path


def test_the_first_look_up_issues_a_link(client, work_order):
    assert not TrackingLink.objects.exists()
    response = look_up(client, work_order.number, "10115")
    link = TrackingLink.objects.get()
    assert response["Location"] == tracking_link_path(link)
    entry = work_order.timeline.get(kind="tracking")
    assert entry.actor == "customer"
    assert entry.public is False


@pytest.fixture
def misses(client, customer, work_order, other_customer, staff_actor):
    """One response per kind of miss, all for look-ups that must fail."""
    no_postal_code = WorkOrderFactory(customer=CustomerAccountFactory(postal_code=""))
    revoked = services.open_work_order(
        customer=customer, location=work_order.location, problem_description="Fan noise.", by=staff_actor
    )
    services.issue_link(revoked, by=staff_actor)
    services.revoke_link(revoked, by=staff_actor)
    closed_long_ago = services.open_work_order(
        customer=customer, location=work_order.location, problem_description="Hinge.", by=staff_actor
    )
    services.close(closed_long_ago, by=staff_actor)
    type(closed_long_ago).objects.filter(pk=closed_long_ago.pk).update(
        closed_at=timezone.now() - timedelta(days=31)
    )
    tries = {
        "unknown number": (f"{work_order.number}9", "10115"),
        "wrong postal code": (work_order.number, "10117"),
        "another customer's postal code": (work_order.number, other_customer.postal_code),
        "no postal code on record": (no_postal_code.number, "10115"),
        "revoked link": (revoked.number, "10115"),
        "closed more than 30 days ago": (closed_long_ago.number, "10115"),
    }
    return {
        reason: look_up(client, number, postal_code, ip=f"203.0.113.{i}")
        for i, (reason, (number, postal_code)) in enumerate(tries.items())
    }


def test_every_miss_gets_the_same_answer(misses):
    answers = {(r.status_code, without_csrf(r.content.decode())) for r in misses.values()}
    assert len(answers) == 1, misses.keys()
    status, text = answers.pop()
    assert status == 404
    assert "We could not find a repair with this number and postal code." in text
    assert "/track/t/" not in text


def test_a_miss_shows_nothing_about_the_work_order(client, work_order):
    text = look_up(client, work_order.number, "99999").content.decode()
    assert "Anna" not in text
    assert "ThinkPad" not in text
    assert 'value="99999"' not in text  # the form comes back empty


def test_a_work_order_closed_recently_can_still_be_looked_up(client, work_order, staff_actor):
    services.close(work_order, by=staff_actor)
    assert look_up(client, work_order.number, "10115").status_code == 303


def test_an_explicit_expiry_ends_the_look_up_too(client, work_order, link, staff_actor, time_machine):
    services.set_link_expiry(
        work_order, timezone.localdate(timezone=work_order.location.zone), by=staff_actor
    )
    assert look_up(client, work_order.number, "10115").status_code == 303
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    assert look_up(client, work_order.number, "10115").status_code == 404


def test_a_new_link_makes_the_look_up_work_again_after_a_revoke(client, work_order, link, staff_actor):
    services.revoke_link(work_order, by=staff_actor)
    assert look_up(client, work_order.number, "10115").status_code == 404
    new = services.issue_link(work_order, by=staff_actor)
    assert look_up(client, work_order.number, "10115")["Location"] == tracking_link_path(new)


def test_empty_fields_are_named(client, db):
    response = client.post("/track/", {"number": "", "postal_code": ""})
    assert response.status_code == 422
    assert response.content.decode().count("This field is required.") == 2


# ----------------------------------------------------------------------------- rate limits


def test_the_eleventh_try_a_minute_from_one_address_is_refused(client, work_order):
    for _ in range(tracking.PER_ADDRESS.tries):
        assert look_up(client, "2026-99999", "10115", ip="203.0.113.9").status_code == 404
    response = look_up(client, work_order.number, "10115", ip="203.0.113.9")  # even the right answer
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many tries" in text
    assert "try again in 1 minute" in text
    assert 0 < int(response["Retry-After"]) <= 60
    # Other addresses are not affected, and the next minute the address may try again.
    assert look_up(client, work_order.number, "10115", ip="203.0.113.10").status_code == 303


def test_the_address_may_try_again_in_the_next_minute(client, work_order, time_machine):
    for _ in range(tracking.PER_ADDRESS.tries + 1):
        look_up(client, "2026-99999", "10115", ip="203.0.113.9")
    time_machine.move_to(timezone.now() + timedelta(seconds=60), tick=False)
    assert look_up(client, work_order.number, "10115", ip="203.0.113.9").status_code == 303


def test_variations_of_one_number_count_as_one_order(client, own_number):
    typings = ["2026-00010", "202600010", "2026 10", "2026\u201300010", "#2026-010"]
    for i in range(tracking.PER_ORDER.tries):
        look_up(client, typings[i % len(typings)], f"{i:05d}", ip=f"203.0.113.{i}")
    assert look_up(client, "2026-00010", "10115", ip="198.51.100.200").status_code == 429


def test_one_ipv6_network_counts_as_one_address(client, work_order):
    for host in range(tracking.PER_ADDRESS.tries):
        look_up(client, "2026-99999", "10115", ip=f"2001:db8:1:2::{host + 1}")
    assert look_up(client, work_order.number, "10115", ip="2001:db8:1:2::ff").status_code == 429


def test_the_twenty_first_try_an_hour_for_one_order_is_refused(client, work_order):
    for i in range(tracking.PER_ORDER.tries):
        assert look_up(client, work_order.number, f"{i:05d}", ip=f"203.0.113.{i}").status_code == 404
    response = look_up(client, f" {work_order.number.lower()} ", "10115", ip="198.51.100.200")
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert "try again in 60 minutes" in response.content.decode()
    # Another work order can still be looked up.
    other = WorkOrderFactory(customer=CustomerAccountFactory(postal_code="80331"))
    services.issue_link(other, by=Actor.system())
    assert look_up(client, other.number, "80331", ip="198.51.100.201").status_code == 303
