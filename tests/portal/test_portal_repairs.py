"""The signed-in portal's repairs: the list with its filters and pages, one repair with what track &
trace shows, its files, and the parts that refresh themselves."""

import pytest

from fixloop.repairs import services
from tests.portal.conftest import attach
from tests.portal.estimate_helpers import open_work_order, send_estimate

REPAIRS = "/portal/repairs/"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_shows_open_repairs_with_the_status_customers_see(
    portal_client, work_order, second_work_order, statuses, staff_actor
):
    services.change_status(work_order, statuses["in_progress"], by=staff_actor)
    services.change_status(work_order, statuses["internal"], by=staff_actor)  # hidden from customers
    text = page(portal_client.get(REPAIRS))
    assert work_order.number in text and second_work_order.number in text
    assert "In progress" in text
    assert "Quality check" not in text
    assert f'href="/portal/repairs/{work_order.number}/"' in text


def test_closed_repairs_are_listed_apart(portal_client, work_order, second_work_order, staff_actor):
    services.close(work_order, by=staff_actor)
    open_list = page(portal_client.get(REPAIRS))
    closed_list = page(portal_client.get(REPAIRS, {"state": "closed"}))
    all_list = page(portal_client.get(REPAIRS, {"state": "all"}))
    assert work_order.number not in open_list and second_work_order.number in open_list
    assert work_order.number in closed_list and second_work_order.number not in closed_list
    assert work_order.number in all_list and second_work_order.number in all_list


def test_the_list_is_searched_by_number_and_filtered_by_unit(
    portal_client, customer, work_order, location, staff_actor
):
    from tests.factories import UnitFactory

    van = UnitFactory(customer=customer, make="Ford", model="Transit", kind="vehicle", plate="B-FX 123")
    van_repair = open_work_order(customer, van, location, staff_actor, problem="Brakes squeal.")
    by_number = page(portal_client.get(REPAIRS, {"q": van_repair.number[-3:]}))
    assert van_repair.number in by_number
    by_plate = page(portal_client.get(REPAIRS, {"q": "b-fx"}))
    assert van_repair.number in by_plate and work_order.number not in by_plate
    by_unit = page(portal_client.get(REPAIRS, {"unit": van.pk, "state": "all"}))
    assert van_repair.number in by_unit and work_order.number not in by_unit
    assert f'<option value="{van.pk}" selected>Ford Transit · B-FX 123</option>' in by_unit


def test_the_list_comes_a_page_at_a_time(portal_client, customer, unit, location, statuses, staff_actor):
    numbers = [open_work_order(customer, unit, location, staff_actor).number for _ in range(23)]
    first = page(portal_client.get(REPAIRS))
    second = page(portal_client.get(REPAIRS, {"page": 2}))
    assert "23 repairs" in first and "Page 1 of 2" in first
    assert numbers[-1] in first and numbers[0] not in first  # newest first
    assert numbers[0] in second and numbers[-1] not in second
    assert 'href="?page=2" rel="next"' in first


def test_a_search_that_is_too_long_is_refused_with_a_field_message(portal_client, work_order):
    response = portal_client.get(REPAIRS, {"q": "x" * 41})
    assert response.status_code == 422
    assert "at most 40 characters" in response.content.decode()


def test_a_repair_shows_its_public_history_files_unit_and_location(
    portal_client, media_root, work_order, statuses, staff_actor, location
):
    location.phone = "+493012345678"
    location.save()
    services.change_status(work_order, statuses["in_progress"], by=staff_actor)
    services.add_comment(work_order, "The new screen is ordered.", public=True, by=staff_actor)
    services.add_comment(work_order, "Customer was rude.", public=False, by=staff_actor)
    shown = attach(work_order, "diagnosis.png", public=True, by=staff_actor)
    attach(work_order, "internal.png", public=False, by=staff_actor)
    text = page(portal_client.get(f"{REPAIRS}{work_order.number}/"))
    assert "The new screen is ordered." in text
    assert "Customer was rude." not in text
    assert f"/portal/repairs/{work_order.number}/files/{shown.pk}/" in text
    assert "internal.png" not in text
    assert "ThinkPad T14" in text and "PF-11111" in text
    assert location.name in text and 'href="tel:+493012345678"' in text


def test_a_public_file_downloads_and_a_private_one_does_not(
    portal_client, media_root, work_order, staff_actor
):
    shown = attach(work_order, "diagnosis.png", public=True, by=staff_actor)
    hidden = attach(work_order, "internal.png", public=False, by=staff_actor)
    base = f"{REPAIRS}{work_order.number}/files/"
    response = portal_client.get(f"{base}{shown.pk}/")
    assert response.status_code == 200
    assert "diagnosis.png" in response["Content-Disposition"]
    assert portal_client.get(f"{base}{hidden.pk}/").status_code == 404


def test_a_repair_links_its_estimate_once_sent(portal_client, work_order, staff_actor, vat_standard):
    url = f"{REPAIRS}{work_order.number}/"
    assert "/portal/estimates/" not in page(portal_client.get(url)).split("<main", 1)[1]
    estimate = send_estimate(work_order, staff_actor, vat_standard)
    text = page(portal_client.get(url))
    assert f'href="/portal/estimates/{estimate.pk}/"' in text
    assert "See the estimate and decide" in text


def test_the_live_part_of_a_repair_comes_alone_and_shows_a_new_status(
    portal_client, work_order, statuses, staff_actor
):
    url = f"{REPAIRS}{work_order.number}/"
    assert 'hx-trigger="every 20s"' in page(portal_client.get(url))
    services.change_status(work_order, statuses["ready"], by=staff_actor)
    part = page(portal_client.get(url, headers={"HX-Request": "true", "HX-Target": "repair-live"}))
    assert part.startswith('<div id="repair-live"')
    assert "Ready" in part and "<html" not in part


def test_the_live_part_of_the_list_keeps_its_filters(portal_client, work_order, staff_actor):
    url = f"{REPAIRS}?state=all&q={work_order.number}"
    text = page(portal_client.get(url))
    assert f'hx-get="/portal/repairs/?state=all&amp;q={work_order.number}"' in text
    part = page(portal_client.get(url, headers={"HX-Request": "true", "HX-Target": "repairs-live"}))
    assert part.startswith('<div id="repairs-live"') and work_order.number in part


def test_a_live_part_after_sign_out_reloads_the_page(client, work_order):
    response = client.get(REPAIRS, headers={"HX-Request": "true", "HX-Target": "repairs-live"})
    assert response["HX-Refresh"] == "true"


def test_a_head_office_sees_its_members_repairs_labelled_with_the_account(
    head_office_client, head_office, work_order, other_work_order, customer
):
    text = page(head_office_client.get(REPAIRS))
    assert work_order.number in text and customer.name in text
    assert other_work_order.number not in text
    assert head_office_client.get(f"{REPAIRS}{work_order.number}/").status_code == 200
    assert head_office_client.get(f"{REPAIRS}{other_work_order.number}/").status_code == 404


def test_a_head_office_filters_by_account(head_office_client, head_office, work_order, location, staff_actor):
    from tests.factories import UnitFactory

    own_unit = UnitFactory(customer=head_office, make="VW", model="Crafter", kind="vehicle", plate="HH-A 1")
    own = open_work_order(head_office, own_unit, location, staff_actor)
    text = page(head_office_client.get(REPAIRS, {"account": head_office.pk}))
    assert own.number in text and work_order.number not in text


def count_queries(client, url) -> int:
    """The queries of one request of the page (after a first one: the session's and the shop
    profile's first reads are not the page's)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/portal/", REPAIRS, "/portal/estimates/", "/portal/units/"])
def test_a_page_needs_as_many_queries_for_30_repairs_as_for_3(
    portal_client, customer, unit, location, statuses, staff_actor, vat_standard, url
):
    def add(count):
        for n in range(count):
            work_order = open_work_order(customer, unit, location, staff_actor)
            if n % 3 == 0:
                services.change_status(work_order, statuses["ready"], by=staff_actor)
            if n % 3 == 1:
                send_estimate(work_order, staff_actor, vat_standard)
            if n % 3 == 2:
                services.change_status(work_order, statuses["internal"], by=staff_actor)

    add(3)
    few = count_queries(portal_client, url)
    add(27)
    many = count_queries(portal_client, url)
    assert many == few, url
