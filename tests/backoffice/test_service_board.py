"""The service board: its columns, counts, filters, search and live fragment."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fixloop.backoffice import service_board
from fixloop.estimates.models import Estimate
from fixloop.invoicing import services as invoicing
from fixloop.repairs import services
from fixloop.repairs.models import ServiceRequest, TimeEntry
from tests.factories import (
    CustomerAccountFactory,
    LocationFactory,
    UnitFactory,
    UserFactory,
    WorkOrderFactory,
)

BOARD = reverse("backoffice:board")


def column(page: str, key: str) -> str:
    start = page.index(f'id="column-{key}"')
    end = page.find('<section class="board-column', start)
    return page[start : end if end != -1 else None]


def count_of(key: str, **filters) -> int:
    return next(col for col in service_board.board(**filters) if col.key == key).count


def test_the_board_shows_every_column(advisor_client, db):
    page = advisor_client.get(BOARD).content.decode()
    for key in ("bookings", "estimates", "work_required", "in_progress", "ready", "invoices"):
        assert f'id="column-{key}"' in page


def test_booking_requests_waiting_for_the_shop_are_listed(advisor_client, customer, location):
    ServiceRequest.objects.create(
        customer=customer, problem_description="Brakes squeal", preferred_location=location
    )
    page = advisor_client.get(BOARD).content.decode()
    assert "Brakes squeal" in column(page, "bookings")
    assert count_of("bookings") == 1


def test_approved_work_not_started_is_work_required(approved):
    found = service_board.work_required()
    assert [work_order.pk for work_order in found.rows] == [approved.pk]


def test_clocking_on_moves_the_job_from_work_required_to_in_progress(approved, technician, staff_actor):
    services.clock_on(approved, technician, by=staff_actor)
    assert count_of("work_required") == 0
    entry = service_board.in_progress().rows[0]
    assert entry.work_order == approved and entry.technician == technician


def test_in_progress_shows_who_and_since_when(advisor_client, approved, technician, staff_actor):
    services.clock_on(approved, technician, by=staff_actor)
    page = column(advisor_client.get(BOARD).content.decode(), "in_progress")
    assert "Tina Technician" in page and "since" in page and approved.number in page


def test_a_ready_work_order_is_in_the_ready_column(approved, ready_status, staff_actor):
    services.mark_ready(approved, by=staff_actor)
    assert [work_order.pk for work_order in service_board.ready().rows] == [approved.pk]
    assert count_of("work_required") == 0


def test_without_a_ready_status_the_ready_column_says_so(advisor_client, db):
    page = column(advisor_client.get(BOARD).content.decode(), "ready")
    assert "has not chosen a “ready” status" in page


def test_estimates_in_progress_filter_by_dispute_waiting_and_expired(sent_estimate):
    assert count_of("estimates") == 1
    assert count_of("estimates", estimates_show="awaiting") == 1
    assert count_of("estimates", estimates_show="disputed") == 0
    assert count_of("estimates", estimates_show="expired") == 0
    Estimate.objects.filter(pk=sent_estimate.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert count_of("estimates", estimates_show="expired") == 1


def test_the_estimate_filter_of_the_page(advisor_client, sent_estimate):
    page = advisor_client.get(BOARD, {"estimates": "disputed"}).content.decode()
    assert sent_estimate.work_order.number not in column(page, "estimates")
    page = advisor_client.get(BOARD, {"estimates": "awaiting"}).content.decode()
    assert sent_estimate.work_order.number in column(page, "estimates")


def test_an_unknown_filter_value_answers_422(advisor_client, db):
    assert advisor_client.get(BOARD, {"estimates": "nonsense"}).status_code == 422
    assert advisor_client.get(BOARD, {"location": "999999"}).status_code == 422


def test_the_location_filter(approved, location):
    assert count_of("work_required", location=location) == 1
    assert count_of("work_required", location=LocationFactory()) == 0


def test_the_technician_filter(approved, technician, staff_actor):
    assert count_of("work_required", technician=technician) == 0
    services.update_details(approved, technician=technician, by=staff_actor)
    assert count_of("work_required", technician=technician) == 1


def test_counts_count_everything_and_rows_stop_at_the_limit(statuses, location, ready_status, advisor_client):
    for _ in range(service_board.LIMIT + 3):
        WorkOrderFactory(location=location, status=ready_status)
    found = service_board.ready()
    assert found.count == service_board.LIMIT + 3 and len(found.rows) == service_board.LIMIT
    page = advisor_client.get(BOARD).content.decode()
    assert 'id="more-ready"' in page and "and 3 more" in page


def test_the_more_link_lists_the_whole_column(statuses, location, ready_status, advisor_client):
    made = [WorkOrderFactory(location=location, status=ready_status) for _ in range(service_board.LIMIT + 3)]
    page = advisor_client.get(reverse("backoffice:board_column", args=["ready"])).content.decode()
    assert all(work_order.number in page for work_order in made)


def test_an_unknown_column_is_404(advisor_client, db):
    assert advisor_client.get(reverse("backoffice:board_column", args=["nope"])).status_code == 404


def test_the_live_refresh_answers_with_the_columns_only(advisor_client, approved):
    response = advisor_client.get(BOARD, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'id="board"' in page and "<html" not in page and approved.number in page


def test_the_page_polls_for_the_live_refresh(advisor_client, db):
    assert 'id="results-live"' in advisor_client.get(BOARD).content.decode()


def test_the_ready_column_keeps_a_unit_until_its_invoice_is_final_or_waits_for_the_customer(
    approved, ready_status, staff_actor, customer
):
    services.change_status(approved, ready_status, by=staff_actor)
    draft = invoicing.create_draft(approved, by=staff_actor)
    assert approved in service_board.ready().rows  # a draft is still staff's to finish
    customer.invoices_need_authorisation = True
    customer.save(update_fields=["invoices_need_authorisation"])
    invoicing.submit(draft, by=staff_actor)
    assert approved not in service_board.ready().rows
    assert [invoice.pk for invoice in service_board.invoices_waiting().rows] == [draft.pk]


def test_a_final_invoice_takes_the_unit_off_the_ready_column(approved, ready_status, staff_actor):
    services.change_status(approved, ready_status, by=staff_actor)
    invoicing.finalise(invoicing.create_draft(approved, by=staff_actor), by=staff_actor)
    found = service_board.ready()
    assert approved not in found.rows and found.count == 0
    assert service_board.invoices_waiting().count == 0


# ----------------------------------------------------------------------------- counts past the cap


def test_a_count_past_the_cap_says_more_than_the_cap(statuses, location, ready_status, monkeypatch):
    monkeypatch.setattr(service_board, "COUNT_CAP", 2)
    for _ in range(4):
        WorkOrderFactory(location=location, status=ready_status)
    found = service_board.ready(limit=1)
    assert found.capped and found.shown_count == 2


def test_a_count_within_the_cap_is_exact(statuses, location, ready_status, monkeypatch):
    monkeypatch.setattr(service_board, "COUNT_CAP", 3)
    for _ in range(3):
        WorkOrderFactory(location=location, status=ready_status)
    found = service_board.ready(limit=1)
    assert not found.capped and found.count == 3


def test_the_page_shows_a_capped_count_with_a_plus(
    statuses, location, ready_status, advisor_client, monkeypatch
):
    monkeypatch.setattr(service_board, "COUNT_CAP", 2)
    monkeypatch.setattr(service_board, "LIMIT", 1)
    for _ in range(4):
        WorkOrderFactory(location=location, status=ready_status)
    page = column(advisor_client.get(BOARD).content.decode(), "ready")
    assert 'id="count-ready">2+</span>' in page and "and many more" in page


# ----------------------------------------------------------------------------- queries per page

# The board page's SQL: the session, the user and their permissions, one query per column for its
# first rows and what their cards show, one more for the count of a column with more rows than it
# shows, the shop's workshop settings twice, the menu's counts and the filters' choices. It must not
# grow with the rows.
BOARD_QUERIES = 25
LIVE_QUERIES = 23


def fill_board(location, ready_status, customer, technician, copies):
    """`copies` rows in every column: booking requests, estimates sent, approved work, technicians on
    a job, ready units."""
    for _ in range(copies):
        ServiceRequest.objects.create(
            customer=customer, problem_description="Brakes squeal", preferred_location=location
        )
        Estimate.objects.create(
            work_order=WorkOrderFactory(location=location),
            state=Estimate.State.AWAITING,
            valid_until=timezone.localdate() + timedelta(days=10),
        )
        TimeEntry.objects.create(
            work_order=WorkOrderFactory(location=location, technician=technician),
            technician=technician,
            started_at=timezone.now(),
        )
        WorkOrderFactory(location=location, status=ready_status, technician=technician)


@pytest.fixture
def busy_board(approved, location, ready_status, customer, technician):
    fill_board(location, ready_status, customer, technician, copies=1)
    return lambda copies: fill_board(location, ready_status, customer, technician, copies)


def test_the_board_page_reads_a_fixed_number_of_queries(
    advisor_client, busy_board, django_assert_num_queries
):
    advisor_client.get(BOARD)
    with django_assert_num_queries(BOARD_QUERIES):
        advisor_client.get(BOARD)
    busy_board(3)
    with django_assert_num_queries(BOARD_QUERIES):
        page = advisor_client.get(BOARD).content.decode()
    assert 'id="count-ready">4</span>' in page


def test_the_live_fragment_reads_a_fixed_number_of_queries(
    advisor_client, busy_board, django_assert_num_queries
):
    advisor_client.get(BOARD, headers={"HX-Request": "true"})
    busy_board(3)
    with django_assert_num_queries(LIVE_QUERIES):
        advisor_client.get(BOARD, headers={"HX-Request": "true"})


def test_a_submitted_invoice_shows_its_work_order_and_customer_on_the_board(
    advisor_client, approved, ready_status, staff_actor, customer
):
    services.change_status(approved, ready_status, by=staff_actor)
    customer.invoices_need_authorisation = True
    customer.save(update_fields=["invoices_need_authorisation"])
    invoicing.submit(invoicing.create_draft(approved, by=staff_actor), by=staff_actor)
    page = column(advisor_client.get(BOARD).content.decode(), "invoices")
    assert f'href="/staff/work-orders/{approved.number}/?tab=invoice">{approved.number}</a>' in page
    assert customer.name in page
    assert 'id="count-invoices">1<' in page
    assert "550.35" not in page


# ----------------------------------------------------------------------------- search


@pytest.fixture
def vehicle(location, statuses):
    customer = CustomerAccountFactory(name="Karl Gruber")
    unit = UnitFactory(
        customer=customer,
        kind="vehicle",
        make="VW",
        plate="B-AB 1234",
        vin="WVWZZZ1JZXW000001",
        serial_number="",
    )
    return WorkOrderFactory(customer=customer, unit=unit, location=location, number="2026-04711")


@pytest.mark.parametrize(
    "typed",
    [
        "B-AB 1234",
        "bab1234",
        "b ab-12",
        "WVWZZZ1JZXW000001",
        "wvw zzz1jz",
        "2026-04711",
        "2026 04711",
        "Gruber",
        "karl",
    ],
)
def test_search_finds_by_number_customer_plate_and_vin_in_any_spelling(vehicle, typed):
    assert [work_order.pk for work_order in service_board.search(typed)] == [vehicle.pk]


def test_search_finds_by_serial_number(work_order):
    assert [found.pk for found in service_board.search("pf 11111")] == [work_order.pk]


def test_search_does_not_find_other_units(vehicle):
    assert service_board.search("B-XY 9999") == []


def test_the_board_page_shows_the_search_results(advisor_client, vehicle):
    page = advisor_client.get(BOARD, {"q": "bab1234"}).content.decode()
    assert 'id="board-search"' in page and vehicle.number in page


def test_a_search_shows_the_work_orders_found_without_the_columns(advisor_client, vehicle):
    page = advisor_client.get(BOARD, {"q": "bab1234"}, headers={"HX-Request": "true"}).content.decode()
    assert vehicle.number in page and 'id="column-estimates"' not in page and 'id="board-back"' in page


# ----------------------------------------------------------------------------- permissions


def test_technicians_see_the_board(technician_client, db):
    assert technician_client.get(BOARD).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(BOARD).status_code == 302


def test_people_without_a_staff_role_get_403(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(BOARD).status_code == 403
