"""Every customer-facing URL, tried with someone else's object or a link that is not valid: 404, and
nothing changes."""

import pytest

from fixloop.portal import urls as portal_urls
from fixloop.portal.links import tracking_link_path
from fixloop.repairs import services
from fixloop.repairs.models import CustomerNote, TimelineEntry
from tests.bookings.web.test_isolation import PUBLIC_BOOKING_URLS
from tests.messaging.test_unsubscribe import UNSUBSCRIBE_URLS
from tests.portal.conftest import attach
from tests.portal.test_estimate_isolation import BATCH_URLS, ESTIMATE_URLS
from tests.portal.test_inspection_isolation import INSPECTION_URLS, SIGNED_IN_INSPECTION_URLS
from tests.portal.test_invoice_isolation import INVOICE_URLS, SIGNED_IN_INVOICE_URLS
from tests.portal.test_portal_isolation import SIGNED_IN_URLS

TOKEN_URLS = {
    # name: (method, suffix after the case path, data)
    "case": ("get", "", None),
    "case_status": ("get", "status/", None),
    "case_file": ("get", "files/{file}/", None),
    "case_contact": ("post", "contact/", {"email": "mallory@example.net"}),
    "case_question": ("post", "question/", {"text": "Where is it?"}),
}


def test_every_customer_url_is_covered_here():
    names = {pattern.name for pattern in portal_urls.urlpatterns}
    expected = (
        {"lookup", "embed_lookup"}
        | set(TOKEN_URLS)
        | {f"embed_{name}" for name in TOKEN_URLS}
        | set(ESTIMATE_URLS)
        | set(BATCH_URLS)
        | set(SIGNED_IN_URLS)
        | set(INVOICE_URLS)
        | set(SIGNED_IN_INVOICE_URLS)
        | set(INSPECTION_URLS)
        | set(SIGNED_IN_INSPECTION_URLS)
        | set(PUBLIC_BOOKING_URLS)
        | set(UNSUBSCRIBE_URLS)
    )
    assert names == expected


@pytest.fixture
def others_file(media_root, other_work_order, other_case_path, staff_actor):
    return attach(other_work_order, "bernds-photo.png", public=True, by=staff_actor)


def state(customer) -> tuple:
    customer.refresh_from_db()
    return (customer.email, TimelineEntry.objects.count(), CustomerNote.objects.count())


@pytest.mark.parametrize("embed", [False, True])
def test_a_link_does_not_open_another_customers_file(client, case_path, others_file, other_case_path, embed):
    prefix = "/embed" if embed else ""
    assert client.get(f"{prefix}{other_case_path}files/{others_file.pk}/").status_code == 200
    assert client.get(f"{prefix}{case_path}files/{others_file.pk}/").status_code == 404


@pytest.mark.parametrize("embed", [False, True])
@pytest.mark.parametrize("name", sorted(TOKEN_URLS))
@pytest.mark.parametrize("token_kind", ["revoked", "unknown", "other customer's revoked"])
def test_a_link_that_is_not_valid_opens_nothing_and_changes_nothing(
    client, customer, media_root, work_order, link, other_work_order, staff_actor, embed, name, token_kind
):
    own_file = attach(work_order, "photo.png", public=True, by=staff_actor)
    if token_kind == "revoked":
        path = tracking_link_path(link)
        services.revoke_link(work_order, by=staff_actor)
    elif token_kind == "unknown":
        path = "/track/t/" + "Q" * 43 + "/"
    else:
        other = services.issue_link(other_work_order, by=staff_actor)
        path = tracking_link_path(other)
        services.revoke_link(other_work_order, by=staff_actor)
    if embed:
        path = f"/embed{path}"
    method, suffix, data = TOKEN_URLS[name]
    before = state(customer)
    response = getattr(client, method)(path + suffix.format(file=own_file.pk), data or {})
    assert response.status_code == 404
    assert state(customer) == before
    assert b"photo.png" not in response.content
