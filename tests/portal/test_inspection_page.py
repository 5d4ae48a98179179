"""The customer's page of an inspection (diagnostic overview), behind its link and signed in: what
it shows in each state, prices per location, kept answers across versions, the answers recorded
with who, when and from where, every refusal with nothing changed, and the photos it serves."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fixloop.inspections.models import Answer, Event, Inspection, InspectionVersion, Media
from fixloop.inspections.services import items, links
from fixloop.portal.inspection_links import path_of, portal_inspection_path, url_of
from fixloop.repairs.models import TimelineEntry
from tests.factories import BROWSER, CUSTOMER_IP
from tests.portal.accounts_fixtures import PASSWORD
from tests.portal.inspection_fixtures import jpeg_bytes, make_inspection, photo_upload, send


def answers_for(made: dict, **overrides) -> dict:
    data = {
        "version": "1",
        "name": "Anna Becker",
        f"item_{made['scheduled'].pk}": "repair",
        f"item_{made['necessary'].pk}": "repair",
        f"item_{made['recommended'].pk}": "disagree",
        f"item_{made['wipers'].pk}": "contact",
    }
    data.update(overrides)
    return data


def everything(inspection) -> tuple:
    """What an answer would change: answers, the customer's photos, the version's record, events of
    answering, timeline entries and the inspection's state."""
    inspection.refresh_from_db()
    version = InspectionVersion.objects.get(inspection=inspection, number=inspection.version)
    return (
        Answer.objects.filter(item__inspection=inspection).count(),
        Media.objects.filter(item__inspection=inspection).exclude(answer=None).count(),
        version.answered_at,
        version.answered_name,
        Event.objects.filter(inspection=inspection, kind=Event.Kind.ANSWERED).count(),
        TimelineEntry.objects.filter(work_order=inspection.work_order).count(),
        inspection.state,
    )


@pytest.fixture
def signed_in(client, portal_user):
    assert (
        client.post("/portal/account/login/", {"login": portal_user.email, "password": PASSWORD}).status_code
        == 302
    )
    return client


# ----------------------------------------------------------------------------- addresses


def test_the_link_address_is_absolute_and_opens_the_page(
    client, settings, inspection_link, portal_inspection
):
    url = url_of(inspection_link)
    assert url == settings.SITE_URL + path_of(inspection_link)
    assert path_of(inspection_link).startswith("/inspection/")
    assert client.get(path_of(inspection_link)).status_code == 200
    assert portal_inspection_path(portal_inspection.pk) == f"/portal/inspections/{portal_inspection.pk}/"


# ----------------------------------------------------------------------------- what it shows


def test_the_page_shows_the_welcome_screen_and_the_visible_items_by_category(
    client, inspection_path, inspection_items
):
    response = client.get(inspection_path)
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "My repair shop" in page
    assert "Lenovo ThinkPad T14" in page
    assert inspection_items["inspection"].work_order.number in page
    assert "Please call us with questions." in page
    assert "We checked 5 points:" in page
    assert 'id="start"' in page
    order = [page.index(f'id="cat-{name}"') for name in ("scheduled", "necessary", "recommended", "ok")]
    assert order == sorted(order)
    assert "Internal check" not in page  # hidden from the customer
    assert "Pads worn to 2 mm." in page
    # Every answerable item has its choices; "do not agree" only for recommended ones; none for OK.
    assert f'name="item_{inspection_items["necessary"].pk}" value="disagree"' not in page
    assert f'name="item_{inspection_items["recommended"].pk}" value="disagree"' in page
    assert f'name="item_{inspection_items["ok"].pk}"' not in page
    assert f'name="photos_{inspection_items["necessary"].pk}"' in page
    assert "Up to 5 photos, each at most 10.0\xa0MB." in page
    assert "htmx-2" not in page and "backoffice/fixloop.js" not in page  # only its own small script
    assert "portal/inspection.js" in page and "portal/inspection.css" in page


def test_prices_incl_vat_and_the_summary_are_shown_where_the_location_shows_prices(
    client, inspection_path, inspection_items
):
    page = client.get(inspection_path).content.decode()
    assert "178.50&nbsp;EUR" in page  # 150.00 labour + 19 % VAT
    assert "238.00&nbsp;EUR" in page
    assert 'id="total-gross">0.00 EUR' in page
    assert 'data-gross="17850" data-vat="2850"' in page


def test_no_amount_anywhere_where_the_location_hides_prices(
    client, location, work_order, staff_actor, vat_standard, media_root
):
    location.customers_see_inspection_prices = False
    location.save()
    made = make_inspection(work_order, staff_actor, vat_rate=vat_standard)
    send(made["inspection"], staff_actor)
    path = path_of(links.link_for(made["inspection"], by=staff_actor))
    page = client.get(path).content.decode()
    assert "Front brake pads" in page
    for amount in ("178.50", "238.00", "EUR", "data-gross", "VAT"):
        assert amount not in page
    client.post(path + "answer/", answers_for(made))
    page = client.get(path).content.decode()
    assert "Thank you for your answers" in page
    for amount in ("178.50", "238.00", "EUR", "VAT"):
        assert amount not in page


def test_each_open_is_recorded_but_not_each_photo(customer_client, inspection_path, inspection_items):
    inspection = inspection_items["inspection"]
    customer_client.get(inspection_path)
    customer_client.get(inspection_path)
    customer_client.get(f"{inspection_path}media/{inspection_items['photo'].pk}/thumbnail/")
    opens = Event.objects.filter(inspection=inspection, kind=Event.Kind.OPENED)
    assert opens.count() == 2
    assert {(event.channel, event.ip, event.user_agent) for event in opens} == {
        ("link", CUSTOMER_IP, BROWSER)
    }
    inspection.refresh_from_db()
    assert inspection.state == Inspection.State.OPENED


def test_the_page_is_in_the_customers_language(client, customer, inspection_path, inspection_items):
    customer.language = "de"
    customer.save()
    response = client.get(inspection_path)
    page = response.content.decode()
    assert response["Content-Language"] == "de"
    assert "Wir haben 5 Punkte geprüft:" in page
    assert "178,50&nbsp;EUR" in page
    assert 'data-group="." data-decimal=","' in page


# ----------------------------------------------------------------------------- answering


def test_answers_are_recorded_with_name_time_address_and_browser(
    customer_client, inspection_path, inspection_items
):
    made = inspection_items
    data = answers_for(
        made,
        **{
            f"comment_{made['necessary'].pk}": "Please use original parts.",
            f"photos_{made['necessary'].pk}": photo_upload("mine.jpg"),
        },
    )
    response = customer_client.post(inspection_path + "answer/", data)
    assert response.status_code == 303
    assert response["Location"] == f"{inspection_path}?done=answered#thanks"
    answers = {
        answer.item_id: answer for answer in Answer.objects.filter(item__inspection=made["inspection"])
    }
    assert {key: answer.choice for key, answer in answers.items()} == {
        made["scheduled"].pk: "repair",
        made["necessary"].pk: "repair",
        made["recommended"].pk: "disagree",
        made["wipers"].pk: "contact",
    }
    assert answers[made["necessary"].pk].comment == "Please use original parts."
    assert answers[made["necessary"].pk].media.count() == 1
    version = InspectionVersion.objects.get(inspection=made["inspection"], number=1)
    assert (version.answered_name, version.answered_ip, version.answered_user_agent) == (
        "Anna Becker",
        CUSTOMER_IP,
        BROWSER,
    )
    event = Event.objects.get(inspection=made["inspection"], kind=Event.Kind.ANSWERED)
    assert (event.channel, event.ip, event.name) == ("link", CUSTOMER_IP, "Anna Becker")


def test_after_answering_the_page_shows_what_was_chosen_read_only(client, inspection_path, inspection_items):
    made = inspection_items
    client.post(inspection_path + "answer/", answers_for(made))
    page = client.get(inspection_path + "?done=answered").content.decode()
    assert "Thank you for your answers" in page
    assert "Sent by Anna Becker" in page
    assert 'id="answers"' not in page and 'type="radio"' not in page and 'id="start"' not in page
    assert page.count("Your answer:") == 4
    assert "Do not agree" in page
    # The summary: scheduled 178.50 and brakes 238.00 counted; the wipers to talk about, not counted.
    summary = page[page.index('id="summary"') :]
    assert "Wiper blades" in summary
    assert 'id="total-gross">416.50 EUR' in summary
    assert 'id="total-vat">66.50 EUR' in summary


def test_an_empty_submit_gives_a_message_per_field_and_changes_nothing(
    client, inspection_path, inspection_items
):
    before = everything(inspection_items["inspection"])
    response = client.post(inspection_path + "answer/", {"version": "1"})
    page = response.content.decode()
    assert response.status_code == 422
    assert page.count("Please choose an answer.") == 4
    assert "Please type your name." in page
    assert 'id="form-errors"' in page
    assert everything(inspection_items["inspection"]) == before


def test_what_was_typed_is_kept_when_something_is_missing(client, inspection_path, inspection_items):
    made = inspection_items
    data = answers_for(made, name="", **{f"comment_{made['wipers'].pk}": "Only the front one?"})
    response = client.post(inspection_path + "answer/", data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Only the front one?" in page
    assert f'value="disagree" id="id_item_{made["recommended"].pk}_3" checked' in page
    # The summary follows what was chosen on the form.
    assert 'id="total-gross">416.50 EUR' in page


def test_an_old_version_is_refused_with_a_reload_link_and_nothing_changes(
    client, inspection_path, inspection_items, staff_actor
):
    made = inspection_items
    items.change_item(made["wipers"], by=staff_actor, parts=Decimal("28.00"))
    send(made["inspection"], staff_actor)
    before = everything(made["inspection"])
    response = client.post(inspection_path + "answer/", answers_for(made, version="1"))
    page = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in page and "Reload the page" in page
    assert "changed this overview since you opened it" in page
    assert everything(made["inspection"]) == before
    # Also when the old page was sent incomplete: the conflict first, not the field messages.
    response = client.post(inspection_path + "answer/", {"version": "1"})
    assert response.status_code == 409
    assert "Please choose an answer." not in response.content.decode()
    assert everything(made["inspection"]) == before


def test_answering_twice_is_refused_the_second_time(client, inspection_path, inspection_items):
    made = inspection_items
    assert client.post(inspection_path + "answer/", answers_for(made)).status_code == 303
    before = everything(made["inspection"])
    response = client.post(
        inspection_path + "answer/", answers_for(made, **{f"item_{made['scheduled'].pk}": "decline"})
    )
    assert response.status_code == 409
    assert "already" in response.content.decode()
    assert everything(made["inspection"]) == before
    assert Answer.objects.get(item=made["scheduled"]).choice == "repair"


@pytest.mark.parametrize("which", ["hidden", "removed", "another inspection's", "checked and OK"])
def test_an_item_the_page_does_not_offer_is_refused_and_nothing_changes(
    client, inspection_path, inspection_items, other_inspection_items, staff_actor, which
):
    made = inspection_items
    if which == "hidden":
        extra = made["hidden"]
    elif which == "removed":  # removed before the version was sent
        extra = items.add_item(made["inspection"], by=staff_actor, category="necessary", description="Gone")
        items.remove_item(extra, by=staff_actor)
        send(made["inspection"], staff_actor)
        data_version = "2"
    elif which == "another inspection's":
        extra = other_inspection_items["necessary"]
    else:
        extra = made["ok"]
    before = everything(made["inspection"])
    data = answers_for(
        made, version=data_version if which == "removed" else "1", **{f"item_{extra.pk}": "repair"}
    )
    response = client.post(inspection_path + "answer/", data)
    assert response.status_code == 422
    message = (
        "Choose one of the answers offered."
        if which == "checked and OK"
        else "An answer was given for an item this overview does not show."
    )
    assert message in response.content.decode()
    assert everything(made["inspection"]) == before
    assert not Answer.objects.filter(item=extra).exists()


@pytest.mark.parametrize("choice", ["maybe", "disagree"])  # unknown; "do not agree" on a necessary item
def test_a_choice_the_item_does_not_offer_is_refused_on_its_field(
    client, inspection_path, inspection_items, choice
):
    made = inspection_items
    before = everything(made["inspection"])
    response = client.post(
        inspection_path + "answer/", answers_for(made, **{f"item_{made['necessary'].pk}": choice})
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_item_{made["necessary"].pk}_error"' in page
    assert everything(made["inspection"]) == before


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile(
            "brakes.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
        ),
        SimpleUploadedFile("brakes.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
    ],
    ids=["disguised", "not a photo"],
)
def test_a_file_that_is_not_a_photo_is_refused_on_its_field(
    client, inspection_path, inspection_items, upload
):
    made = inspection_items
    upload.seek(0)
    before = everything(made["inspection"])
    data = answers_for(
        made,
        **{f"photos_{made['necessary'].pk}": upload, f"comment_{made['necessary'].pk}": "See my photo."},
    )
    response = client.post(inspection_path + "answer/", data)
    page = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_photos_{made["necessary"].pk}_error"' in page
    assert "See my photo." in page
    assert everything(made["inspection"]) == before


def test_a_photo_over_the_limit_is_refused_on_its_field(client, settings, inspection_path, inspection_items):
    made = inspection_items
    settings.ATTACHMENT_MAX_BYTES = 1024
    before = everything(made["inspection"])
    big = photo_upload("big.jpg", jpeg_bytes(size=(400, 400)) + b"\x00" * 2048)
    response = client.post(
        inspection_path + "answer/", answers_for(made, **{f"photos_{made['necessary'].pk}": big})
    )
    assert response.status_code == 422
    assert "a photo may be at most 1.0\xa0KB" in response.content.decode()
    assert everything(made["inspection"]) == before


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, inspection_path, inspection_items):
    before = everything(inspection_items["inspection"])
    response = client.post(
        inspection_path + "answer/", answers_for(inspection_items), CONTENT_LENGTH=str(2 * 1024**3)
    )
    assert response.status_code == 413
    assert everything(inspection_items["inspection"]) == before


def test_script_in_the_name_and_a_comment_is_shown_inert(client, inspection_path, inspection_items):
    made = inspection_items
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = answers_for(made, name=hostile, **{f"comment_{made['wipers'].pk}": hostile})
    assert client.post(inspection_path + "answer/", data).status_code == 303
    page = client.get(inspection_path).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


# ----------------------------------------------------------------------------- versions


def test_a_new_version_marks_changed_items_and_keeps_the_other_answers(
    client, inspection_path, inspection_items, staff_actor
):
    made = inspection_items
    client.post(inspection_path + "answer/", answers_for(made))
    items.change_item(made["wipers"], by=staff_actor, parts=Decimal("28.00"))
    send(made["inspection"], staff_actor)
    page = client.get(inspection_path).content.decode()
    assert 'id="answers"' in page and "Thank you for your answers" not in page
    assert 'id="changed-note"' in page
    wipers = page[page.index(f'id="item-{made["wipers"].pk}"') :]
    assert wipers.index('class="tag changed"') < wipers.index("</article>")
    scheduled = page[page.index(f'id="item-{made["scheduled"].pk}"') :]
    assert 'class="tag changed"' not in scheduled[: scheduled.index("</article>")]
    assert f'value="repair" id="id_item_{made["scheduled"].pk}_0" checked' in page
    assert f'value="disagree" id="id_item_{made["recommended"].pk}_3" checked' in page
    assert "Your earlier answer, kept for you." in page
    assert f'id="id_item_{made["wipers"].pk}_2" checked' not in page  # changed: asked again
    assert "33.32&nbsp;EUR" in page  # 28.00 + 19 %
    # The summary counts the kept answers from the start.
    assert 'id="total-gross">416.50 EUR' in page
    # Answering the new version records it.
    response = client.post(inspection_path + "answer/", answers_for(made, version="2"))
    assert response.status_code == 303
    assert InspectionVersion.objects.get(inspection=made["inspection"], number=2).answered_at is not None


# ----------------------------------------------------------------------------- photos and videos


def test_a_photo_is_served_with_its_checked_type_and_never_sniffed(client, inspection_path, inspection_items):
    photo = inspection_items["photo"]
    for suffix, content_type in (("", "image/jpeg"), ("thumbnail/", "image/jpeg")):
        response = client.get(f"{inspection_path}media/{photo.pk}/{suffix}")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_video_is_shown_without_loading_it(client, inspection_items, staff_actor, media_root, work_order):
    made = inspection_items
    video = SimpleUploadedFile(
        "noise.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4"
    )
    clip = items_media_add(made["recommended"], video, staff_actor)
    items.change_item(made["recommended"], by=staff_actor, technician_note="See the video.")
    send(made["inspection"], staff_actor)
    path = path_of(links.link_for(made["inspection"], by=staff_actor))
    page = client.get(path).content.decode()
    assert f'<video controls preload="none" src="{path}media/{clip.pk}/"' in page
    response = client.get(f"{path}media/{clip.pk}/")
    assert response["Content-Type"] == "video/mp4"
    assert client.get(f"{path}media/{clip.pk}/thumbnail/").status_code == 404  # videos have none


def items_media_add(item, upload, staff_actor):
    from fixloop.inspections.services import media

    return media.add_media(item, upload, by=staff_actor)


def test_only_media_of_the_items_this_page_shows_are_served(
    client, inspection_path, inspection_items, other_inspection_items, staff_actor
):
    hidden_photo = items_media_add(inspection_items["hidden"], photo_upload("hidden.jpg"), staff_actor)
    others = other_inspection_items["photo"]
    for media_pk in (hidden_photo.pk, others.pk, 999999):
        for suffix in ("", "thumbnail/"):
            assert client.get(f"{inspection_path}media/{media_pk}/{suffix}").status_code == 404


# ----------------------------------------------------------------------------- signed in


def test_the_portal_lists_the_persons_inspections_and_opens_one(
    signed_in, portal_inspection, inspection_items, other_inspection_items
):
    listing = signed_in.get(reverse("portal:inspections")).content.decode()
    assert portal_inspection_path(portal_inspection.pk) in listing
    assert portal_inspection_path(other_inspection_items["inspection"].pk) not in listing
    home = signed_in.get(reverse("portal:home")).content.decode()
    assert portal_inspection_path(portal_inspection.pk) in home
    repair = signed_in.get(
        reverse("portal:repair", args=[portal_inspection.work_order.number])
    ).content.decode()
    assert portal_inspection_path(portal_inspection.pk) in repair
    response = signed_in.get(portal_inspection_path(portal_inspection.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "All your inspections" in page and 'name="name"' not in page
    assert "csrfmiddlewaretoken" in page
    event = Event.objects.get(inspection=portal_inspection, kind=Event.Kind.OPENED)
    assert event.channel == "portal"


def test_signed_in_answers_are_recorded_as_the_person(
    signed_in, portal_user, portal_inspection, inspection_items
):
    path = portal_inspection_path(portal_inspection.pk)
    data = answers_for(inspection_items)
    del data["name"]
    response = signed_in.post(path + "answer/", data)
    assert response.status_code == 303
    version = InspectionVersion.objects.get(inspection=portal_inspection, number=1)
    assert version.answered_user == portal_user
    event = Event.objects.get(inspection=portal_inspection, kind=Event.Kind.ANSWERED)
    assert (event.channel, event.user) == ("portal", portal_user)
    assert "Thank you for your answers" in signed_in.get(path).content.decode()
