"""The work-order list and page: search, filters, and every action through the browser's forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fixloop.repairs import services
from fixloop.repairs.models import Attachment, TimelineEntry, WorkOrder
from tests.backoffice.conftest import png_bytes
from tests.factories import LocationFactory, UnitFactory


def numbers_in(response) -> set[str]:
    return {work_order.number for work_order in response.context["page"].object_list}


@pytest.fixture
def vehicle_work_order(other_customer, location, statuses, staff_actor):
    car = UnitFactory(
        customer=other_customer,
        kind="vehicle",
        make="VW",
        model="Golf",
        serial_number="",
        vin="WVWZZZ1KZAW000001",
        plate="B-XY 123",
    )
    return services.open_work_order(
        customer=other_customer,
        unit=car,
        location=location,
        problem_description="Brakes squeal.",
        by=staff_actor,
    )


@pytest.mark.parametrize("query", ["PF-11111", "pf-111", "Anna Beck"])
def test_the_list_finds_a_work_order_by_serial_number_or_customer(
    advisor_client, work_order, vehicle_work_order, query
):
    response = advisor_client.get("/staff/", {"q": query})
    assert numbers_in(response) == {work_order.number}


@pytest.mark.parametrize("query", ["WVWZZZ1KZAW000001", "b-xy 123"])
def test_the_list_finds_a_work_order_by_vin_or_plate(advisor_client, work_order, vehicle_work_order, query):
    assert numbers_in(advisor_client.get("/staff/", {"q": query})) == {vehicle_work_order.number}


def test_the_list_finds_a_work_order_by_its_number(advisor_client, work_order, vehicle_work_order):
    assert numbers_in(advisor_client.get("/staff/", {"q": work_order.number})) == {work_order.number}


def test_the_list_filters_by_status_location_and_technician(
    advisor_client, work_order, vehicle_work_order, statuses, technician, staff_actor
):
    services.change_status(vehicle_work_order, statuses["in_progress"], by=staff_actor)
    assert numbers_in(advisor_client.get("/staff/", {"status": statuses["in_progress"].pk})) == {
        vehicle_work_order.number
    }
    other_location = LocationFactory()
    WorkOrder.objects.filter(pk=work_order.pk).update(location=other_location)
    assert numbers_in(advisor_client.get("/staff/", {"location": other_location.pk})) == {work_order.number}
    services.update_details(work_order, technician=technician, by=staff_actor)
    assert numbers_in(advisor_client.get("/staff/", {"technician": technician.pk})) == {work_order.number}


def test_closed_work_orders_are_listed_only_when_asked_for(
    advisor_client, work_order, vehicle_work_order, staff_actor
):
    services.close(work_order, by=staff_actor)
    assert numbers_in(advisor_client.get("/staff/")) == {vehicle_work_order.number}
    assert numbers_in(advisor_client.get("/staff/", {"state": "closed"})) == {work_order.number}
    assert numbers_in(advisor_client.get("/staff/", {"state": "all"})) == {
        work_order.number,
        vehicle_work_order.number,
    }


def test_an_htmx_search_returns_only_the_results(advisor_client, work_order):
    response = advisor_client.get("/staff/", {"q": "PF-11111"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "backoffice/work_orders/_results.html"
    assert b"<html" not in response.content


def test_an_empty_list_explains_how_to_search(advisor_client, work_order):
    response = advisor_client.get("/staff/", {"q": "no-such-thing"})
    assert b"No work orders match." in response.content


def test_an_unknown_work_order_is_404(advisor_client, db):
    assert advisor_client.get("/staff/work-orders/2026-99999/").status_code == 404


def test_the_page_shows_hostile_text_inert(advisor_client, work_order, staff_actor):
    services.add_comment(work_order, "<script>alert('x')</script>", public=True, by=staff_actor)
    page = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_changing_the_status_through_htmx_returns_the_updated_page_part(advisor_client, work_order, statuses):
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/status/",
        {"status": statuses["in_progress"].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "backoffice/work_order/_body.html"
    assert 'id="current-status">In progress<' in response.content.decode()


def test_an_inactive_status_is_refused_with_a_field_message(advisor_client, work_order, statuses):
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/status/", {"status": statuses["inactive"].pk}
    )
    assert response.status_code == 422
    assert "status" in response.context["status_form"].errors
    work_order.refresh_from_db()
    assert work_order.status == statuses["open"]
    assert work_order.timeline.count() == 1


def test_a_private_and_a_public_comment(advisor_client, work_order):
    advisor_client.post(f"/staff/work-orders/{work_order.number}/comment/", {"text": "Internal note"})
    advisor_client.post(
        f"/staff/work-orders/{work_order.number}/comment/", {"text": "For you", "public": "on"}
    )
    comments = {
        entry.text: entry.public for entry in work_order.timeline.filter(kind=TimelineEntry.Kind.COMMENT)
    }
    assert comments == {"Internal note": False, "For you": True}


def test_an_empty_comment_is_refused_and_nothing_is_written(advisor_client, work_order):
    response = advisor_client.post(f"/staff/work-orders/{work_order.number}/comment/", {"text": "   "})
    assert response.status_code == 422
    assert work_order.timeline.count() == 1


def test_uploading_and_downloading_a_file(advisor_client, work_order, media_root):
    upload = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/files/", {"file": upload, "public": "on"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(work_order=work_order)
    download = advisor_client.get(f"/staff/work-orders/{work_order.number}/files/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert 'filename="front.png"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == png_bytes()


def test_an_oversized_upload_is_refused_with_a_message(advisor_client, work_order, media_root, settings):
    settings.ATTACHMENT_MAX_BYTES = 32
    upload = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
    response = advisor_client.post(f"/staff/work-orders/{work_order.number}/files/", {"file": upload})
    assert response.status_code == 422
    assert "the limit is 32" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not list(media_root.rglob("*.png"))


def test_a_file_is_not_served_through_another_work_orders_number(
    advisor_client, work_order, vehicle_work_order, media_root, staff_actor
):
    upload = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
    attachment = services.attach_file(work_order, upload, public=False, by=staff_actor)
    response = advisor_client.get(f"/staff/work-orders/{vehicle_work_order.number}/files/{attachment.pk}/")
    assert response.status_code == 404


def test_closing_and_reopening(advisor_client, work_order, statuses):
    close = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/close/",
        {"status": statuses["closed"].pk, "note": "Collected"},
    )
    assert close.status_code == 302
    work_order.refresh_from_db()
    assert work_order.is_closed
    closing_again = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/close/", {"status": statuses["closed"].pk}
    )
    assert closing_again.status_code == 422
    assert "already closed" in closing_again.content.decode()
    reopen = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/reopen/", {"reason": "Fault came back"}
    )
    assert reopen.status_code == 302
    work_order.refresh_from_db()
    assert not work_order.is_closed
    assert list(work_order.timeline.values_list("kind", flat=True)) == ["opened", "closed", "reopened"]


def test_reopening_needs_a_reason(advisor_client, work_order, staff_actor):
    services.close(work_order, by=staff_actor)
    response = advisor_client.post(f"/staff/work-orders/{work_order.number}/reopen/", {"reason": ""})
    assert response.status_code == 422
    work_order.refresh_from_db()
    assert work_order.is_closed


def test_assigning_a_technician_and_a_promised_date(advisor_client, work_order, technician):
    response = advisor_client.post(
        f"/staff/work-orders/{work_order.number}/details/",
        {"technician": technician.pk, "promised_date": "2026-12-01"},
    )
    assert response.status_code == 302
    work_order.refresh_from_db()
    assert work_order.technician == technician
    assert str(work_order.promised_date) == "2026-12-01"
    page = advisor_client.get(f"/staff/work-orders/{work_order.number}/?tab=timeline").content.decode()
    assert "Technician: — → Tina Technician" in page


def test_the_page_needs_the_same_number_of_queries_for_a_long_timeline(
    advisor_client, work_order, staff_actor
):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert advisor_client.get(f"/staff/work-orders/{work_order.number}/").status_code == 200
        return len(queries)

    services.add_comment(work_order, "one", public=True, by=staff_actor)
    queries_for_page()  # the first request also loads the session and the shop profile
    short = queries_for_page()
    for n in range(30):
        services.add_comment(work_order, f"comment {n}", public=n % 2 == 0, by=staff_actor)
    assert queries_for_page() == short


def test_opening_a_work_order_from_the_customer_page(advisor_client, customer, unit, location, statuses):
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/work-orders/new/",
        {"unit": unit.pk, "location": location.pk, "problem_description": "Battery swells."},
    )
    work_order = WorkOrder.objects.get(customer=customer)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/work-orders/{work_order.number}/"
    assert work_order.status == statuses["open"]


def test_a_duplicate_number_is_refused_on_its_field(advisor_client, work_order, customer, location):
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/work-orders/new/",
        {"location": location.pk, "problem_description": "Another one", "number": work_order.number},
    )
    assert response.status_code == 422
    assert "already exists" in response.context["form"].errors["number"][0]
    assert WorkOrder.objects.count() == 1


def test_a_unit_of_another_customer_cannot_be_chosen(
    advisor_client, customer, other_unit, location, statuses
):
    response = advisor_client.post(
        f"/staff/customers/{customer.number}/work-orders/new/",
        {"unit": other_unit.pk, "location": location.pk, "problem_description": "x"},
    )
    assert response.status_code == 422
    assert "unit" in response.context["form"].errors
    assert not WorkOrder.objects.exists()


def test_the_lists_filters_read_all_when_empty(advisor_client, work_order):
    page = advisor_client.get("/staff/").content.decode()
    assert "---------" not in page
    assert page.count('<option value="" selected>All</option>') == 3
