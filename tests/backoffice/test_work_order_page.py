"""The work-order page's layout: the summary header with the next step, the quick actions on every
section, and the sections as tabs named in the URL (rendered by the server, switched with htmx)."""

import html as markup
import re
from collections import Counter

import pytest

from fixloop.estimates import services as estimates
from fixloop.estimates.models import Decision
from fixloop.repairs import services
from fixloop.repairs.models import Phase
from tests.estimates.fixtures import job_keys
from tests.factories import customer_actor_for

HTMX = {"HX-Request": "true"}
SECTION_IDS = {
    "overview": "details",
    "estimate": "estimate-area",
    "messages": "messages",
    "files": "files",
    "tracking": "tracking",
    "notifications": "notifications",
    "timeline": "timeline",
}


def page_url(work_order, query: str = "") -> str:
    return f"/staff/work-orders/{work_order.number}/{query}"


def summary(html: str) -> str:
    return markup.unescape(re.search(r'<header class="wo-summary.*?</header>', html, re.S).group(0))


def shown_sections(html: str) -> set[str]:
    return {tab for tab, section in SECTION_IDS.items() if f'id="{section}"' in html}


@pytest.mark.parametrize("tab", SECTION_IDS)
def test_the_tab_in_the_url_renders_that_section_only(advisor_client, work_order, tab):
    response = advisor_client.get(page_url(work_order, f"?tab={tab}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_sections(html) == {tab}
    assert re.search(rf'<a class="tab" href="\?tab={tab}"[^>]*aria-current="page"', html)
    assert html.count('aria-current="page"') == 2  # the main menu's "Work orders" and this tab


@pytest.mark.parametrize("query", ["", "?tab=nonsense"])
def test_without_a_known_tab_the_overview_is_shown(advisor_client, work_order, query):
    html = advisor_client.get(page_url(work_order, query)).content.decode()
    assert shown_sections(html) == {"overview"}


def test_the_quick_actions_are_on_every_tab(advisor_client, work_order):
    for tab in SECTION_IDS:
        html = advisor_client.get(page_url(work_order, f"?tab={tab}")).content.decode()
        for action in ("status/", "comment/", "messages/"):
            assert f'action="/staff/work-orders/{work_order.number}/{action}"' in html, (tab, action)


def test_the_summary_header_shows_number_customer_unit_status_and_next_step(advisor_client, work_order):
    header = summary(advisor_client.get(page_url(work_order)).content.decode())
    assert f'<span class="wo-number">{work_order.number}</span>' in header
    assert work_order.customer.name in header
    assert work_order.unit.serial_number in header
    assert f'id="current-status">{work_order.status}<' in header
    assert "Diagnose the unit and start an estimate if work is needed." in header
    assert 'href="?tab=estimate"' in header  # the next step links to its section


def test_the_next_step_follows_the_estimate(
    advisor_client, work_order, estimate, staff_actor, customer_actor
):
    def next_step():
        return summary(advisor_client.get(page_url(work_order)).content.decode())

    assert "Finish the estimate and send it to the customer." in next_step()
    estimates.submit(estimate, by=staff_actor)
    assert "Wait for the customer's decision on the estimate" in next_step()
    estimate.refresh_from_db()
    display, fan = job_keys(estimate)
    version = estimate.current_version
    estimates.decide(
        estimate,
        version_number=version.number,
        version_hash=version.content_hash,
        choices={
            display: estimates.Choice(Decision.DISPUTED, dispute_subject="parts", note="Too dear."),
            fan: estimates.Choice(Decision.APPROVED),
        },
        signed_name="Anna Becker",
        authorised=True,
        by=customer_actor,
    )
    assert "Answer the customer's dispute about the estimate." in next_step()


def test_an_unread_question_from_the_customer_comes_first(advisor_client, work_order, staff_actor):
    link = services.issue_link(work_order, by=staff_actor)
    services.ask_question(link, "Is it ready?", by=customer_actor_for())
    html = advisor_client.get(page_url(work_order)).content.decode()
    assert "Read the customer's 1 unread message and answer it." in summary(html)
    assert re.search(r'data-tab="tracking"[^>]*>Tracking link <span class="count">1</span>', html)


def test_a_closed_work_order_has_nothing_to_do_and_offers_reopening(
    advisor_client, work_order, statuses, staff_actor
):
    services.close(work_order, status=statuses[Phase.CLOSED], note="", by=staff_actor)
    html = advisor_client.get(page_url(work_order)).content.decode()
    assert "Nothing to do: the work order is closed." in summary(html)
    assert f'action="/staff/work-orders/{work_order.number}/reopen/"' in html
    assert f'action="/staff/work-orders/{work_order.number}/status/"' not in html


def test_a_quick_action_sent_with_htmx_keeps_the_section_of_the_page(advisor_client, work_order):
    current = f"http://testserver{page_url(work_order, '?tab=messages')}"
    response = advisor_client.post(
        page_url(work_order, "comment/"),
        {"text": "Called the customer."},
        headers={**HTMX, "HX-Current-URL": current},
    )
    assert response.status_code == 200
    assert shown_sections(response.content.decode()) == {"messages"}


def test_a_form_that_failed_is_shown_again_in_its_section(advisor_client, work_order):
    response = advisor_client.post(page_url(work_order, "files/"), {"note": "no file"})
    assert response.status_code == 422
    html = response.content.decode()
    assert shown_sections(html) == {"files"}
    assert "Not saved" in html


def test_without_javascript_an_action_returns_to_its_section(advisor_client, work_order):
    response = advisor_client.post(page_url(work_order, "tracking/issue/"))
    assert response.status_code == 302
    assert response["Location"] == page_url(work_order, "?tab=tracking")


@pytest.mark.parametrize("tab", SECTION_IDS)
def test_no_id_is_used_twice_on_any_tab(advisor_client, work_order, estimate, tab):
    html = advisor_client.get(page_url(work_order, f"?tab={tab}")).content.decode()
    repeated = [name for name, count in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if count > 1]
    assert repeated == []


def test_the_page_s_choices_say_what_an_empty_choice_means(advisor_client, work_order):
    html = advisor_client.get(page_url(work_order)).content.decode()
    assert "---------" not in html
    assert ">Choose a status</option>" in html  # the quick status change and "Close or cancel"
    assert ">Nobody yet</option>" in html  # no technician assigned
