"""The case page behind a tracking link: what the customer sees, and what they never see."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fixloop.repairs import services
from fixloop.repairs.models import Phase
from tests.estimates.fixtures import decide_all
from tests.factories import ProductGroupFactory
from tests.portal.conftest import attach


def page(client, path, **kwargs) -> str:
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_case_page_shows_the_repair(client, shop, work_order, case_path, staff_actor):
    services.update_details(work_order, promised_date=date(2026, 12, 4), by=staff_actor)
    text = page(client, case_path)
    assert f"Repair {work_order.number}" in text
    assert "Lenovo ThinkPad T14" in text
    assert "PF-11111" in text
    assert 'id="current-status">Open<' in text
    assert "04 Dec 2026" in text
    assert "Berlin Mitte" in text
    assert shop.name in text


def test_the_case_page_shows_customer_visible_steps_only(
    client, work_order, case_path, statuses, staff_actor
):
    services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.change_status(work_order, statuses["internal"], by=staff_actor)
    text = page(client, case_path)
    assert "In progress" in text
    assert "Quality check" not in text
    # The current status is hidden from customers: the last one they saw is shown as current.
    assert 'id="current-status">In progress<' in text


def test_public_comments_appear_and_private_ones_never(client, work_order, case_path, staff_actor):
    services.add_comment(work_order, "Your new battery has arrived.", public=True, by=staff_actor)
    services.add_comment(
        work_order, "Customer dropped it, not a warranty case.", public=False, by=staff_actor
    )
    text = page(client, case_path)
    assert "Your new battery has arrived." in text
    assert "warranty" not in text
    assert "screen flickers" not in text  # the problem as recorded is the shop's wording, not shown


def test_the_product_groups_notice_is_shown_in_the_customers_language(
    client, customer, unit, work_order, case_path
):
    unit.product_group = ProductGroupFactory(
        external_notice_en="Back up your data first.", external_notice_de="Sichern Sie vorher Ihre Daten."
    )
    unit.save()
    assert "Back up your data first." in page(client, case_path)
    customer.language = "de"
    customer.save()
    text = page(client, case_path)
    assert "Sichern Sie vorher Ihre Daten." in text
    assert '<html lang="de">' in text


def test_hostile_text_is_shown_inert(
    client, media_root, shop, customer, unit, location, work_order, case_path, staff_actor, statuses
):
    script = "<script>alert(1)</script>"
    unit.make = "<img src=x onerror=alert(2)>"
    unit.product_group = ProductGroupFactory(external_notice_en=f"Notice {script}")
    unit.save()
    location.name = "<b onmouseover=alert(3)>Mitte</b>"
    location.save()
    statuses[Phase.IN_PROGRESS].name_en = f"Working {script}"
    statuses[Phase.IN_PROGRESS].save()
    services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.add_comment(work_order, f"Comment {script}", public=True, by=staff_actor)
    attach(work_order, "<svg onload=alert(4)>.png", public=True, by=staff_actor)
    text = page(client, case_path)
    for hostile in (script, "<img src=x", "<b onmouseover", "<svg onload"):
        assert hostile not in text
    assert "Comment &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Notice &lt;script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "&lt;svg onload=alert(4)&gt;.png" in text
    assert "Working &lt;script&gt;" in text


def test_the_number_of_queries_does_not_grow_with_the_timeline(
    client, media_root, work_order, case_path, statuses, staff_actor
):
    client.get(case_path)  # warm-up: the shop profile is cached after the first request

    def queries() -> int:
        caches["local"].clear()  # measure rendering, not the page cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(case_path).status_code == 200
            assert client.get(f"{case_path}status/").status_code == 200
        return len(captured)

    with_one_entry = queries()
    for number in range(10):
        services.add_comment(work_order, f"Update {number}", public=True, by=staff_actor)
        services.add_comment(work_order, f"Internal {number}", public=False, by=staff_actor)
    for number in range(5):
        attach(work_order, f"photo-{number}.png", public=True, by=staff_actor)
    services.change_status(work_order, statuses[Phase.IN_PROGRESS], by=staff_actor)
    services.change_status(work_order, statuses["internal"], by=staff_actor)
    services.change_status(work_order, statuses[Phase.WAITING_FOR_PARTS], by=staff_actor)
    assert work_order.timeline.count() >= 30
    assert queries() == with_one_entry


def test_a_cached_page_costs_one_query_and_shows_a_change_at_once(client, work_order, case_path, staff_actor):
    client.get(case_path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(case_path).status_code == 200
    assert len(captured) == 1  # the link, with the newest timeline entry
    services.add_comment(work_order, "The part has arrived.", public=True, by=staff_actor)
    assert "The part has arrived." in client.get(case_path).content.decode()


def test_a_change_to_the_customer_shows_at_once(client, work_order, case_path):
    client.get(case_path)
    work_order.customer.email = "new.address@example.com"
    work_order.customer.save()
    assert "new.address@example.com" in client.get(case_path).content.decode()


@pytest.mark.parametrize("how", ["revoked", "expired", "replaced", "closed long ago"])
def test_a_link_that_no_longer_works_shows_the_look_up_form_and_no_data(
    client, work_order, link, case_path, staff_actor, how, time_machine
):
    services.add_comment(work_order, "Your new battery has arrived.", public=True, by=staff_actor)
    if how == "revoked":
        services.revoke_link(work_order, by=staff_actor)
    elif how == "replaced":
        services.issue_link(work_order, by=staff_actor)
    elif how == "expired":
        services.set_link_expiry(
            work_order, timezone.localdate(timezone=work_order.location.zone), by=staff_actor
        )
        time_machine.move_to(timezone.now() + timedelta(days=2))
    else:
        services.close(work_order, by=staff_actor)  # the shop's default: 30 days after closing
        time_machine.move_to(timezone.now() + timedelta(days=31))
    for path in (case_path, f"{case_path}status/"):
        response = client.get(path)
        assert response.status_code == 404
        text = response.content.decode()
        assert "This link is not valid" in text
        assert 'name="postal_code"' in text
        assert work_order.number not in text
        assert "battery" not in text
        assert "ThinkPad" not in text


def test_an_unknown_or_malformed_token_gets_the_same_page(client, db):
    for token in ("A" * 43, "short", "A" * 44, "%00" * 20):
        response = client.get(f"/track/t/{token}/")
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()


def test_the_status_part_refreshes_itself(client, work_order, case_path, statuses, staff_actor):
    text = page(client, case_path)
    assert f'hx-get="{case_path}status/"' in text
    assert 'hx-trigger="every 30s"' in text
    services.change_status(work_order, statuses[Phase.READY], by=staff_actor)
    fragment = page(client, f"{case_path}status/", headers={"HX-Request": "true"})
    assert 'id="current-status">Ready<' in fragment
    assert "<html" not in fragment


def test_case_pages_are_not_cached_or_indexed(client, case_path):
    response = client.get(case_path)
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_no_dead_links_for_estimates_while_there_are_none(client, case_path):
    text = page(client, case_path)
    assert 'id="answers"' not in text
    assert "estimate" not in text.lower()


def test_the_case_page_follows_the_customers_language_not_the_browsers(client, customer, case_path):
    text = page(client, case_path, headers={"accept-language": "de"})
    assert '<html lang="en">' in text
    customer.language = "de"
    customer.save()
    response = client.get(case_path, headers={"accept-language": "en"})
    assert '<html lang="de">' in response.content.decode()
    assert response["Content-Language"] == "de"


def test_the_look_up_page_follows_the_browsers_language(client, db):
    response = client.get("/track/", headers={"accept-language": "de"})
    assert '<html lang="de">' in response.content.decode()


def test_the_case_page_leads_to_an_estimate_waiting_for_a_decision(
    client, case_path, sent_estimate, customer_actor
):
    text = page(client, case_path)
    assert 'id="answers"' in text and "Your estimate is waiting for your decision" in text
    estimate_url = re.search(r'href="https?://[^/]+(/estimate/[^"]+/)"', text).group(1)
    assert "Replace the display" in client.get(estimate_url).content.decode()
    decide_all(sent_estimate, customer_actor, "approved")
    assert 'id="answers"' not in page(client, case_path)
