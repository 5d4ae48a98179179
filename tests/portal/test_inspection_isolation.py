"""Every inspection URL of the customer, tried with a link that is not valid (unknown, malformed,
revoked, expired), with another work order's link and another customer's inspection, signed in and
by link: 404, nothing shown, nothing changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fixloop.inspections.models import Answer, Event, InspectionLink, InspectionVersion, Media
from fixloop.inspections.services import items, links
from fixloop.portal.inspection_links import path_of
from fixloop.repairs.models import TimelineEntry

# name: (method, suffix after the link's path)
INSPECTION_URLS = {
    "inspection": ("get", ""),
    "inspection_answer": ("post", "answer/"),
    "inspection_media": ("get", "media/{media}/"),
    "inspection_thumbnail": ("get", "media/{media}/thumbnail/"),
}
# name: what the isolation test for that URL does (the signed-in portal's inspection pages)
SIGNED_IN_INSPECTION_URLS = {
    "inspections": "lists nothing of another customer",
    "inspection_detail": "another customer's inspection gives 404 and records no open",
    "inspection_detail_answer": "another customer's inspection gives 404 and records nothing",
    "inspection_detail_media": "another customer's inspection or photo gives 404",
    "inspection_detail_thumbnail": "another customer's inspection or photo gives 404",
}


def data_for(made: dict) -> dict:
    return {
        "version": "1",
        "name": "Mallory",
        **{f"item_{made[key].pk}": "repair" for key in ("scheduled", "necessary", "recommended", "wipers")},
    }


def everything(inspection) -> tuple:
    """The inspection's state, its versions' records, answers, customer photos, events, timeline."""
    inspection.refresh_from_db()
    return (
        inspection.state,
        list(
            InspectionVersion.objects.filter(inspection=inspection).values_list(
                "first_opened_at", "answered_at"
            )
        ),
        Answer.objects.filter(item__inspection=inspection).count(),
        Media.objects.filter(item__inspection=inspection).count(),
        Event.objects.filter(inspection=inspection).count(),
        TimelineEntry.objects.filter(work_order=inspection.work_order).count(),
    )


def call(client, method, path, data):
    return client.get(path) if method == "get" else client.post(path, data)


@pytest.mark.parametrize("name", sorted(INSPECTION_URLS))
@pytest.mark.parametrize("token_kind", ["unknown", "malformed", "revoked", "expired"])
def test_a_link_that_is_not_valid_opens_nothing_and_changes_nothing(
    client, inspection_items, inspection_path, staff_actor, name, token_kind
):
    made = inspection_items
    path = inspection_path
    if token_kind == "unknown":
        path = reverse("portal:inspection", kwargs={"token": "Q" * 43})
    elif token_kind == "malformed":
        path = reverse("portal:inspection", kwargs={"token": "short"})
    elif token_kind == "revoked":
        links.revoke_links(made["inspection"], by=staff_actor)
    else:
        InspectionLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    method, suffix = INSPECTION_URLS[name]
    before = everything(made["inspection"])
    response = call(client, method, path + suffix.format(media=made["photo"].pk), data_for(made))
    assert response.status_code == 404
    page = response.content.decode(errors="replace")
    assert "This link is not valid" in page
    assert "Front brake pads" not in page
    assert everything(made["inspection"]) == before


@pytest.mark.parametrize("name", sorted(INSPECTION_URLS))
def test_one_work_orders_link_never_acts_on_another_customers_inspection(
    client, inspection_items, inspection_path, other_inspection_items, name
):
    """The link shows and answers its own inspection only: the other's photos are 404, its items
    posted are refused, and it stays as it was."""
    other = other_inspection_items
    method, suffix = INSPECTION_URLS[name]
    before = everything(other["inspection"])
    data = {**data_for(inspection_items), **{f"item_{other['necessary'].pk}": "repair"}}
    response = call(client, method, inspection_path + suffix.format(media=other["photo"].pk), data)
    if name in ("inspection_media", "inspection_thumbnail"):
        assert response.status_code == 404
    if name == "inspection_answer":
        assert response.status_code == 422
    assert not response.streaming
    assert other["inspection"].work_order.number not in response.content.decode()
    assert everything(other["inspection"]) == before


def test_a_draft_inspections_link_opens_nothing(client, work_order, staff_actor, media_root):
    inspection = items.start(work_order, by=staff_actor)
    items.add_item(inspection, by=staff_actor, category="necessary", description="Not sent yet")
    response = client.get(path_of(links.link_for(inspection, by=staff_actor)))
    assert response.status_code == 404
    assert "Not sent yet" not in response.content.decode()


@pytest.mark.parametrize("name", sorted(SIGNED_IN_INSPECTION_URLS))
def test_signed_in_another_customers_inspection_gives_404_and_changes_nothing(
    portal_client, inspection_items, other_inspection_items, name
):
    own, other = inspection_items["inspection"], other_inspection_items["inspection"]
    if name == "inspections":
        page = portal_client.get(reverse("portal:inspections")).content.decode()
        assert other.work_order.number not in page
        assert own.work_order.number in page
        return
    before = everything(other)
    media = other_inspection_items["photo"].pk
    if name in ("inspection_detail_media", "inspection_detail_thumbnail"):
        # Another customer's inspection, and another customer's photo through the person's own one.
        for pk in (other.pk, own.pk):
            response = portal_client.get(reverse(f"portal:{name}", kwargs={"pk": pk, "media": media}))
            assert response.status_code == 404
    else:
        method = "post" if name.endswith("answer") else "get"
        path = reverse(f"portal:{name}", kwargs={"pk": other.pk})
        response = call(portal_client, method, path, data_for(other_inspection_items))
        assert response.status_code == 404
        assert other.work_order.number not in response.content.decode()
    assert everything(other) == before
