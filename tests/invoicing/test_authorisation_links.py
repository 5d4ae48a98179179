"""The customer's authorisation link on the staff side: made when the invoice is submitted, shown on
the invoice card while the invoice waits or is disputed, its expiry changed (bad dates refused with
a field message, nothing changed) or revoked, each on the timeline; technicians may do neither."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fixloop.core import tokens
from fixloop.invoicing.models import AuthorisationLink
from fixloop.invoicing.services import links
from fixloop.portal import invoice_links
from fixloop.repairs.models import TimelineEntry

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def act(client, invoice, path, data=None):
    return client.post(f"/staff/invoices/{invoice.pk}/{path}", data or {}, headers=HTMX)


def link_entries(invoice) -> list[str]:
    return [
        entry.data["event"]
        for entry in TimelineEntry.objects.filter(
            work_order=invoice.work_order, kind=TimelineEntry.Kind.INVOICE
        )
        if entry.data["event"].startswith("invoice_link")
    ]


def test_submitting_makes_one_link_stored_only_as_a_hash(submitted):
    link = AuthorisationLink.objects.get()
    token = links.token_of(link)
    assert len(token) == 43 and token not in (link.nonce, link.token_hash)
    assert link.token_hash == tokens.hash_token(token)
    assert links.find_link(token) == link


def test_resubmitting_keeps_the_running_link(submitted, staff_actor):
    from fixloop.invoicing import services

    services.revise(submitted, by=staff_actor)
    services.submit(submitted, by=staff_actor)
    assert AuthorisationLink.objects.count() == 1


def test_the_invoice_card_shows_the_customers_link(advisor_client, submitted):
    page = advisor_client.get(
        f"/staff/work-orders/{submitted.work_order.number}/?tab=invoice"
    ).content.decode()
    assert invoice_links.url_of(AuthorisationLink.objects.get()) in page
    assert f'id="invoice-{submitted.pk}-link-revoke"' in page


def test_staff_move_the_expiry_to_the_end_of_a_chosen_day(advisor_client, submitted):
    day = (timezone.now() + timedelta(days=60)).date()
    response = act(advisor_client, submitted, "link/expiry/", {"valid_until": day.isoformat()})
    assert response.status_code == 200
    link = AuthorisationLink.objects.get()
    local = timezone.localtime(link.expires_at, submitted.location.zone)
    assert (local.date(), local.hour, local.minute) == (day, 23, 59)
    assert link_entries(submitted) == ["invoice_link_expiry"]


@pytest.mark.parametrize("value", ["", "yesterday", "2001-01-01", "2999-01-01"])
def test_a_bad_expiry_is_a_field_error_and_changes_nothing(advisor_client, submitted, value):
    before = AuthorisationLink.objects.get().expires_at
    response = act(advisor_client, submitted, "link/expiry/", {"valid_until": value})
    assert response.status_code == 422
    assert 'class="error"' in response.content.decode() or "errorlist" in response.content.decode()
    assert AuthorisationLink.objects.get().expires_at == before
    assert link_entries(submitted) == []


def test_staff_revoke_the_link_and_it_opens_nothing(advisor_client, client, submitted):
    token = links.token_of(AuthorisationLink.objects.get())
    response = act(advisor_client, submitted, "link/revoke/")
    assert response.status_code == 200
    assert "no working link" in response.content.decode()
    assert links.find_link(token) is None
    assert client.get(f"/invoice/{token}/").status_code == 404
    assert TimelineEntry.objects.filter(data__event="invoice_links_revoked").count() == 1


def test_technicians_may_not_change_or_revoke_a_link(technician_client, submitted):
    before = list(AuthorisationLink.objects.values_list("expires_at", "revoked_at"))
    day = (timezone.now() + timedelta(days=60)).date().isoformat()
    assert act(technician_client, submitted, "link/expiry/", {"valid_until": day}).status_code == 403
    assert act(technician_client, submitted, "link/revoke/").status_code == 403
    assert list(AuthorisationLink.objects.values_list("expires_at", "revoked_at")) == before
