"""The booking-requests queue: its sections and their counts, the menu's count of what waits for the
shop, the list that updates by itself, and requests from the public form hidden until confirmed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fixloop.bookings import services
from fixloop.repairs.models import ServiceRequest
from tests.backoffice.booking_fixtures import MONDAY, NEXT_TUESDAY, WEDNESDAY, at
from tests.factories import customer_actor_for

# The clock stops before anybody signs in (a session started in 2026 would have expired by 2030).
pytestmark = pytest.mark.usefixtures("clock")
State = ServiceRequest.State
QUEUE = "/staff/service-requests/"


def rows(page: str) -> list[str]:
    """The request pages the list links to, in order."""
    return re.findall(r'data-label="Customer"><a href="/staff/service-requests/(\d+)/"', page)


def count_in_tab(page: str, label: str) -> int:
    match = re.search(rf"{re.escape(label)} <span class=\"count\">(\d+)</span>", page)
    assert match, f"no tab {label!r}"
    return int(match.group(1))


@pytest.fixture
def every_state(request_in, submit, submit_public, staff_actor):
    """One request in each section; returns them by section."""
    confirmed_today = submit(slots=[at(MONDAY, "10:00")])
    services.confirm(confirmed_today, version=1, by=staff_actor)
    confirmed_this_week = submit(slots=[at(WEDNESDAY, "09:00")])
    services.confirm(confirmed_this_week, version=1, by=staff_actor)
    confirmed_later = submit(slots=[at(NEXT_TUESDAY, "09:00")])
    services.confirm(confirmed_later, version=1, by=staff_actor)
    submit_public()  # unconfirmed: staff never see it
    return {
        "new": request_in(State.PENDING),
        "waiting_shop": request_in(State.WAITING_SHOP),
        "waiting_customer": request_in(State.WAITING_CUSTOMER),
        "today": confirmed_today,
        "week": confirmed_this_week,
        "later": confirmed_later,
        "declined": request_in(State.REJECTED),
        "withdrawn": request_in(State.WITHDRAWN),
    }


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("new", ["new"]),
        ("waiting_shop", ["waiting_shop"]),
        ("waiting_customer", ["waiting_customer"]),
        ("today", ["today"]),
        ("week", ["today", "week"]),
        ("later", ["later"]),
        ("closed", ["withdrawn", "declined"]),
    ],
)
def test_each_section_lists_its_requests(advisor_client, every_state, section, expected):
    page = advisor_client.get(QUEUE, {"section": section}).content.decode()

    assert rows(page) == [str(every_state[key].pk) for key in expected]


def test_the_tabs_count_each_section(advisor_client, every_state):
    page = advisor_client.get(QUEUE).content.decode()

    counts = {
        label: count_in_tab(page, label)
        for label in [
            "New",
            "Waiting for us",
            "Waiting for the customer",
            "Confirmed today",
            "This week",
            "Later",
            "Declined, withdrawn, past",
        ]
    }
    assert counts == {
        "New": 1,
        "Waiting for us": 1,
        "Waiting for the customer": 1,
        "Confirmed today": 1,
        "This week": 2,
        "Later": 1,
        "Declined, withdrawn, past": 2,
    }


def test_the_new_section_is_shown_first(advisor_client, every_state):
    page = advisor_client.get(QUEUE).content.decode()

    assert rows(page) == [str(every_state["new"].pk)]
    assert "Times asked for" in page


def test_a_confirmed_booking_moves_to_the_past_once_its_day_is_over(advisor_client, every_state, clock):
    clock.move_to(at(WEDNESDAY, "08:00"))

    closed = rows(advisor_client.get(QUEUE, {"section": "closed"}).content.decode())
    today = rows(advisor_client.get(QUEUE, {"section": "today"}).content.decode())

    assert str(every_state["today"].pk) in closed
    assert today == [str(every_state["week"].pk)]


def test_the_menu_counts_new_requests_and_customers_answers(advisor_client, every_state):
    page = advisor_client.get("/staff/").content.decode()

    badge = re.search(r'id="booking-requests-badge">\s*<span class="badge"[^>]*>(\d+)</span>', page)
    assert badge and badge.group(1) == "2"


def test_the_menu_shows_no_count_when_nothing_waits_for_the_shop(advisor_client, request_in):
    request_in(State.WAITING_CUSTOMER)

    page = advisor_client.get("/staff/").content.decode()

    assert 'id="booking-requests-badge"></span>' in page


def test_the_list_polls_and_htmx_gets_only_the_queue_with_the_menu_count(advisor_client, every_state):
    page = advisor_client.get(QUEUE, {"section": "waiting_shop"}).content.decode()
    assert 'hx-trigger="every 15s"' in page
    assert f'hx-get="{QUEUE}?section=waiting_shop"' in page

    partial = advisor_client.get(QUEUE, {"section": "waiting_shop"}, headers={"HX-Request": "true"})
    text = partial.content.decode()

    assert "<html" not in text
    assert rows(text) == [str(every_state["waiting_shop"].pk)]
    assert 'id="booking-requests-badge" hx-swap-oob="true"' in text


def test_a_new_request_appears_on_the_next_poll(advisor_client, submit):
    before = advisor_client.get(QUEUE, headers={"HX-Request": "true"}).content.decode()
    request = submit()
    after = advisor_client.get(QUEUE, headers={"HX-Request": "true"}).content.decode()

    assert rows(before) == []
    assert rows(after) == [str(request.pk)]


def test_an_unconfirmed_public_request_is_nowhere_for_staff(advisor_client, submit_public):
    request = submit_public()

    pages = [advisor_client.get(QUEUE, {"section": key}).content.decode() for key in ("new", "closed")]
    menu = advisor_client.get("/staff/").content.decode()

    assert all(rows(page) == [] for page in pages)
    assert 'id="booking-requests-badge"></span>' in menu
    assert advisor_client.get(f"{QUEUE}{request.pk}/").status_code == 404


def test_a_confirmed_public_request_joins_the_queue_with_its_sender(advisor_client, submit_public):
    request = submit_public()
    services.confirm_email(submit_public.token, by=customer_actor_for(""))

    page = advisor_client.get(QUEUE).content.decode()

    assert rows(page) == [str(request.pk)]
    assert "Clara Neumann" in page


def test_an_empty_section_says_so(advisor_client, booking_location):
    page = advisor_client.get(QUEUE).content.decode()

    assert "No new booking requests." in page


def test_an_unknown_section_shows_the_new_requests(advisor_client, request_in):
    request = request_in(State.PENDING)

    assert rows(advisor_client.get(QUEUE, {"section": "nonsense"}).content.decode()) == [str(request.pk)]


def test_a_technician_sees_the_queue(technician_client, request_in):
    request = request_in(State.PENDING)

    response = technician_client.get(QUEUE)

    assert response.status_code == 200
    assert rows(response.content.decode()) == [str(request.pk)]
    assert ">Answer<" not in response.content.decode()


def test_the_queue_takes_the_same_number_of_queries_for_more_requests(
    advisor_client, request_in, django_assert_max_num_queries
):
    request_in(State.PENDING)
    with CaptureQueriesContext(connection) as one:
        advisor_client.get(QUEUE)
    for hour in ("09:00", "11:00", "13:00"):
        request_in(State.PENDING, slots=[at(WEDNESDAY, hour)])
    with django_assert_max_num_queries(len(one.captured_queries)):
        advisor_client.get(QUEUE)


def test_the_queue_and_a_request_are_in_german(advisor_client, request_in):
    request = request_in(State.WAITING_SHOP)
    advisor_client.cookies["django_language"] = "de"

    queue = advisor_client.get(QUEUE, {"section": "waiting_shop"}).content.decode()
    page = advisor_client.get(f"{QUEUE}{request.pk}/").content.decode()

    assert "Terminanfragen" in queue and "Wartet auf uns" in queue and "Zu bestätigende Zeiten" in queue
    assert "Di 19. Mär, 14:00" in queue
    assert "Terminanfrage von Anna Becker" in page and "Anderen Termin vorschlagen" in page
    assert "Booking request" not in page and "Suggest another" not in page
