"""Lists refresh by themselves: each list page polls its own address for the results part only
(#results), with the filters of the moment, and every page polls the menu's counts."""

import pytest

from fixloop.messaging import services as messaging
from fixloop.repairs import services
from fixloop.repairs.models import Phase
from tests.factories import customer_actor_for

HTMX = {"HX-Request": "true", "HX-Target": "results"}
LISTS = ["/staff/", "/staff/estimates/", "/staff/messages/", "/staff/customer-messages/"]


@pytest.mark.parametrize("path", LISTS)
def test_a_list_page_polls_its_results_and_leaves_the_filters_alone(advisor_client, work_order, path):
    html = advisor_client.get(path).content.decode()
    poller = html[html.index('id="results-live"') :].split(">", 1)[0]
    assert f'hx-get="{path}"' in poller
    assert 'hx-target="#results"' in poller and 'hx-swap="innerHTML"' in poller
    assert "data-live-query" in poller  # the query is the address bar's, i.e. the current filters
    assert "data-live " in poller  # and it rests while the browser tab is hidden
    assert html.count('id="results"') == 1


@pytest.mark.parametrize("path", LISTS)
def test_the_results_part_is_only_the_results(advisor_client, work_order, path):
    html = advisor_client.get(path, headers=HTMX).content.decode()
    assert "<html" not in html
    assert 'class="filters"' not in html
    assert 'id="results-live"' not in html


def test_the_work_order_results_apply_the_filters(
    advisor_client, work_order, customer, unit, location, statuses, staff_actor
):
    other = services.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Brakes squeal.", by=staff_actor
    )
    services.change_status(other, statuses[Phase.IN_PROGRESS], by=staff_actor)
    html = advisor_client.get(
        "/staff/", {"state": "open", "status": statuses[Phase.IN_PROGRESS].pk}, headers=HTMX
    ).content.decode()
    assert other.number in html
    assert work_order.number not in html
    html = advisor_client.get("/staff/", {"q": work_order.number}, headers=HTMX).content.decode()
    assert work_order.number in html and other.number not in html


def test_the_message_results_apply_the_filters(advisor_client, customer, work_order):
    email = messaging.queue_message(
        "workorder.message", channel="email", work_order=work_order, context={"message": "A"}
    )
    text = messaging.queue_message(
        "workorder.message", channel="sms", work_order=work_order, context={"message": "B"}
    )
    response = advisor_client.get("/staff/messages/", {"channel": "sms"}, headers=HTMX)
    listed = {message.pk for message in response.context["page"].object_list}
    assert text.pk in listed and email.pk not in listed


def test_the_customer_message_results_follow_unread_or_all(advisor_client, advisor, work_order, staff_actor):
    link = services.issue_link(work_order, by=staff_actor)
    services.ask_question(link, "Is it ready yet?", by=customer_actor_for())
    assert (
        "Is it ready yet?" in advisor_client.get("/staff/customer-messages/", headers=HTMX).content.decode()
    )
    services.mark_read(work_order.customer_notes.get(), by=staff_actor)
    assert (
        "Is it ready yet?"
        not in advisor_client.get("/staff/customer-messages/", headers=HTMX).content.decode()
    )
    assert (
        "Is it ready yet?"
        in advisor_client.get("/staff/customer-messages/", {"show": "all"}, headers=HTMX).content.decode()
    )


def test_the_menu_counts_come_out_of_band(advisor_client, work_order, staff_actor):
    html = advisor_client.get("/staff/menu-counts/").content.decode()
    assert '<span id="customer-notes-badge" hx-swap-oob="true">' in html
    assert 'id="unread-customer-notes"' not in html
    link = services.issue_link(work_order, by=staff_actor)
    services.ask_question(link, "Is it ready yet?", by=customer_actor_for())
    html = advisor_client.get("/staff/menu-counts/").content.decode()
    assert '<span class="badge" id="unread-customer-notes">1</span>' in html
    assert 'id="booking-requests-badge" hx-swap-oob="true"' in html


def test_every_page_polls_the_menu_counts(advisor_client, work_order):
    html = advisor_client.get(f"/staff/work-orders/{work_order.number}/").content.decode()
    assert 'hx-get="/staff/menu-counts/"' in html


def test_the_menu_counts_are_for_staff_only(client, db):
    response = client.get("/staff/menu-counts/")
    assert response.status_code == 302
    assert "/staff/sign-in/" in response["Location"]
