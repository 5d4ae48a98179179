"""The inspection services: every state and every refused step, versions that keep answers, prices
with VAT, media checked by content, measurements beside the last visit, and the work left open on a unit."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from fixloop.core.actor import Actor
from fixloop.inspections import presentation, queries, signals
from fixloop.inspections.models import Answer, Category, Choice, Event, Inspection, InspectionVersion, Media
from fixloop.inspections.services import answers, authorising, checklists, items, links, media, sending
from fixloop.repairs import services as repairs
from fixloop.repairs.models import CustomerNote, TimelineEntry
from tests.inspections.conftest import photo_bytes, photo_upload

pytestmark = pytest.mark.django_db


def customer(name="Anna Becker"):
    return Actor.customer(
        type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "Phone"}})(), name=name
    )


def answer_all(inspection, choices, **kwargs):
    return answers.submit(
        inspection,
        version_number=inspection.version,
        answers={item.pk: (choice, kwargs.pop(f"comment_{item.pk}", "")) for item, choice in choices.items()},
        by=customer(),
        name="Anna Becker",
        **kwargs,
    )


# --- starting and editing ---------------------------------------------------------------------------


def test_start_refuses_a_second_inspection_and_a_closed_work_order(
    work_order, inspection, staff_actor, statuses
):
    with pytest.raises(ValidationError) as refused:
        items.start(work_order, by=staff_actor)
    assert refused.value.code == "exists"
    other = repairs.open_work_order(
        customer=work_order.customer,
        unit=work_order.unit,
        location=work_order.location,
        problem_description="Noise",
        by=staff_actor,
    )
    repairs.close(other, by=staff_actor)
    with pytest.raises(ValidationError):
        items.start(other, by=staff_actor)
    assert not Inspection.objects.filter(work_order=other).exists()


def test_add_item_takes_the_locations_default_vat_and_refuses_bad_input(inspection, staff_actor, location):
    item = items.add_item(
        inspection,
        by=staff_actor,
        category=Category.NECESSARY,
        description="Tyres",
        labour="20",
        parts="180.5",
    )
    assert item.vat_rate.rate == Decimal("19.00")
    assert presentation.item_amounts(item).gross == Decimal("238.60")
    with pytest.raises(ValidationError) as refused:
        items.add_item(
            inspection, by=staff_actor, category="urgent", description=" \u200b ", labour="-1", parts="abc"
        )
    assert set(refused.value.message_dict) == {"category", "description", "labour", "parts"}
    assert inspection.items.count() == 1


def test_a_vat_rate_of_another_location_is_refused(inspection, staff_actor):
    from tests.factories import LocationFactory, VatRateFactory

    foreign = VatRateFactory(location=LocationFactory(name="Hamburg", code="HAM"), rate=Decimal("7.00"))
    with pytest.raises(ValidationError) as refused:
        items.add_item(
            inspection, by=staff_actor, category=Category.NECESSARY, description="X", vat_rate=foreign
        )
    assert "vat_rate" in refused.value.message_dict


def test_checklist_ratings_make_items_of_their_category_and_keep_measurements(
    inspection, checklist, staff_actor
):
    pads = checklist.points.get(position=1)
    item = checklists.rate_point(inspection, pads, "red", by=staff_actor, value="2,5")
    assert (item.category, item.rating, item.description) == (Category.NECESSARY, "red", "Front brake pads")
    again = checklists.rate_point(inspection, pads, "yellow", by=staff_actor, value="3")
    assert again.pk == item.pk and again.category == Category.RECOMMENDED
    measurement = inspection.measurements.get()
    assert (measurement.value, measurement.unit_of_measurement, measurement.unit_id) == (
        Decimal("3.00"),
        "mm",
        inspection.work_order.unit_id,
    )
    with pytest.raises(ValidationError):
        checklists.rate_point(
            inspection, checklist.points.get(position=2), "green", by=staff_actor, value="4"
        )
    with pytest.raises(ValidationError):
        checklists.rate_point(inspection, pads, "blue", by=staff_actor)


def test_measurements_are_shown_beside_the_last_visits(inspection, checklist, staff_actor, work_order):
    pads = checklist.points.get(position=1)
    checklists.rate_point(inspection, pads, "green", by=staff_actor, value="6")
    repairs.close(work_order, by=staff_actor)
    later = repairs.open_work_order(
        customer=work_order.customer,
        unit=work_order.unit,
        location=work_order.location,
        problem_description="Annual service",
        by=staff_actor,
    )
    second = items.start(later, by=staff_actor, checklist=checklist)
    assert queries.last_visit_values(second)["Brake pad thickness front"].value == Decimal("6.00")
    checklists.rate_point(second, pads, "yellow", by=staff_actor, value="3.5")
    [(now, before)] = queries.measurements_beside_last_visit(second)
    assert (now.value, before.value) == (Decimal("3.50"), Decimal("6.00"))


# --- media ------------------------------------------------------------------------------------------


def test_photos_are_checked_by_content_and_get_a_thumbnail(four_items, staff_actor, media_root):
    item = four_items[Category.NECESSARY]
    stored = media.add_media(
        item, SimpleUploadedFile("pads.png", photo_bytes("PNG"), "image/png"), by=staff_actor
    )
    assert stored.content_type == "image/png" and stored.thumbnail.name.endswith(".jpg")
    # A JPEG named .png is stored as what it is.
    disguised = media.add_media(
        item, SimpleUploadedFile("x.png", photo_bytes("JPEG"), "image/png"), by=staff_actor
    )
    assert disguised.content_type == "image/jpeg"
    for upload in [
        SimpleUploadedFile("script.jpg", b"<script>alert(1)</script>", "image/jpeg"),
        SimpleUploadedFile("empty.jpg", b"", "image/jpeg"),
        SimpleUploadedFile("movie.mp4", b"not a movie at all", "video/mp4"),
        SimpleUploadedFile("page.html", b"<html></html>", "text/html"),
    ]:
        with pytest.raises(ValidationError) as refused:
            media.add_media(item, upload, by=staff_actor)
        assert "file" in refused.value.message_dict
    assert item.media.count() == 2


def test_an_oversized_photo_is_refused(four_items, staff_actor, media_root, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        media.add_media(four_items[Category.NECESSARY], photo_upload(), by=staff_actor)
    assert "the limit is" in refused.value.message_dict["file"][0]
    assert not Media.objects.exists()


# --- sending and versions ---------------------------------------------------------------------------


def test_sending_freezes_the_visible_items_and_logs_every_address(
    inspection, four_items, staff_actor, capture_signal
):
    calls = capture_signal(signals.inspection_sent)
    items.change_item(four_items[Category.OK], by=staff_actor, visible_to_customer=False)
    version = sending.send(inspection, by=staff_actor, emails=["Anna@Example.com"], phones=["0151 23456789"])
    inspection.refresh_from_db()
    assert (inspection.state, inspection.version, version.number) == (Inspection.State.SENT, 1, 1)
    assert [entry["description"] for entry in version.content["items"]] == [
        "Annual service",
        "Front brake pads",
        "Wiper blades",
    ]
    assert version.content["total"] == {"net": "380.00", "vat": "72.20", "gross": "452.20"}
    assert set(Event.objects.values_list("kind", "channel", "address")) == {
        ("sent", "email", "Anna@example.com"),  # the domain is lower-cased, the local part kept
        ("sent", "sms", "+4915123456789"),
    }
    assert calls[0]["recipients"] == [("email", "Anna@example.com"), ("sms", "+4915123456789")]
    assert links.find_link(links.token_of(calls[0]["link"])).inspection == inspection


def test_sending_refuses_no_address_a_bad_address_and_nothing_visible(inspection, staff_actor):
    with pytest.raises(ValidationError) as refused:
        sending.send(inspection, by=staff_actor)
    assert "emails" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        sending.send(inspection, by=staff_actor, emails=["no-at-sign"])
    assert "emails" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        sending.send(inspection, by=staff_actor, emails=["anna@example.com"])
    assert refused.value.code == "empty"
    assert not InspectionVersion.objects.exists() and not Event.objects.exists()


def test_sending_again_without_a_change_resends_the_same_version(sent_inspection, staff_actor):
    again = sending.send(sent_inspection, by=staff_actor, emails=["anna@example.com"])
    assert again.number == 1 and InspectionVersion.objects.count() == 1


def test_a_change_after_sending_makes_a_new_version_that_keeps_unchanged_answers(
    sent_inspection, four_items, staff_actor, media_root
):
    necessary, recommended = four_items[Category.NECESSARY], four_items[Category.RECOMMENDED]
    answers.record_open(sent_inspection, by=customer())
    answer_all(sent_inspection, {necessary: Choice.REPAIR, recommended: Choice.DECLINE})
    items.change_item(recommended, by=staff_actor, parts=Decimal("25.00"))
    sent_inspection.refresh_from_db()
    assert sent_inspection.changed_since_sent
    version = sending.send(sent_inspection, by=staff_actor, emails=["anna@example.com"])
    sent_inspection.refresh_from_db()
    assert (version.number, sent_inspection.state) == (2, Inspection.State.SENT)
    changed = {entry["description"]: entry["changed"] for entry in version.content["items"]}
    assert changed == {
        "Annual service": False,
        "Front brake pads": False,
        "Wiper blades": True,
        "Lights": False,
    }
    kept = queries.current_answers(sent_inspection)
    assert set(kept) == {necessary.pk} and kept[necessary.pk].choice == Choice.REPAIR
    answer_all(sent_inspection, {recommended: Choice.REPAIR})
    assert {pk: a.choice for pk, a in queries.current_answers(sent_inspection).items()} == {
        necessary.pk: Choice.REPAIR,
        recommended.pk: Choice.REPAIR,
    }


def test_a_hidden_item_changed_does_not_ask_for_a_new_version(sent_inspection, four_items, staff_actor):
    items.change_item(four_items[Category.OK], by=staff_actor, visible_to_customer=False)
    sent_inspection.refresh_from_db()
    assert sent_inspection.changed_since_sent  # it disappears for the customer
    sending.send(sent_inspection, by=staff_actor, emails=["anna@example.com"])
    hidden = items.add_item(
        sent_inspection,
        by=staff_actor,
        category=Category.NECESSARY,
        description="Internal",
        visible_to_customer=False,
    )
    items.change_item(hidden, by=staff_actor, labour=Decimal("5"))
    sent_inspection.refresh_from_db()
    assert not sent_inspection.changed_since_sent


# --- opening and answering --------------------------------------------------------------------------


def test_every_open_is_logged_and_the_first_moves_to_opened(sent_inspection, capture_signal):
    calls = capture_signal(signals.inspection_opened)
    answers.record_open(sent_inspection, by=customer())
    answers.record_open(sent_inspection, by=customer())
    sent_inspection.refresh_from_db()
    version = sent_inspection.versions.get()
    assert sent_inspection.state == Inspection.State.OPENED
    assert version.first_opened_at < version.last_opened_at
    assert [call["first"] for call in calls] == [True, False]
    assert Event.objects.filter(kind="opened", ip="203.0.113.9", user_agent="Phone").count() == 2


def test_answers_are_recorded_with_name_address_comment_and_photo(
    sent_inspection, four_items, media_root, capture_signal
):
    calls = capture_signal(signals.inspection_answered)
    necessary, recommended = four_items[Category.NECESSARY], four_items[Category.RECOMMENDED]
    version = answers.submit(
        sent_inspection,
        version_number=1,
        answers={
            necessary.pk: (Choice.REPAIR, "Please use <b>original</b> parts"),
            recommended.pk: (Choice.DISAGREE, ""),
            four_items[Category.SCHEDULED].pk: (Choice.CONTACT, ""),
        },
        photos={necessary.pk: [photo_upload()]},
        by=customer(),
        name="  Anna Becker ",
    )
    sent_inspection.refresh_from_db()
    assert sent_inspection.state == Inspection.State.ANSWERED
    assert (version.answered_name, version.answered_ip, version.answered_user_agent) == (
        "Anna Becker",
        "203.0.113.9",
        "Phone",
    )
    assert Answer.objects.get(item=necessary).media.get().thumbnail
    note = CustomerNote.objects.get()
    assert "Please use <b>original</b> parts" in note.entry.text
    assert Event.objects.get(kind="answered").timeline_entry == note.entry
    assert len(calls[0]["answers"]) == 3


@pytest.mark.parametrize(
    "case, expected",
    [
        ("ok_item", "item_"),
        ("disagree_on_necessary", "item_"),
        ("unknown_choice", "item_"),
        ("nothing", "items"),
        ("no_name", "name"),
    ],
)
def test_answers_refused_with_nothing_written(sent_inspection, four_items, case, expected):
    necessary = four_items[Category.NECESSARY]
    given = {
        "ok_item": {four_items[Category.OK].pk: (Choice.REPAIR, "")},
        "disagree_on_necessary": {necessary.pk: (Choice.DISAGREE, "")},
        "unknown_choice": {necessary.pk: ("maybe", "")},
        "nothing": {},
        "no_name": {necessary.pk: (Choice.REPAIR, "")},
    }[case]
    with pytest.raises(ValidationError) as refused:
        answers.submit(
            sent_inspection,
            version_number=1,
            answers=given,
            by=customer(),
            name="" if case == "no_name" else "Anna",
        )
    assert any(key.startswith(expected) for key in refused.value.message_dict)
    assert not Answer.objects.exists() and not Event.objects.filter(kind="answered").exists()


def test_a_hidden_item_an_old_version_and_a_second_answer_are_refused(
    sent_inspection, four_items, staff_actor
):
    hidden = items.add_item(
        sent_inspection,
        by=staff_actor,
        category=Category.NECESSARY,
        description="Hidden",
        visible_to_customer=False,
    )
    with pytest.raises(ValidationError) as refused:
        answers.submit(
            sent_inspection,
            version_number=1,
            answers={hidden.pk: (Choice.REPAIR, "")},
            by=customer(),
            name="Anna",
        )
    assert refused.value.code == "item"
    with pytest.raises(ValidationError) as refused:
        answers.submit(
            sent_inspection,
            version_number=7,
            answers={four_items[Category.NECESSARY].pk: (Choice.REPAIR, "")},
            by=customer(),
            name="A",
        )
    assert refused.value.code == "old_version"
    answer_all(sent_inspection, {four_items[Category.NECESSARY]: Choice.REPAIR})
    with pytest.raises(ValidationError) as refused:
        answer_all(sent_inspection, {four_items[Category.NECESSARY]: Choice.DECLINE})
    assert refused.value.code == "answered"
    assert Answer.objects.get().choice == Choice.REPAIR


def test_a_disguised_customer_photo_is_refused_and_nothing_is_written(
    sent_inspection, four_items, media_root
):
    necessary = four_items[Category.NECESSARY]
    with pytest.raises(ValidationError) as refused:
        answers.submit(
            sent_inspection,
            version_number=1,
            answers={necessary.pk: (Choice.REPAIR, "")},
            photos={necessary.pk: [SimpleUploadedFile("me.jpg", b"MZ\x90\x00 binary", "image/jpeg")]},
            by=customer(),
            name="Anna",
        )
    assert f"photos_{necessary.pk}" in refused.value.message_dict
    assert not Answer.objects.exists() and not Media.objects.exists()
    assert not list(media_root.rglob("*.*"))


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_are_one_answer(sent_inspection, four_items):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL")
    necessary = four_items[Category.NECESSARY]
    outcomes = []

    def answer(choice):
        try:
            answers.submit(
                Inspection.objects.get(pk=sent_inspection.pk),
                version_number=1,
                answers={necessary.pk: (choice, "")},
                by=customer(),
                name="Anna",
            )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(choice,)) for choice in (Choice.REPAIR, Choice.DECLINE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["answered", "ok"]
    assert Answer.objects.count() == 1


def test_a_closed_work_order_cannot_be_answered_or_changed(
    sent_inspection, four_items, staff_actor, work_order
):
    repairs.close(work_order, by=staff_actor)
    with pytest.raises(ValidationError):
        answer_all(sent_inspection, {four_items[Category.NECESSARY]: Choice.REPAIR})
    with pytest.raises(ValidationError):
        items.change_item(four_items[Category.NECESSARY], by=staff_actor, labour=Decimal(1))


# --- authorising and the work left open --------------------------------------------------------------


def test_thumbs_up_makes_work_required_and_ok_items_need_none(
    sent_inspection, four_items, staff_actor, work_order, capture_signal
):
    calls = capture_signal(signals.item_authorised)
    authorising.authorise(four_items[Category.NECESSARY], by=staff_actor, authorised=True)
    authorising.authorise(four_items[Category.RECOMMENDED], by=staff_actor, authorised=False)
    with pytest.raises(ValidationError):
        authorising.authorise(four_items[Category.OK], by=staff_actor, authorised=True)
    assert list(queries.authorised_items([work_order.pk])) == [four_items[Category.NECESSARY]]
    assert len(calls) == 2
    authorising.authorise(four_items[Category.NECESSARY], by=staff_actor, authorised=None)
    assert not queries.authorised_items([work_order.pk]).exists()
    assert TimelineEntry.objects.filter(kind="inspection", data__event="inspection_authorised").count() == 1


def test_declined_and_contact_items_are_offered_at_the_next_inspection(
    sent_inspection, four_items, staff_actor, work_order, checklist
):
    answer_all(
        sent_inspection,
        {
            four_items[Category.NECESSARY]: Choice.REPAIR,
            four_items[Category.RECOMMENDED]: Choice.DECLINE,
            four_items[Category.SCHEDULED]: Choice.CONTACT,
        },
    )
    authorising.authorise(four_items[Category.NECESSARY], by=staff_actor, authorised=True)
    repairs.close(work_order, by=staff_actor)
    later = repairs.open_work_order(
        customer=work_order.customer,
        unit=work_order.unit,
        location=work_order.location,
        problem_description="Next visit",
        by=staff_actor,
    )
    second = items.start(later, by=staff_actor)
    open_items = queries.open_from_earlier_visits(later.unit, exclude=second)
    assert {item.description for item in open_items} == {"Wiper blades", "Annual service"}
    again = items.add_item(
        second,
        by=staff_actor,
        category=Category.RECOMMENDED,
        description="Wiper blades",
        carried_from=four_items[Category.RECOMMENDED],
    )
    assert again.carried_from_id == four_items[Category.RECOMMENDED].pk
    assert {item.description for item in queries.open_from_earlier_visits(later.unit, exclude=second)} == {
        "Annual service"
    }


# --- what the customer sees -------------------------------------------------------------------------


def test_summary_in_three_parts_with_vat(sent_inspection, four_items):
    content = sent_inspection.versions.get().content
    result = presentation.summary(
        content,
        {
            four_items[Category.SCHEDULED].pk: Choice.REPAIR,
            four_items[Category.NECESSARY].pk: Choice.REPAIR,
            four_items[Category.RECOMMENDED].pk: Choice.CONTACT,
        },
    )
    assert [e["description"] for e in result.scheduled.items] == ["Annual service"]
    assert [e["description"] for e in result.additional.items] == ["Front brake pads"]
    assert [e["description"] for e in result.contact.items] == ["Wiper blades"]
    assert (result.total.gross, result.total.vat) == (Decimal("416.50"), Decimal("66.50"))


def test_price_visibility_follows_the_location(inspection, four_items, staff_actor, location):
    location.customers_see_inspection_prices = False
    location.save()
    version = sending.send(inspection, by=staff_actor, emails=["anna@example.com"])
    assert version.content["show_prices"] is False
    assert presentation.summary(version.content, {}).show_prices is False


def test_an_item_withdrawn_after_sending_cannot_be_answered(sent_inspection, four_items, staff_actor):
    items.remove_item(four_items[Category.RECOMMENDED], by=staff_actor)
    with pytest.raises(ValidationError) as refused:
        answer_all(sent_inspection, {four_items[Category.RECOMMENDED]: Choice.REPAIR})
    assert refused.value.code == "old_version"
    assert not Answer.objects.exists()
    answer_all(sent_inspection, {four_items[Category.NECESSARY]: Choice.REPAIR})  # the rest still can be


def test_a_photo_added_after_sending_asks_for_a_new_version(
    sent_inspection, four_items, staff_actor, media_root
):
    media.add_media(four_items[Category.NECESSARY], photo_upload(), by=staff_actor)
    sent_inspection.refresh_from_db()
    assert sent_inspection.changed_since_sent
    version = sending.send(sent_inspection, by=staff_actor, emails=["anna@example.com"])
    [pads] = [entry for entry in version.content["items"] if entry["description"] == "Front brake pads"]
    assert pads["changed"] is False and len(pads["media"]) == 1
