"""The inspection section of the work-order page: starting, items with prices, the eye toggle,
sending, the live state, thumbs up / down, the communication log, photos, and the badges of the
work-order list and the service board."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fixloop.inspections.models import Checklist, Event, Inspection, ItemTemplate
from fixloop.inspections.services import answers, authorising, items, media, sending
from fixloop.repairs import services as repairs
from fixloop.repairs.models import CustomerNote
from tests.backoffice.test_service_board import BOARD_QUERIES
from tests.factories import CUSTOMER_IP, LocationFactory, VatRateFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def page_url(work_order, tab="inspection"):
    return f"/staff/work-orders/{work_order.number}/?tab={tab}"


def action(work_order, path):
    return f"/staff/work-orders/{work_order.number}/inspection/{path}"


def png_upload(name="brake.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def inspection(work_order, staff_actor):
    return items.start(work_order, by=staff_actor)


@pytest.fixture
def pads(inspection, staff_actor, vat_standard):
    return items.add_item(
        inspection,
        by=staff_actor,
        category="necessary",
        description="Front brake pads worn",
        technician_note="2 mm left",
        labour=Decimal("60.00"),
        parts=Decimal("40.00"),
        vat_rate=vat_standard,
    )


@pytest.fixture
def wipers(inspection, staff_actor, vat_standard):
    return items.add_item(
        inspection,
        by=staff_actor,
        category="recommended",
        description="Wiper blades streak",
        labour=Decimal("5.00"),
        parts=Decimal("20.00"),
        vat_rate=vat_standard,
    )


@pytest.fixture
def sent(inspection, pads, wipers, staff_actor):
    sending.send(inspection, by=staff_actor, emails=["anna@example.com"])
    inspection.refresh_from_db()
    return inspection


@pytest.fixture
def other_work_order(other_customer, other_unit, location, statuses, staff_actor):
    return repairs.open_work_order(
        customer=other_customer,
        unit=other_unit,
        location=location,
        problem_description="Rattles.",
        by=staff_actor,
    )


@pytest.fixture
def other_item(other_work_order, staff_actor):
    other = items.start(other_work_order, by=staff_actor)
    return items.add_item(other, by=staff_actor, category="necessary", description="Someone else's tyre")


def stamp(client, work_order) -> str:
    page = client.get(page_url(work_order)).content.decode()
    return page.split('id="inspection-poll" data-stamp="', 1)[1].split('"', 1)[0]


# ----------------------------------------------------------------------------- starting


def test_the_section_offers_to_start_an_inspection(advisor_client, work_order):
    page = advisor_client.get(page_url(work_order)).content.decode()
    assert 'aria-current="page">Inspection</a>' in page
    assert "Start inspection" in page


def test_an_advisor_starts_an_inspection(advisor_client, work_order):
    response = advisor_client.post(action(work_order, "start/"), headers=HTMX)
    assert response.status_code == 200
    assert Inspection.objects.filter(work_order=work_order).exists()
    assert "Scheduled services" in response.content.decode()


def test_a_technician_sees_the_section_but_cannot_start_one(client, technician, work_order):
    client.force_login(technician)
    page = client.get(page_url(work_order)).content.decode()
    assert "No inspection yet" in page and "Start inspection" not in page
    assert client.post(action(work_order, "start/")).status_code == 403
    assert not Inspection.objects.exists()


def test_starting_twice_is_refused_and_changes_nothing(advisor_client, inspection, work_order):
    response = advisor_client.post(action(work_order, "start/"), headers=HTMX)
    assert response.status_code == 422
    assert "already has an inspection" in response.content.decode()
    assert Inspection.objects.count() == 1


def test_a_closed_work_order_gets_no_inspection(advisor_client, work_order, statuses, staff_actor):
    repairs.close(work_order, status=statuses["closed"], note="", by=staff_actor)
    response = advisor_client.post(action(work_order, "start/"))
    assert response.status_code in (403, 422)
    assert not Inspection.objects.exists()


# ----------------------------------------------------------------------------- items


def test_an_advisor_adds_a_priced_item(advisor_client, inspection, work_order, vat_standard):
    response = advisor_client.post(
        action(work_order, "items/"),
        {
            "category": "necessary",
            "description": "Brake discs scored",
            "technician_note": "Deep grooves",
            "labour": "100.00",
            "parts": "50.00",
            "vat_rate": vat_standard.pk,
            "visible_to_customer": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    item = inspection.items.get()
    assert (item.description, item.labour, item.parts, item.vat_rate) == (
        "Brake discs scored",
        Decimal("100.00"),
        Decimal("50.00"),
        vat_standard,
    )
    page = response.content.decode()
    assert "Brake discs scored" in page and "Deep grooves" in page
    assert "178.50 gross" in page  # 150.00 net + 19 % VAT


@pytest.mark.parametrize(
    "data, field",
    [
        ({"category": "necessary", "description": "", "labour": "1"}, "description"),
        ({"category": "necessary", "description": "Pads", "labour": "-5"}, "labour"),
        ({"category": "sideways", "description": "Pads"}, "category"),
        ({"category": "necessary", "description": "Pads", "parts": "abc"}, "parts"),
    ],
)
def test_bad_item_input_is_refused_with_the_fields_message(
    advisor_client, inspection, work_order, data, field
):
    response = advisor_client.post(action(work_order, "items/"), data, headers=HTMX)
    assert response.status_code == 422
    assert f'id="id_inspection_{field}_error"' in response.content.decode()
    assert not inspection.items.exists()


def test_a_vat_rate_of_another_location_is_refused(advisor_client, inspection, work_order):
    elsewhere = VatRateFactory(location=LocationFactory(name="Hamburg", code="HAM"), rate=Decimal("19.00"))
    response = advisor_client.post(
        action(work_order, "items/"),
        {"category": "necessary", "description": "Pads", "vat_rate": elsewhere.pk},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "VAT rates of this work order" in response.content.decode()
    assert not inspection.items.exists()


def test_a_template_fills_an_item_without_a_description(advisor_client, inspection, work_order):
    template = ItemTemplate.objects.create(
        description="Front brake pads", category="necessary", labour=Decimal("80"), parts=Decimal("45.50")
    )
    response = advisor_client.post(
        action(work_order, "items/"), {"template": template.pk, "category": "ok"}, headers=HTMX
    )
    assert response.status_code == 200
    item = inspection.items.get()
    assert (item.description, item.category, item.labour, item.parts, item.template) == (
        "Front brake pads",
        "necessary",
        Decimal("80.00"),
        Decimal("45.50"),
        template,
    )


def test_the_add_form_carries_the_templates_values_for_the_browser(advisor_client, inspection, work_order):
    ItemTemplate.objects.create(description="Wiper blades", category="recommended", labour=Decimal("5"))
    page = advisor_client.get(page_url(work_order)).content.decode()
    assert "data-fill-form" in page
    assert "&quot;description&quot;: &quot;Wiper blades&quot;" in page


def test_an_advisor_changes_an_item(advisor_client, pads, work_order, vat_reduced):
    response = advisor_client.post(
        action(work_order, f"items/{pads.pk}/"),
        {
            "category": "recommended",
            "description": "Front brake pads",
            "labour": "70",
            "parts": "40",
            "vat_rate": vat_reduced.pk,
            "visible_to_customer": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    pads.refresh_from_db()
    assert (pads.category, pads.labour, pads.vat_rate, pads.revision) == (
        "recommended",
        Decimal("70.00"),
        vat_reduced,
        2,
    )


def test_the_eye_hides_an_item_from_the_customer_and_shows_it_again(advisor_client, pads, work_order):
    response = advisor_client.post(action(work_order, f"items/{pads.pk}/visible/"), headers=HTMX)
    assert response.status_code == 200
    pads.refresh_from_db()
    assert not pads.visible_to_customer
    assert "hidden from the customer" in response.content.decode()
    advisor_client.post(action(work_order, f"items/{pads.pk}/visible/"), {"visible": "on"}, headers=HTMX)
    pads.refresh_from_db()
    assert pads.visible_to_customer


def test_an_advisor_removes_an_item(advisor_client, pads, work_order):
    response = advisor_client.post(action(work_order, f"items/{pads.pk}/remove/"), headers=HTMX)
    assert response.status_code == 200
    pads.refresh_from_db()
    assert pads.removed_at is not None
    assert "Front brake pads worn" not in response.content.decode()


def test_the_note_for_the_customer_is_saved(advisor_client, inspection, work_order):
    response = advisor_client.post(
        action(work_order, "note/"), {"note_for_customer": "Your car is in good hands."}, headers=HTMX
    )
    assert response.status_code == 200
    inspection.refresh_from_db()
    assert inspection.note_for_customer == "Your car is in good hands."
    assert (
        ">\nYour car is in good hands.</textarea>"
        in advisor_client.get(page_url(work_order)).content.decode()
    )


def test_a_too_long_note_is_refused(advisor_client, inspection, work_order):
    response = advisor_client.post(
        action(work_order, "note/"), {"note_for_customer": "x" * 5000}, headers=HTMX
    )
    assert response.status_code == 422
    inspection.refresh_from_db()
    assert inspection.note_for_customer == ""


@pytest.mark.parametrize(
    "path, data",
    [
        ("items/{pk}/", {"category": "ok", "description": "Taken over"}),
        ("items/{pk}/visible/", {}),
        ("items/{pk}/remove/", {}),
        ("items/{pk}/authorise/", {"decision": "up"}),
    ],
)
def test_another_work_orders_item_is_not_found_and_unchanged(
    advisor_client, inspection, work_order, other_item, path, data
):
    response = advisor_client.post(action(work_order, path.format(pk=other_item.pk)), data, headers=HTMX)
    assert response.status_code == 404
    other_item.refresh_from_db()
    assert (other_item.description, other_item.visible_to_customer, other_item.removed_at) == (
        "Someone else's tyre",
        True,
        None,
    )
    assert other_item.authorised is None


@pytest.mark.parametrize(
    "path, data",
    [
        ("start/", {}),
        ("items/", {"category": "necessary", "description": "Pads"}),
        ("items/{pk}/", {"category": "ok", "description": "Changed"}),
        ("items/{pk}/visible/", {}),
        ("items/{pk}/remove/", {}),
        ("items/{pk}/authorise/", {"decision": "up"}),
        ("note/", {"note_for_customer": "Hello"}),
        ("send/", {"emails": ["anna@example.com"]}),
    ],
)
def test_technicians_change_nothing(client, technician, pads, work_order, path, data):
    client.force_login(technician)
    response = client.post(action(work_order, path.format(pk=pads.pk)), data)
    assert response.status_code == 403
    pads.refresh_from_db()
    assert (pads.description, pads.visible_to_customer, pads.removed_at, pads.authorised) == (
        "Front brake pads worn",
        True,
        None,
        None,
    )
    assert pads.inspection.items.count() == 1
    assert not Event.objects.exists()


def test_technicians_see_no_prices_unless_the_shop_allows_them(client, technician, pads, work_order, shop):
    client.force_login(technician)
    page = client.get(page_url(work_order)).content.decode()
    assert "Front brake pads worn" in page
    assert "119.00" not in page and "gross" not in page
    assert "Authorise" not in page
    shop.technicians_see_prices = True
    shop.save()  # the profile is read through the local cache, which saving refreshes
    page = client.get(page_url(work_order)).content.decode()
    assert "119.00 gross" in page


def test_an_item_from_an_earlier_visit_is_offered_again(
    advisor_client, customer, unit, location, statuses, staff_actor, customer_actor, vat_standard
):
    earlier = repairs.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Service", by=staff_actor
    )
    first = items.start(earlier, by=staff_actor)
    tyres = items.add_item(
        first, by=staff_actor, category="recommended", description="Rear tyres", labour=10, parts=200
    )
    sending.send(first, by=staff_actor, emails=["anna@example.com"])
    answers.submit(
        first, version_number=1, answers={tyres.pk: ("decline", "")}, by=customer_actor, name="Anna Becker"
    )
    repairs.close(earlier, status=statuses["closed"], note="", by=staff_actor)
    now = repairs.open_work_order(
        customer=customer, unit=unit, location=location, problem_description="Brakes", by=staff_actor
    )
    second = items.start(now, by=staff_actor)
    page = advisor_client.get(page_url(now)).content.decode()
    assert "Open from earlier visits" in page and "Rear tyres" in page
    response = advisor_client.post(action(now, f"earlier/{tyres.pk}/offer/"), headers=HTMX)
    assert response.status_code == 200
    offered = second.items.get()
    assert (offered.description, offered.carried_from, offered.parts) == (
        "Rear tyres",
        tyres,
        Decimal("200.00"),
    )
    assert f"offered again (work order {earlier.number})" in response.content.decode()
    # offered once: the button is gone, and a second post finds nothing to offer
    assert advisor_client.post(action(now, f"earlier/{tyres.pk}/offer/"), headers=HTMX).status_code == 404
    assert second.items.count() == 1


def test_an_item_not_open_from_an_earlier_visit_cannot_be_offered(
    advisor_client, inspection, work_order, other_item
):
    assert advisor_client.post(action(work_order, f"earlier/{other_item.pk}/offer/")).status_code == 404
    assert not inspection.items.exists()


# ----------------------------------------------------------------------------- sending


def test_the_send_form_offers_the_customers_addresses(advisor_client, inspection, work_order, customer):
    customer.mobile = "+4915112345678"
    customer.save()
    page = advisor_client.get(page_url(work_order)).content.decode()
    assert 'value="anna@example.com"' in page and 'value="+4915112345678"' in page


def test_sending_records_the_version_and_the_address(advisor_client, pads, work_order):
    response = advisor_client.post(
        action(work_order, "send/"), {"emails": ["anna@example.com"]}, headers=HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Overview sent (version 1)" in page
    event = Event.objects.get()
    assert (event.kind, event.channel, event.address) == ("sent", "email", "anna@example.com")
    assert 'id="inspection-log"' in page and "anna@example.com" in page


def test_sending_without_an_address_is_refused(advisor_client, pads, work_order):
    response = advisor_client.post(action(work_order, "send/"), {}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose at least one e-mail address or mobile number." in response.content.decode()
    assert not Event.objects.exists()
    assert Inspection.objects.get().version == 0


def test_an_address_not_the_customers_is_refused(advisor_client, pads, work_order):
    response = advisor_client.post(
        action(work_order, "send/"), {"emails": ["mallory@example.net"]}, headers=HTMX
    )
    assert response.status_code == 422
    assert "mallory@example.net is not one of the available choices" in response.content.decode()
    assert not Event.objects.exists()


def test_nothing_visible_is_not_sent(advisor_client, inspection, work_order):
    response = advisor_client.post(
        action(work_order, "send/"), {"emails": ["anna@example.com"]}, headers=HTMX
    )
    assert response.status_code == 422
    assert "nothing for the customer to see" in response.content.decode()
    assert not Event.objects.exists()


def test_a_change_after_sending_offers_the_next_version(advisor_client, sent, pads, work_order, staff_actor):
    items.change_item(pads, by=staff_actor, labour=Decimal("65.00"))
    page = advisor_client.get(page_url(work_order)).content.decode()
    assert "Changed since sent — send version 2" in page
    assert "Send version 2" in page
    advisor_client.post(action(work_order, "send/"), {"emails": ["anna@example.com"]}, headers=HTMX)
    page = advisor_client.get(page_url(work_order)).content.decode()
    assert "Overview sent (version 2)" in page
    assert 'id="inspection-version-1"' in page and 'id="inspection-version-2"' in page


# ----------------------------------------------------------------------------- the live state


def test_the_poll_answers_no_content_while_nothing_changed(advisor_client, sent, work_order):
    current = stamp(advisor_client, work_order)
    response = advisor_client.get(action(work_order, f"?stamp={current}"), headers=HTMX)
    assert response.status_code == 204


def test_the_poll_brings_the_customers_opening(advisor_client, sent, work_order, customer_actor):
    before = stamp(advisor_client, work_order)
    answers.record_open(sent, by=customer_actor)
    answers.record_open(sent, by=customer_actor)
    response = advisor_client.get(action(work_order, f"?stamp={before}"), headers=HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Opened by the customer (first at" in page and "2 times" in page
    assert 'id="inspection-state">Opened<' in page


def test_the_poll_brings_the_answers_with_icons_and_words(
    advisor_client, sent, pads, wipers, work_order, customer_actor
):
    before = stamp(advisor_client, work_order)
    answers.record_open(sent, by=customer_actor)
    answers.submit(
        sent,
        version_number=1,
        answers={pads.pk: ("repair", "Please do it today"), wipers.pk: ("disagree", "<b>They are new</b>")},
        photos={pads.pk: [png_upload("mine.png")]},
        by=customer_actor,
        name="Anna Becker",
    )
    page = advisor_client.get(action(work_order, f"?stamp={before}"), headers=HTMX).content.decode()
    assert "Answered at" in page and "by Anna Becker" in page
    pads_part = page.split(f'id="inspection-item-{pads.pk}"', 1)[1].split("</li>", 1)[0]
    assert "answer-repair" in pads_part and ">Repair<" in pads_part
    assert "Please do it today" in pads_part
    assert "/inspection/media/" in page.split(f'id="inspection-item-{pads.pk}-comment"', 1)[1]
    wipers_part = page.split(f'id="inspection-item-{wipers.pk}"', 1)[1].split("</li>", 1)[0]
    assert ">Do not agree<" in wipers_part
    assert "&lt;b&gt;They are new&lt;/b&gt;" in wipers_part and "<b>They are new" not in page


def test_an_unanswered_item_says_so(advisor_client, sent, pads, work_order):
    page = advisor_client.get(page_url(work_order)).content.decode()
    part = page.split(f'id="inspection-item-{pads.pk}-answer"', 1)[1].split("</span></span>", 1)[0]
    assert "No answer yet" in part


def test_the_communication_log_shows_every_event_with_ip_and_browser(
    advisor_client, sent, pads, work_order, customer_actor
):
    answers.record_open(sent, by=customer_actor)
    answers.submit(
        sent, version_number=1, answers={pads.pk: ("repair", "")}, by=customer_actor, name="Anna B."
    )
    page = advisor_client.get(page_url(work_order)).content.decode()
    log = page.split('id="inspection-log"', 1)[1]
    for words in (
        "Sent",
        "Opened",
        "Answered",
        "anna@example.com",
        "E-mail",
        CUSTOMER_IP,
        "Anna B.",
        "Mozilla",
    ):
        assert words in log, words
    assert Event.objects.filter(kind="opened", ip=CUSTOMER_IP).exists()


def test_customer_remarks_of_the_answers_can_be_marked_read_and_shared(
    advisor_client, sent, pads, work_order, customer_actor
):
    answers.submit(
        sent,
        version_number=1,
        answers={pads.pk: ("contact", "Call me after five")},
        by=customer_actor,
        name="Anna",
    )
    note = CustomerNote.objects.get(work_order=work_order)
    page = advisor_client.get(page_url(work_order)).content.decode()
    remarks = page.split('id="inspection-remarks"', 1)[1]
    assert "Call me after five" in remarks and "Mark as read" in remarks and "Show to technicians" in remarks
    back = page_url(work_order)
    response = advisor_client.post(
        f"/staff/customer-messages/{note.pk}/technician/", {"visible": "on", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    note.refresh_from_db()
    assert note.visible_to_technician


# ----------------------------------------------------------------------------- thumbs up / down


def test_thumbs_up_authorises_with_who_and_when(advisor_client, sent, pads, work_order, advisor):
    response = advisor_client.post(
        action(work_order, f"items/{pads.pk}/authorise/"), {"decision": "up"}, headers=HTMX
    )
    assert response.status_code == 200
    pads.refresh_from_db()
    assert (pads.authorised, pads.authorised_by) == (True, advisor)
    part = (
        response.content.decode()
        .split(f'id="inspection-item-{pads.pk}-authorised"', 1)[1]
        .split("<form", 1)[0]
    )
    assert "Authorised" in part and "Anton Advisor" in part


def test_thumbs_down_and_back_to_undecided(advisor_client, sent, pads, work_order):
    advisor_client.post(action(work_order, f"items/{pads.pk}/authorise/"), {"decision": "down"}, headers=HTMX)
    pads.refresh_from_db()
    assert pads.authorised is False
    advisor_client.post(
        action(work_order, f"items/{pads.pk}/authorise/"), {"decision": "undecided"}, headers=HTMX
    )
    pads.refresh_from_db()
    assert pads.authorised is None


def test_an_unknown_decision_is_refused(advisor_client, sent, pads, work_order):
    response = advisor_client.post(
        action(work_order, f"items/{pads.pk}/authorise/"), {"decision": "maybe"}, headers=HTMX
    )
    assert response.status_code == 422
    pads.refresh_from_db()
    assert pads.authorised is None


def test_an_ok_item_cannot_be_authorised(advisor_client, inspection, work_order, staff_actor):
    fine = items.add_item(inspection, by=staff_actor, category="ok", description="Lights work")
    response = advisor_client.post(
        action(work_order, f"items/{fine.pk}/authorise/"), {"decision": "up"}, headers=HTMX
    )
    assert response.status_code == 422
    fine.refresh_from_db()
    assert fine.authorised is None


def test_without_javascript_a_refusal_shows_the_whole_page(advisor_client, sent, pads, work_order):
    response = advisor_client.post(action(work_order, f"items/{pads.pk}/authorise/"), {"decision": "maybe"})
    assert response.status_code == 422
    assert "Not saved" in response.content.decode() and 'id="work-order"' in response.content.decode()
    ok = advisor_client.post(action(work_order, f"items/{pads.pk}/authorise/"), {"decision": "up"})
    assert ok.status_code == 302 and ok["Location"].endswith("?tab=inspection")


# ----------------------------------------------------------------------------- photos


@pytest.fixture
def photo(pads, staff_actor, media_root):
    return media.add_media(pads, png_upload(), by=staff_actor)


def test_the_section_shows_thumbnails_linking_to_the_photo(advisor_client, photo, work_order):
    page = advisor_client.get(page_url(work_order)).content.decode()
    url = f"/staff/work-orders/{work_order.number}/inspection/media/{photo.pk}/"
    assert f'href="{url}"' in page and f'src="{url}?thumbnail=1"' in page


def test_a_photo_is_served_with_its_checked_type(client, technician, photo, work_order):
    client.force_login(technician)  # technicians may look at photos
    response = client.get(action(work_order, f"media/{photo.pk}/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    thumbnail = client.get(action(work_order, f"media/{photo.pk}/?thumbnail=1"))
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert b"".join(thumbnail.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_photo_of_another_work_order_is_not_found(advisor_client, photo, other_work_order):
    assert advisor_client.get(action(other_work_order, f"media/{photo.pk}/")).status_code == 404


def test_photos_are_for_staff_only(client, photo, work_order, customer):
    response = client.get(action(work_order, f"media/{photo.pk}/"))
    assert response.status_code == 302 and "/staff/sign-in/" in response["Location"]


# ----------------------------------------------------------------------------- badges in the lists


def test_the_work_order_list_shows_the_overviews_state_in_words(
    advisor_client, sent, work_order, customer_actor
):
    page = advisor_client.get("/staff/", headers=HTMX).content.decode()
    assert "Overview sent" in page
    answers.record_open(sent, by=customer_actor)
    page = advisor_client.get("/staff/", headers=HTMX).content.decode()
    assert "Overview opened" in page and "overview-opened" in page


def test_an_unsent_inspection_has_no_badge(advisor_client, pads, work_order):
    assert "Overview" not in advisor_client.get("/staff/", headers=HTMX).content.decode()


def test_the_service_board_shows_the_overviews_state(
    advisor_client, sent, pads, work_order, customer_actor, staff_actor, ready_status
):
    repairs.change_status(work_order, ready_status, by=staff_actor)  # in the board's "Ready" column
    answers.submit(sent, version_number=1, answers={pads.pk: ("repair", "")}, by=customer_actor, name="Anna")
    page = advisor_client.get("/staff/board/", headers=HTMX).content.decode()
    assert "Overview answered" in page


def test_the_boards_badges_cost_no_query_per_card(
    advisor_client,
    ready_status,
    customer,
    unit,
    location,
    staff_actor,
    customer_actor,
    django_assert_num_queries,
):
    def ready_with_overview():
        order = repairs.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="Noise", by=staff_actor
        )
        inspection = items.start(order, by=staff_actor)
        items.add_item(inspection, by=staff_actor, category="necessary", description="Pads")
        sending.send(inspection, by=staff_actor, emails=["anna@example.com"])
        answers.record_open(inspection, by=customer_actor)
        repairs.change_status(order, ready_status, by=staff_actor)

    ready_with_overview()
    advisor_client.get("/staff/board/")
    with django_assert_num_queries(BOARD_QUERIES) as one:
        advisor_client.get("/staff/board/")
    for _ in range(3):
        ready_with_overview()
    with django_assert_num_queries(len(one.captured_queries)):
        page = advisor_client.get("/staff/board/").content.decode()
    assert page.count("Overview opened") == 4


def test_the_work_order_lists_badges_cost_no_query_per_row(
    advisor_client, sent, customer, unit, location, staff_actor, django_assert_max_num_queries
):
    page = advisor_client.get("/staff/", headers=HTMX)
    with django_assert_max_num_queries(30) as first:
        advisor_client.get("/staff/", headers=HTMX)
    for _ in range(3):
        order = repairs.open_work_order(
            customer=customer, unit=unit, location=location, problem_description="Noise", by=staff_actor
        )
        inspection = items.start(order, by=staff_actor)
        items.add_item(inspection, by=staff_actor, category="necessary", description="Pads")
        sending.send(inspection, by=staff_actor, emails=["anna@example.com"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = advisor_client.get("/staff/", headers=HTMX).content.decode()
    assert page.count("Overview sent") == 4


def test_an_inspection_starts_from_a_checklist(advisor_client, work_order):
    checklist = Checklist.objects.create(name="Annual service, 30 points")
    page = advisor_client.get(page_url(work_order)).content.decode()
    assert "Annual service, 30 points" in page
    advisor_client.post(action(work_order, "start/"), {"checklist": checklist.pk}, headers=HTMX)
    assert Inspection.objects.get(work_order=work_order).checklist == checklist


def test_technicians_see_what_is_authorised_without_the_thumbs(
    client, technician, sent, pads, work_order, staff_actor
):
    authorising.authorise(pads, by=staff_actor, authorised=True)
    client.force_login(technician)
    page = client.get(page_url(work_order)).content.decode()
    state = page.split(f'id="inspection-item-{pads.pk}-authorised"', 1)[1].split("</span>\n", 1)[0]
    assert "Authorised" in state
    assert "thumbs-form" not in page and "Send overview" not in page and "Add an item" not in page
