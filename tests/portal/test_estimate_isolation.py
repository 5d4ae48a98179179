"""Every estimate URL, tried with a link that is not valid, with another customer's estimate and
with a link of the wrong kind: 404, nothing shown, nothing changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fixloop.estimates import services
from fixloop.estimates.models import ApprovalLink, DisputeMessage, JobDecision
from fixloop.estimates.services import links
from fixloop.portal import urls as portal_urls
from fixloop.repairs.models import TimelineEntry
from tests.portal.estimate_helpers import add_job, decision_data, path_of

# name: (method, suffix after the link's path)
ESTIMATE_URLS = {
    "estimate": ("get", ""),
    "estimate_decide": ("post", "decide/"),
    "estimate_note": ("post", "note/"),
    "estimate_pdf": ("get", "estimate.pdf"),
}
# name: (method, suffix after /approvals/<token>/)
BATCH_URLS = {
    "approvals": ("post", ""),
    "approvals_estimate": ("get", "estimates/{pk}/"),
    "approvals_estimate_decide": ("post", "estimates/{pk}/decide/"),
    "approvals_estimate_note": ("post", "estimates/{pk}/note/"),
    "approvals_estimate_pdf": ("get", "estimates/{pk}/estimate.pdf"),
}
PER_ESTIMATE = {name: spec for name, spec in BATCH_URLS.items() if "{pk}" in spec[1]}


def test_every_estimate_url_is_covered_here():
    # The signed-in portal's estimate pages (under portal/) are tested in test_portal_estimates.py.
    names = {
        pattern.name for pattern in portal_urls.urlpatterns if not str(pattern.pattern).startswith("portal/")
    }
    estimate_names = {name for name in names if name.startswith(("estimate", "approvals"))}
    assert estimate_names == set(ESTIMATE_URLS) | set(BATCH_URLS)


def state() -> tuple:
    return (
        JobDecision.objects.count(),
        DisputeMessage.objects.count(),
        TimelineEntry.objects.count(),
        tuple(ApprovalLink.objects.order_by("pk").values_list("pk", "revoked_at")),
    )


def anything(estimate) -> dict:
    """A complete, valid decision (and a note): what a request would need to change something."""
    return {**decision_data(estimate), "text": "Please call me."}


def _spoil(link, how: str) -> None:
    if how == "revoked":
        ApprovalLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    elif how == "expired":
        ApprovalLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("name", sorted(ESTIMATE_URLS))
@pytest.mark.parametrize("how", ["revoked", "expired", "unknown"])
def test_a_per_estimate_link_that_is_not_valid_opens_nothing_and_changes_nothing(
    client, sent_estimate, estimate_link, staff_actor, name, how
):
    path = path_of(estimate_link)
    if how == "unknown":
        path = "/estimate/" + "Q" * 43 + "/"
    _spoil(estimate_link, how)
    method, suffix = ESTIMATE_URLS[name]
    before = state()
    response = getattr(client, method)(path + suffix, anything(sent_estimate))
    assert response.status_code == 404
    assert state() == before
    text = response.content.decode()
    assert "Replace the display" not in text
    assert sent_estimate.work_order.number not in text


@pytest.mark.parametrize("name", sorted(BATCH_URLS))
@pytest.mark.parametrize("how", ["revoked", "expired", "unknown"])
def test_a_batch_link_that_is_not_valid_opens_nothing_and_changes_nothing(
    client, sent_estimate, batch_link, staff_actor, name, how
):
    path = path_of(batch_link)
    if how == "unknown":
        path = "/approvals/" + "Q" * 43 + "/"
    _spoil(batch_link, how)
    method, suffix = BATCH_URLS[name]
    data = {**anything(sent_estimate), **batch_fields(sent_estimate)}
    before = state()
    response = getattr(client, method)(path + suffix.format(pk=sent_estimate.pk), data)
    assert response.status_code == 404
    assert state() == before
    assert sent_estimate.work_order.number not in response.content.decode()


def batch_fields(estimate) -> dict:
    version = estimate.current_version
    return {
        f"estimate_{estimate.pk}": "approved",
        f"version_{estimate.pk}": str(version.number),
        f"hash_{estimate.pk}": version.content_hash,
        "signed_name": "Mallory",
        "authorised": "on",
    }


@pytest.mark.parametrize("name", sorted(PER_ESTIMATE))
def test_a_batch_link_does_not_open_another_customers_estimate(
    client, sent_estimate, other_estimate, approvals_path, name
):
    method, suffix = PER_ESTIMATE[name]
    own = client.get(approvals_path + BATCH_URLS["approvals_estimate"][1].format(pk=sent_estimate.pk))
    assert own.status_code == 200  # the link works for the customer's own estimate
    before = state()
    response = getattr(client, method)(
        approvals_path + suffix.format(pk=other_estimate.pk), anything(other_estimate)
    )
    assert response.status_code == 404
    assert state() == before
    text = response.content.decode()
    assert "Replace the glass" not in text
    assert other_estimate.work_order.number not in text


@pytest.mark.parametrize("name", sorted(PER_ESTIMATE))
def test_a_link_for_one_estimate_does_not_open_another_by_its_id(
    client, sent_estimate, estimate_link, other_estimate, name
):
    token = links.token_of(estimate_link)
    method, suffix = PER_ESTIMATE[name]
    before = state()
    for pk in (other_estimate.pk, sent_estimate.pk):
        response = getattr(client, method)(
            f"/approvals/{token}/" + suffix.format(pk=pk), anything(other_estimate)
        )
        assert response.status_code == 404
    assert state() == before


def test_a_batch_link_does_not_decide_another_customers_estimate(
    client, sent_estimate, other_estimate, approvals_path
):
    before = state()
    response = client.post(approvals_path, batch_fields(other_estimate))
    assert response.status_code == 422
    assert "This estimate was not found." in response.content.decode()
    assert state() == before
    other_estimate.refresh_from_db()
    assert other_estimate.state == "awaiting"


def test_a_batch_link_does_not_list_a_draft_nor_open_it(client, work_order, staff_actor, approvals_path):
    draft = services.start_estimate(work_order, by=staff_actor)
    add_job(draft, staff_actor, work_order.location.vat_rates.first())
    assert client.get(f"{approvals_path}estimates/{draft.pk}/").status_code == 404


def test_a_per_estimate_link_to_a_draft_opens_nothing(client, work_order, staff_actor):
    draft = services.start_estimate(work_order, by=staff_actor)
    link = links.link_for_estimate(draft, by=staff_actor)
    assert client.get(path_of(link)).status_code == 404


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_an_impossible_id_is_a_404(client, sent_estimate, approvals_path, pk):
    assert client.get(f"{approvals_path}estimates/{pk}/").status_code == 404
