"""The technician's inspection page: start from a checklist, rate points (htmx and without
JavaScript), measurements beside the last visit's, items (free and from templates), photos checked
by content, another work order's ids, a closed work order read only, who may use it."""

from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fixloop.inspections.models import Checklist, Inspection, InspectionItem, ItemTemplate, Measurement, Media
from fixloop.inspections.services import answers, checklists, items, sending
from fixloop.repairs import services
from fixloop.shop.models import ShopProfile
from tests.factories import UserFactory, WorkOrderFactory, customer_actor_for

HTMX = {"HX-Request": "true"}


def page(work_order) -> str:
    return reverse("backoffice:technician_inspection", kwargs={"number": work_order.number})


def url(name, work_order, **kwargs) -> str:
    return reverse(f"backoffice:technician_inspection_{name}", kwargs={"number": work_order.number, **kwargs})


def png(name="brake.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def checklist(db):
    checklist = Checklist.objects.create(name="Annual service")
    checklist.points.create(position=1, label="Lights")
    checklist.points.create(
        position=2, label="Tyre front left", measurement="Tread depth FL", measurement_unit="mm"
    )
    checklist.points.create(position=3, label="Brake pads front")
    return checklist


@pytest.fixture
def points(checklist):
    return list(checklist.points.order_by("position"))


@pytest.fixture
def inspection(work_order, checklist, staff_actor, media_root):
    return items.start(work_order, by=staff_actor, checklist=checklist)


@pytest.fixture
def other_inspection(other_customer, location, statuses, staff_actor, checklist):
    other = services.open_work_order(
        customer=other_customer,
        unit=other_customer.units.get(),
        location=location,
        problem_description="Noise from the back.",
        by=staff_actor,
    )
    return items.start(other, by=staff_actor, checklist=checklist)


@pytest.fixture
def template(db):
    return ItemTemplate.objects.create(
        description="Front brake pads", category="necessary", labour=Decimal("60"), parts=Decimal("45.50")
    )


# ----------------------------------------------------------------------------- starting


def test_the_job_card_has_an_inspection_button(technician_client, work_order, technician, staff_actor):
    services.update_details(work_order, technician=technician, by=staff_actor)
    home = technician_client.get(reverse("backoffice:technician")).content.decode()
    assert f'id="inspection-{work_order.number}"' in home and page(work_order) in home


def test_a_work_order_without_inspection_offers_to_start_one(technician_client, work_order, checklist):
    response = technician_client.get(page(work_order))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Start the inspection" in text and "Annual service" in text


def test_starting_from_a_checklist_shows_its_points(technician_client, work_order, checklist, media_root):
    response = technician_client.post(url("start", work_order), {"checklist": checklist.pk}, follow=True)
    inspection = Inspection.objects.get(work_order=work_order)
    assert inspection.checklist == checklist
    text = response.content.decode()
    assert "Lights" in text and "Brake pads front" in text and "0 of 3 points rated" in text


def test_an_inactive_checklist_cannot_be_started_from(technician_client, work_order, checklist):
    checklist.active = False
    checklist.save()
    response = technician_client.post(url("start", work_order), {"checklist": checklist.pk})
    assert response.status_code == 422
    assert not Inspection.objects.exists()


def test_starting_twice_is_refused_with_the_reason(technician_client, inspection, checklist):
    response = technician_client.post(url("start", inspection.work_order), {"checklist": checklist.pk})
    assert response.status_code == 422
    assert 'class="errors"' in response.content.decode()
    assert Inspection.objects.count() == 1


# ----------------------------------------------------------------------------- rating points


def test_a_rating_saves_without_leaving_the_page(technician_client, inspection, points):
    point = points[2]
    response = technician_client.post(
        url("point", inspection.work_order, point=point.pk),
        {"rating": "yellow", "note": "Pads at 3 mm"},
        headers=HTMX,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="point-{point.pk}"' in text and "<html" not in text
    assert 'value="yellow" class="light light-yellow" aria-pressed="true"' in text
    assert 'id="progress" role="status" hx-swap-oob="true"' in text and "1 of 3 points rated" in text
    item = InspectionItem.objects.get(inspection=inspection, checklist_point=point)
    assert (item.rating, item.category, item.technician_note) == ("yellow", "recommended", "Pads at 3 mm")


def test_rating_again_changes_the_points_item(technician_client, inspection, points):
    target = url("point", inspection.work_order, point=points[0].pk)
    technician_client.post(target, {"rating": "red"}, headers=HTMX)
    technician_client.post(target, {"rating": "green"}, headers=HTMX)
    item = InspectionItem.objects.get(inspection=inspection, checklist_point=points[0], removed_at=None)
    assert item.rating == "green" and item.category == "ok"


def test_without_javascript_a_rating_comes_back_to_its_point(technician_client, inspection, points):
    response = technician_client.post(
        url("point", inspection.work_order, point=points[0].pk), {"rating": "green"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#point-{points[0].pk}")
    assert "1 of 3 points rated" in technician_client.get(page(inspection.work_order)).content.decode()


def test_a_measurement_is_kept_on_the_unit(technician_client, inspection, points, unit):
    response = technician_client.post(
        url("point", inspection.work_order, point=points[1].pk),
        {"rating": "green", "value": "6.5"},
        headers=HTMX,
    )
    assert response.status_code == 200
    measurement = Measurement.objects.get(inspection=inspection)
    assert (measurement.unit, measurement.name, measurement.value) == (unit, "Tread depth FL", Decimal("6.5"))
    assert 'value="6.50"' in response.content.decode() or 'value="6.5"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"rating": "blue"}, "rating"), ({}, "rating"), ({"rating": "green", "value": "deep"}, "value")],
)
def test_bad_rating_input_gets_a_field_message_and_writes_nothing(
    technician_client, inspection, points, data, field
):
    point = points[1]
    response = technician_client.post(url("point", inspection.work_order, point=point.pk), data, headers=HTMX)
    assert response.status_code == 422
    assert f'id="id_point{point.pk}_{field}_error"' in response.content.decode()
    assert not InspectionItem.objects.exists() and not Measurement.objects.exists()


def test_bad_rating_input_without_javascript_shows_the_page_with_the_message(
    technician_client, inspection, points
):
    response = technician_client.post(
        url("point", inspection.work_order, point=points[0].pk), {"rating": "blue"}
    )
    assert response.status_code == 422
    assert (
        "<html" in response.content.decode()
        and f'id="id_point{points[0].pk}_rating_error"' in response.content.decode()
    )


def test_a_point_of_another_checklist_is_not_found(technician_client, inspection):
    stranger = Checklist.objects.create(name="Bicycle").points.create(position=1, label="Chain")
    response = technician_client.post(
        url("point", inspection.work_order, point=stranger.pk), {"rating": "red"}
    )
    assert response.status_code == 404
    assert not InspectionItem.objects.exists()


def test_rating_before_the_inspection_is_started_is_not_found(technician_client, work_order, points):
    response = technician_client.post(url("point", work_order, point=points[0].pk), {"rating": "red"})
    assert response.status_code == 404


# ----------------------------------------------------------------------------- the last visit's values


def test_the_last_visits_measurement_is_shown_beside_the_point(
    technician_client, customer, unit, location, statuses, staff_actor, checklist, points, media_root
):
    with time_machine.travel(datetime(2026, 3, 14, 9, 0, tzinfo=UTC), tick=False):
        earlier = services.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="Service", by=staff_actor
        )
        first = items.start(earlier, by=staff_actor, checklist=checklist)
        checklists.rate_point(first, points[1], "green", by=staff_actor, value=Decimal("4.0"))
        services.close(earlier, by=staff_actor)
    with time_machine.travel(datetime(2026, 3, 20, 9, 0, tzinfo=UTC), tick=False):
        later = services.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="Noise", by=staff_actor
        )
        items.start(later, by=staff_actor, checklist=checklist)
    text = technician_client.get(page(later)).content.decode()
    assert "last visit 14 Mar 2026: 4 mm" in text


def test_a_point_never_measured_on_this_unit_says_so(technician_client, inspection, points):
    assert "no earlier value" in technician_client.get(page(inspection.work_order)).content.decode()


def test_another_units_measurements_are_not_shown(
    technician_client, inspection, other_inspection, points, staff_actor
):
    checklists.rate_point(other_inspection, points[1], "red", by=staff_actor, value=Decimal("1.5"))
    assert "1.5 mm" not in technician_client.get(page(inspection.work_order)).content.decode()


def test_items_left_open_at_an_earlier_visit_are_shown(
    technician_client, customer, unit, location, statuses, staff_actor, media_root
):
    earlier = services.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Service", by=staff_actor
    )
    first = items.start(earlier, by=staff_actor)
    wipers = items.add_item(first, by=staff_actor, category="recommended", description="Wiper blades smear")
    pads = items.add_item(first, by=staff_actor, category="necessary", description="Front brake pads")
    sending.send(first, by=staff_actor, emails=["anna@example.com"])
    first.refresh_from_db()
    answers.submit(
        first,
        version_number=first.version,
        answers={wipers.pk: ("decline", ""), pads.pk: ("repair", "")},
        by=customer_actor_for("Anna Becker"),
        name="Anna Becker",
    )
    services.close(earlier, by=staff_actor)
    later = services.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Noise", by=staff_actor
    )
    items.start(later, by=staff_actor)
    text = technician_client.get(page(later)).content.decode()
    assert "Open from earlier visits" in text
    assert "Wiper blades smear" in text and "Don&#x27;t repair" in text and "Front brake pads" not in text


# ----------------------------------------------------------------------------- items


def test_a_technician_adds_a_free_item_without_prices(technician_client, inspection):
    text = technician_client.get(page(inspection.work_order)).content.decode()
    assert 'name="labour"' not in text and 'name="parts"' not in text
    response = technician_client.post(
        url("item", inspection.work_order),
        {
            "category": "recommended",
            "description": "Wiper blades smear",
            "technician_note": "Front",
            "labour": "99",
        },
    )
    assert response.status_code == 302
    item = InspectionItem.objects.get(inspection=inspection)
    assert (item.category, item.description, item.technician_note) == (
        "recommended",
        "Wiper blades smear",
        "Front",
    )
    assert item.labour == 0 and item.parts == 0 and item.created_by.username == "technician"
    assert response["Location"].endswith(f"#item-{item.pk}")


def test_a_technician_who_sees_prices_may_leave_them(technician_client, inspection, shop):
    ShopProfile.objects.update(technicians_see_prices=True)
    assert 'name="labour"' in technician_client.get(page(inspection.work_order)).content.decode()
    technician_client.post(
        url("item", inspection.work_order),
        {"category": "necessary", "description": "Battery", "labour": "20", "parts": ""},
    )
    item = InspectionItem.objects.get(inspection=inspection)
    assert (item.labour, item.parts) == (Decimal("20"), Decimal("0"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"category": "necessary", "description": ""}, "description"),
        ({"category": "urgent", "description": "Battery"}, "category"),
        ({"category": "necessary", "description": "Battery", "labour": "-5"}, "labour"),
    ],
)
def test_a_bad_item_gets_a_field_message_and_nothing_is_added(advisor_client, inspection, data, field):
    response = advisor_client.post(url("item", inspection.work_order), data)
    assert response.status_code == 422
    assert f'id="id_item_{field}_error"' in response.content.decode()
    assert not InspectionItem.objects.exists()


def test_an_item_from_a_template(technician_client, inspection, template):
    response = technician_client.post(url("template", inspection.work_order), {"template": template.pk})
    assert response.status_code == 302
    item = InspectionItem.objects.get(inspection=inspection)
    assert (item.description, item.template, item.category) == ("Front brake pads", template, "necessary")
    assert "Front brake pads" in technician_client.get(page(inspection.work_order)).content.decode()


def test_an_inactive_template_is_refused(technician_client, inspection, template):
    template.active = False
    template.save()
    response = technician_client.post(url("template", inspection.work_order), {"template": template.pk})
    assert response.status_code == 422
    assert "This template is no longer in use." in response.content.decode()
    assert not InspectionItem.objects.exists()


# ----------------------------------------------------------------------------- photos and videos


@pytest.fixture
def item(inspection, staff_actor):
    return items.add_item(inspection, by=staff_actor, category="necessary", description="Brake disc scored")


def test_a_photo_is_added_to_an_item_and_shown_as_a_thumbnail(technician_client, item):
    response = technician_client.post(url("media", item.inspection.work_order, item=item.pk), {"file": png()})
    assert response.status_code == 302
    media = Media.objects.get(item=item)
    assert media.content_type == "image/png" and media.answer is None
    text = technician_client.get(page(item.inspection.work_order)).content.decode()
    thumbnail = url("thumbnail", item.inspection.work_order, pk=media.pk)
    assert f'src="{thumbnail}"' in text
    assert technician_client.get(thumbnail).status_code == 200
    full = technician_client.get(url("file", item.inspection.work_order, pk=media.pk))
    assert full.status_code == 200 and full["Content-Type"] == "image/png"


def test_the_upload_field_asks_for_the_camera(technician_client, item):
    text = technician_client.get(page(item.inspection.work_order)).content.decode()
    assert 'accept="image/*,video/mp4"' in text and 'capture="environment"' in text


def test_a_photo_can_go_with_a_rated_point(technician_client, inspection, points, staff_actor):
    rated = checklists.rate_point(inspection, points[2], "red", by=staff_actor)
    response = technician_client.post(url("media", inspection.work_order, item=rated.pk), {"file": png()})
    assert response["Location"].endswith(f"#point-{points[2].pk}")
    assert Media.objects.filter(item=rated).count() == 1


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("notes.txt", b"just some text", content_type="text/plain"),
        SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is not a photo", content_type="image/jpeg"),
        SimpleUploadedFile("clip.mp4", b"<script>alert(1)</script>", content_type="video/mp4"),
    ],
    ids=["text", "disguised as jpeg", "disguised as mp4"],
)
def test_a_file_that_is_not_a_photo_or_video_is_refused_by_its_content(technician_client, item, upload):
    response = technician_client.post(
        url("media", item.inspection.work_order, item=item.pk), {"file": upload}
    )
    assert response.status_code == 422
    assert (
        f'id="id_media{item.pk}_file_error"' in response.content.decode()
        or "errors" in response.content.decode()
    )
    assert not Media.objects.exists()


def test_an_oversized_file_is_refused(technician_client, item, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = technician_client.post(
        url("media", item.inspection.work_order, item=item.pk), {"file": png(size=(400, 300))}
    )
    assert response.status_code == 422
    assert "the limit is" in response.content.decode()
    assert not Media.objects.exists()


def test_no_file_gets_a_field_message(technician_client, item):
    response = technician_client.post(url("media", item.inspection.work_order, item=item.pk), {})
    assert response.status_code == 422
    assert "Choose a photo or video." in response.content.decode()


# ----------------------------------------------------------------------------- another work order's ids


def test_another_work_orders_item_is_not_found(technician_client, inspection, other_inspection, staff_actor):
    theirs = items.add_item(other_inspection, by=staff_actor, category="necessary", description="Exhaust")
    response = technician_client.post(url("media", inspection.work_order, item=theirs.pk), {"file": png()})
    assert response.status_code == 404
    assert not Media.objects.exists()


def test_another_work_orders_photo_is_not_found(technician_client, inspection, other_inspection, staff_actor):
    theirs = items.add_item(other_inspection, by=staff_actor, category="necessary", description="Exhaust")
    technician_client.post(url("media", other_inspection.work_order, item=theirs.pk), {"file": png()})
    media = Media.objects.get()
    assert technician_client.get(url("file", inspection.work_order, pk=media.pk)).status_code == 404
    assert technician_client.get(url("thumbnail", inspection.work_order, pk=media.pk)).status_code == 404


def test_a_removed_item_takes_no_photos(technician_client, item, staff_actor):
    items.remove_item(item, by=staff_actor)
    response = technician_client.post(url("media", item.inspection.work_order, item=item.pk), {"file": png()})
    assert response.status_code == 404


# ----------------------------------------------------------------------------- a closed work order


@pytest.fixture
def closed(inspection, points, staff_actor):
    checklists.rate_point(inspection, points[0], "red", by=staff_actor, note="Left bulb out")
    services.close(inspection.work_order, by=staff_actor)
    return inspection


def test_a_closed_work_orders_inspection_is_read_only(technician_client, closed, points):
    text = technician_client.get(page(closed.work_order)).content.decode()
    assert "can only be read" in text and "Left bulb out" in text
    assert 'name="rating"' not in text and 'type="file"' not in text and 'id="add-item"' not in text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("point", {"rating": "green"}),
        ("item", {"category": "necessary", "description": "Horn"}),
        ("media", None),
    ],
)
def test_nothing_changes_on_a_closed_work_order(technician_client, closed, points, name, data):
    work_order = closed.work_order
    existing = InspectionItem.objects.get()
    if name == "point":
        target = url("point", work_order, point=points[1].pk)
    elif name == "media":
        target, data = url("media", work_order, item=existing.pk), {"file": png()}
    else:
        target = url("item", work_order)
    response = technician_client.post(target, data)
    assert response.status_code == 409
    assert InspectionItem.objects.count() == 1 and not Media.objects.exists()


def test_a_closed_work_order_without_inspection_cannot_start_one(
    technician_client, work_order, checklist, staff_actor
):
    services.close(work_order, by=staff_actor)
    response = technician_client.post(url("start", work_order), {"checklist": checklist.pk})
    assert response.status_code == 409
    assert not Inspection.objects.exists()


# ----------------------------------------------------------------------------- who may use it


@pytest.mark.parametrize("role", ["technician", "service_advisor", "administrator"])
def test_technicians_advisors_and_administrators_may_inspect(client, inspection, role):
    client.force_login(UserFactory(role=role))
    assert client.get(page(inspection.work_order)).status_code == 200


def test_a_signed_in_user_without_a_staff_role_is_refused(client, inspection, points):
    client.force_login(UserFactory())
    assert client.get(page(inspection.work_order)).status_code == 403
    assert (
        client.post(url("point", inspection.work_order, point=points[0].pk), {"rating": "red"}).status_code
        == 403
    )
    assert not InspectionItem.objects.exists()


def test_anonymous_visitors_go_to_the_sign_in_page(client, inspection):
    response = client.get(page(inspection.work_order))
    assert response.status_code == 302 and "/staff/sign-in/" in response["Location"]


def test_an_unknown_work_order_is_not_found(technician_client, db):
    assert technician_client.get(page(WorkOrderFactory.build(number="2099-99999"))).status_code == 404
