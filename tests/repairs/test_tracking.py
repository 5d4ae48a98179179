"""Tracking links in the domain: tokens stored only as hashes, validity, issue / revoke / expiry, the
look-up, and the customer's own changes."""

import base64
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fixloop.repairs import services, signals, tracking
from fixloop.repairs.models import CustomerNote, TimelineEntry, TrackingLink
from fixloop.shop.models import ShopProfile
from tests.factories import BROWSER, CUSTOMER_IP, customer_actor_for, staff_actor_for


@pytest.fixture
def link(work_order, staff_actor):
    return services.issue_link(work_order, by=staff_actor)


def today(work_order):
    return timezone.localdate(timezone=work_order.location.zone)


# ----------------------------------------------------------------------------- tokens


def test_a_token_has_256_random_bits_and_only_its_hash_is_stored(link):
    token = tracking.token_of(link)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert len(base64.urlsafe_b64decode(link.nonce + "=")) == 32
    stored = TrackingLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == tracking.hash_token(token)


def test_the_token_cannot_be_made_from_the_database_without_the_secret_key(settings, link):
    token = tracking.token_of(link)
    settings.SECRET_KEY = "another-secret-key-of-at-least-thirty-two-chars"
    assert tracking.token_of(link) is None
    # Customers who have the link can still use it: the lookup hashes what they present.
    assert tracking.find_link(token) == link


def test_a_rotated_key_in_the_fallbacks_still_shows_the_link(settings, link):
    token = tracking.token_of(link)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-of-at-least-thirty-two-chars"
    assert tracking.token_of(link) == token


def test_every_link_gets_a_different_token(work_order, staff_actor):
    links = [services.issue_link(work_order, by=staff_actor) for _ in range(3)]
    assert len({tracking.token_of(link) for link in links}) == 3
    assert len({link.nonce for link in links}) == 3


@pytest.mark.parametrize("token", ["", "short", "A" * 42, "A" * 44, "A" * 42 + "/", None, 42])
def test_malformed_tokens_find_nothing(link, token):
    assert tracking.find_link(token) is None


def test_a_token_differing_in_one_character_finds_nothing(link):
    token = tracking.token_of(link)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert tracking.find_link(changed) is None


# ----------------------------------------------------------------------------- validity


def test_a_link_works_while_the_work_order_is_open(work_order, link, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=400))
    assert tracking.is_valid(link)
    assert tracking.expiry_of(link) is None


def test_a_link_works_until_the_shops_number_of_days_after_closing(shop, work_order, link, staff_actor):
    shop.tracking_link_days_after_close = 7
    shop.save()
    services.close(work_order, by=staff_actor)
    link = tracking.find_link(tracking.token_of(link))
    closed_at = link.work_order.closed_at
    assert tracking.expiry_of(link) == closed_at + timedelta(days=7)
    assert tracking.is_valid(link, now=closed_at + timedelta(days=7) - timedelta(seconds=1))
    assert not tracking.is_valid(link, now=closed_at + timedelta(days=7))


def test_the_default_is_thirty_days(db):
    assert ShopProfile.get().tracking_link_days_after_close == 30


def test_reopening_brings_a_closed_work_orders_link_back(work_order, link, staff_actor, time_machine):
    services.close(work_order, by=staff_actor)
    time_machine.move_to(timezone.now() + timedelta(days=45))
    assert not tracking.is_valid(tracking.current_link(work_order))
    services.reopen(work_order, reason="Still flickers.", by=staff_actor)
    assert tracking.is_valid(tracking.current_link(work_order))


def test_an_explicit_expiry_lasts_to_the_end_of_that_day_in_the_locations_time_zone(
    work_order, link, staff_actor
):
    day = today(work_order) + timedelta(days=3)
    services.set_link_expiry(work_order, day, by=staff_actor)
    link.refresh_from_db()
    end = link.expires_at
    assert (
        end.astimezone(work_order.location.zone)
        .isoformat()
        .startswith(f"{(day + timedelta(days=1)).isoformat()}T00:00:00")
    )
    assert tracking.is_valid(link, now=end - timedelta(seconds=1))
    assert not tracking.is_valid(link, now=end)


def test_an_explicit_expiry_overrides_the_default_after_closing(work_order, link, staff_actor):
    services.set_link_expiry(work_order, today(work_order) + timedelta(days=100), by=staff_actor)
    services.close(work_order, by=staff_actor)
    link = tracking.current_link(work_order)
    assert tracking.is_valid(link, now=timezone.now() + timedelta(days=60))


@pytest.mark.parametrize(
    ("days", "message"), [(-1, "Choose today or a later day."), (4000, "within 10 years")]
)
def test_an_expiry_out_of_range_is_refused(work_order, link, staff_actor, days, message):
    with pytest.raises(ValidationError, match=message):
        services.set_link_expiry(work_order, today(work_order) + timedelta(days=days), by=staff_actor)
    link.refresh_from_db()
    assert link.expires_at is None
    assert work_order.timeline.filter(kind="tracking").count() == 1  # only "issued"


def test_setting_the_same_expiry_again_records_nothing(work_order, link, staff_actor):
    day = today(work_order) + timedelta(days=3)
    assert services.set_link_expiry(work_order, day, by=staff_actor) is not None
    assert services.set_link_expiry(work_order, day, by=staff_actor) is None
    assert work_order.timeline.filter(kind="tracking", data__event="expiry").count() == 1


def test_a_revoked_link_never_works_again(work_order, link, staff_actor):
    token = tracking.token_of(link)
    services.revoke_link(work_order, by=staff_actor)
    found = tracking.find_link(token)
    assert found == link
    assert not tracking.is_valid(found)
    with pytest.raises(ValidationError):
        services.set_link_expiry(work_order, None, by=staff_actor)


def test_issuing_a_new_link_revokes_the_current_one(work_order, link, staff_actor):
    new = services.issue_link(work_order, by=staff_actor)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert tracking.current_link(work_order) == new
    entry = work_order.timeline.filter(kind="tracking").last()
    assert entry.data == {"event": "issued", "link": new.pk, "replaces": link.pk}


def test_a_work_order_has_at_most_one_current_link(work_order, link):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackingLink.objects.create(work_order=work_order, nonce="n", token_hash="h")


def test_link_changes_are_private_timeline_entries_with_signals(work_order, staff_actor, capture_signal):
    issued = capture_signal(signals.tracking_link_issued)
    revoked = capture_signal(signals.tracking_link_revoked)
    expiry = capture_signal(signals.tracking_link_expiry_changed)
    services.issue_link(work_order, by=staff_actor)
    services.set_link_expiry(work_order, today(work_order), by=staff_actor)
    services.revoke_link(work_order, by=staff_actor)
    entries = list(work_order.timeline.filter(kind=TimelineEntry.Kind.TRACKING))
    assert [entry.data["event"] for entry in entries] == ["issued", "expiry", "revoked"]
    assert not any(entry.public for entry in entries)
    assert all(entry.user == staff_actor.user and entry.ip == staff_actor.ip for entry in entries)
    assert (len(issued), len(expiry), len(revoked)) == (1, 1, 1)


# ----------------------------------------------------------------------------- look-up


def test_the_look_up_finds_the_link_by_number_and_postal_code(work_order, link):
    assert services.lookup(work_order.number, "10115", by=customer_actor_for()) == link
    assert services.lookup(f" {work_order.number.lower()} ", " 10 115 ", by=customer_actor_for()) == link


@pytest.mark.parametrize(
    ("number", "postal_code"), [("2026-99999", "10115"), ("{number}", "10116"), ("{number}", ""), ("", "")]
)
def test_the_look_up_misses_with_none(work_order, link, number, postal_code):
    assert (
        services.lookup(number.format(number=work_order.number), postal_code, by=customer_actor_for()) is None
    )


def test_the_look_up_of_a_customer_without_a_postal_code_always_misses(customer, work_order, link):
    type(customer).objects.filter(pk=customer.pk).update(postal_code="")
    assert services.lookup(work_order.number, "", by=customer_actor_for()) is None


def test_a_look_up_with_non_ascii_input_just_misses(work_order, link):
    assert services.lookup(work_order.number, "1011ß", by=customer_actor_for()) is None


# ----------------------------------------------------------------------------- the customer's changes


def test_contact_details_are_validated_as_at_entry_and_recorded(customer, work_order, link, capture_signal):
    corrected = capture_signal(signals.customer_details_corrected)
    entry = services.correct_contact_details(
        link, {"email": "ANNA@Example.COM", "mobile": "+49 151 23456789"}, by=customer_actor_for()
    )
    customer.refresh_from_db()
    assert (customer.email, customer.mobile) == ("ANNA@example.com", "+4915123456789")
    assert entry.data == {"email": ["anna@example.com", "ANNA@example.com"], "mobile": ["", "+4915123456789"]}
    assert (entry.ip, entry.user_agent, entry.actor) == (CUSTOMER_IP, BROWSER, "customer")
    assert CustomerNote.objects.get().entry == entry
    assert corrected[0]["changes"] == entry.data


def test_an_invalid_email_changes_nothing(customer, work_order, link):
    with pytest.raises(ValidationError) as raised:
        services.correct_contact_details(
            link, {"email": "anna@@example.com", "city": "Potsdam"}, by=customer_actor_for()
        )
    assert set(raised.value.message_dict) == {"email"}
    customer.refresh_from_db()
    assert (customer.email, customer.city) == ("anna@example.com", "Berlin")
    assert not work_order.timeline.filter(kind="contact").exists()
    assert not CustomerNote.objects.exists()


def test_only_contact_fields_can_be_changed(link):
    with pytest.raises(ValueError, match="Not customer-editable"):
        services.correct_contact_details(link, {"notes": "VIP"}, by=customer_actor_for())


def test_a_link_that_is_no_longer_valid_changes_nothing(customer, work_order, link, staff_actor):
    services.revoke_link(work_order, by=staff_actor)
    with pytest.raises(ValidationError):
        services.correct_contact_details(link, {"email": "x@example.com"}, by=customer_actor_for())
    with pytest.raises(ValidationError):
        services.ask_question(link, "Hello?", by=customer_actor_for())
    customer.refresh_from_db()
    assert customer.email == "anna@example.com"
    assert not CustomerNote.objects.exists()


def test_a_question_is_recorded_for_staff(work_order, link, capture_signal):
    received = capture_signal(signals.customer_question_received)
    entry = services.ask_question(link, " Is it ready? ", by=customer_actor_for())
    assert (entry.kind, entry.text, entry.public) == ("question", "Is it ready?", False)
    assert CustomerNote.objects.get().entry == entry
    assert received[0]["entry"] == entry


def test_marking_a_note_read_twice_keeps_the_first_reader(work_order, link, advisor, owner, staff_actor):
    services.ask_question(link, "Is it ready?", by=customer_actor_for())
    note = CustomerNote.objects.get()
    first = services.mark_read(note, by=staff_actor)
    second = services.mark_read(note, by=staff_actor_for(owner))
    assert (second.read_by, second.read_at) == (advisor, first.read_at)


def test_customer_tokens_give_what_link_for_customer_gives_with_one_query_for_existing_links(
    customer, unit, location, statuses, staff_actor, django_assert_num_queries
):
    def open_one():
        return services.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="x", by=staff_actor
        )

    with_link, revoked, never = open_one(), open_one(), open_one()
    current = services.issue_link(with_link, by=staff_actor)
    services.issue_link(revoked, by=staff_actor)
    services.revoke_link(revoked, by=staff_actor)

    tokens = services.customer_tokens([with_link, revoked, never], by=staff_actor)

    assert tokens[with_link.pk] == tracking.token_of(current)
    assert revoked.pk not in tokens  # staff revoked it: only staff bring it back
    assert tokens[never.pk] == tracking.token_of(tracking.current_link(never))  # issued now
    with django_assert_num_queries(1):
        assert services.customer_tokens([with_link, revoked, never], by=staff_actor) == tokens
