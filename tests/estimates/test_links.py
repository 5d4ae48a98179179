"""Approval links, their scoping, and batch approval across an account's work orders."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from fixloop.estimates import services
from fixloop.estimates.models import Decision, Estimate, JobDecision
from fixloop.estimates.services import links
from fixloop.portal import approval_links
from fixloop.repairs import services as repairs
from tests.estimates.fixtures import add_job, decide_all

State = Estimate.State


@pytest.fixture(autouse=True)
def _workflow(statuses):
    """Work orders need the shop's statuses."""


def _sent_estimate_for(customer, location, staff, vat_rate, problem="Broken"):
    order = repairs.open_work_order(
        customer=customer, unit=None, location=location, problem_description=problem, by=staff
    )
    estimate = services.start_estimate(order, by=staff)
    add_job(estimate, staff, vat_rate, description=f"Repair: {problem}")
    services.submit(estimate, by=staff)
    estimate.refresh_from_db()
    return estimate


def _item(estimate, decision=Decision.APPROVED):
    version = estimate.current_version
    return services.BatchItem(estimate.pk, version.number, version.content_hash, decision)


def _token(link):
    return approval_links.url_of(link).rstrip("/").rsplit("/", 1)[-1]


def test_a_link_finds_only_its_own_estimate(
    sent_estimate, staff_actor, other_customer, location, vat_standard
):
    other = _sent_estimate_for(other_customer, location, staff_actor, vat_standard)
    link = links.link_for_estimate(sent_estimate, by=staff_actor)
    found = links.find_link(_token(link))
    assert found == link
    assert list(links.estimates_for(found)) == [sent_estimate]
    assert not links.estimates_for(found).filter(pk=other.pk).exists()


def test_the_same_link_is_given_again_while_it_has_time_to_run(sent_estimate, staff_actor):
    first = links.link_for_estimate(sent_estimate, by=staff_actor)
    assert links.link_for_estimate(sent_estimate, by=staff_actor) == first
    with time_machine.travel(timezone.now() + timedelta(days=links.LINK_VALID_DAYS - 3)):
        assert links.link_for_estimate(sent_estimate, by=staff_actor) != first


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "../../etc/passwd", None])
def test_unknown_tokens_find_nothing(token, sent_estimate, staff_actor):
    links.link_for_estimate(sent_estimate, by=staff_actor)
    assert links.find_link(token) is None


def test_revoked_and_expired_links_find_nothing(sent_estimate, staff_actor):
    link = links.link_for_estimate(sent_estimate, by=staff_actor)
    token = _token(link)
    with time_machine.travel(timezone.now() + timedelta(days=links.LINK_VALID_DAYS + 1)):
        assert links.find_link(token) is None
    links.revoke_links(sent_estimate, by=staff_actor)
    assert links.find_link(token) is None


def test_a_draft_is_not_shown_to_the_customer(estimate, staff_actor, customer):
    link = links.link_for_account(customer, by=staff_actor)
    assert not links.estimates_for(link).exists()


def test_batch_approval_of_three_work_orders(customer, location, staff_actor, customer_actor, vat_standard):
    estimates = [
        _sent_estimate_for(customer, location, staff_actor, vat_standard, problem)
        for problem in ("Screen", "Battery", "Keyboard")
    ]
    link = links.link_for_account(customer, by=staff_actor)
    results = services.decide_batch(
        links.estimates_for(link),
        [_item(estimates[0]), _item(estimates[1]), _item(estimates[2], Decision.DECLINED)],
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    assert len(results) == 3
    states = [Estimate.objects.get(pk=e.pk).state for e in estimates]
    assert states == [State.APPROVED, State.APPROVED, State.DECLINED]


def test_batch_approval_refuses_another_customers_estimate_and_changes_nothing(
    customer, other_customer, location, staff_actor, customer_actor, vat_standard
):
    mine = _sent_estimate_for(customer, location, staff_actor, vat_standard)
    theirs = _sent_estimate_for(other_customer, location, staff_actor, vat_standard)
    link = links.link_for_account(customer, by=staff_actor)
    with pytest.raises(ValidationError) as error:
        services.decide_batch(
            links.estimates_for(link),
            [_item(mine), _item(theirs)],
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )
    assert f"estimate_{theirs.pk}" in error.value.message_dict
    assert not JobDecision.objects.exists()
    assert {e.state for e in Estimate.objects.all()} == {State.AWAITING}


def test_batch_approval_is_all_or_nothing(customer, location, staff_actor, customer_actor, vat_standard):
    first = _sent_estimate_for(customer, location, staff_actor, vat_standard, "Screen")
    second = _sent_estimate_for(customer, location, staff_actor, vat_standard, "Battery")
    decide_all(second, customer_actor, Decision.APPROVED)  # decided in another tab meanwhile
    link = links.link_for_account(customer, by=staff_actor)
    with pytest.raises(ValidationError) as error:
        services.decide_batch(
            links.estimates_for(link),
            [_item(first), _item(second)],
            signed_name="Anna Becker",
            authorised=True,
            by=customer_actor,
        )
    assert "already been decided" in str(error.value.message_dict[f"estimate_{second.pk}"])
    assert Estimate.objects.get(pk=first.pk).state == State.AWAITING


def test_batch_approval_needs_the_name_and_the_tick(
    customer, location, staff_actor, customer_actor, vat_standard
):
    estimate = _sent_estimate_for(customer, location, staff_actor, vat_standard)
    link = links.link_for_account(customer, by=staff_actor)
    with pytest.raises(ValidationError) as error:
        services.decide_batch(
            links.estimates_for(link), [_item(estimate)], signed_name="", authorised=False, by=customer_actor
        )
    assert {"signed_name", "authorised"} <= set(error.value.message_dict)
    assert not JobDecision.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_tabs_deciding_at_once_one_wins(shop, customer, location, statuses, staff_actor, customer_actor):
    vat_rate = location.vat_rates.get(is_default=True)
    estimate = _sent_estimate_for(customer, location, staff_actor, vat_rate)
    version = estimate.current_version
    key = version.jobs[0]["key"]
    barrier = threading.Barrier(2)
    outcomes = []

    def tab(decision):
        try:
            barrier.wait()
            services.decide(
                Estimate.objects.get(pk=estimate.pk),
                version_number=version.number,
                version_hash=version.content_hash,
                choices={key: services.Choice(decision)},
                signed_name="Anna Becker",
                authorised=True,
                by=customer_actor,
            )
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=tab, args=(d,)) for d in (Decision.APPROVED, Decision.DECLINED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This estimate has already been decided.", "decided"]
    assert JobDecision.objects.count() == 1


def test_account_urls_reuse_links_and_issue_the_missing_ones_in_bulk(
    customer, other_customer, staff_actor, django_assert_max_num_queries
):
    existing = links.link_for_account(customer, by=staff_actor)
    with django_assert_max_num_queries(4):
        urls = approval_links.account_urls([customer.pk, other_customer.pk], by=staff_actor)
    assert urls[customer.pk] == approval_links.url_of(existing)
    new_link = links.find_link(_token(other_customer.approval_links.get()))
    assert urls[other_customer.pk] == approval_links.url_of(new_link)
    assert approval_links.account_urls([other_customer.pk], by=staff_actor) == {
        other_customer.pk: urls[other_customer.pk]
    }


def test_summaries_show_sent_estimates_with_the_amount_customers_see(
    sent_estimate, estimate, location, staff_actor, customer, vat_standard
):
    from fixloop.estimates import summaries

    draft_order = repairs.open_work_order(
        customer=customer, unit=None, location=location, problem_description="Draft only", by=staff_actor
    )
    services.start_estimate(draft_order, by=staff_actor)
    found = summaries.for_work_orders([sent_estimate.work_order_id, draft_order.pk])
    assert list(found) == [sent_estimate.work_order_id]
    summary = found[sent_estimate.work_order_id]
    assert summary.awaiting and summary.amount == sent_estimate.current_version.gross and summary.includes_vat
    location.prices_include_vat = False
    location.save()
    assert summaries.for_work_orders([sent_estimate.work_order_id])[sent_estimate.work_order_id].amount == (
        sent_estimate.current_version.net
    )
