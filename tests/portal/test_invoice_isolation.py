"""Every invoice URL of the customer, tried with a link that is not valid (unknown, revoked,
expired), with another customer's invoice and another work order's link, signed in and by link:
404, nothing shown, nothing changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fixloop.invoicing.models import Authorisation, AuthorisationLink, DisputeMessage
from fixloop.invoicing.services import links
from fixloop.repairs.models import TimelineEntry

# name: (method, suffix after the link's path)
INVOICE_URLS = {
    "invoice": ("get", ""),
    "invoice_authorise": ("post", "authorise/"),
    "invoice_dispute": ("post", "dispute/"),
    "invoice_pdf": ("get", "invoice.pdf"),
}
# name: what the isolation test for that URL does (the signed-in portal's invoice pages)
SIGNED_IN_INVOICE_URLS = {
    "invoices": "lists nothing of another customer",
    "invoice_detail": "another customer's invoice gives 404",
    "invoice_detail_authorise": "another customer's invoice gives 404 and records nothing",
    "invoice_detail_dispute": "another customer's invoice gives 404 and records nothing",
    "invoice_detail_pdf": "another customer's invoice gives 404",
}


def data_for(invoice) -> dict:
    line = invoice.lines.first()
    return {
        "revision": str(invoice.revision),
        "signed_name": "Mallory",
        "authorised": "on",
        "line": str(line.pk),
        "note": "Not mine.",
    }


def everything(invoice) -> tuple:
    """The invoice's state and number, its authorisations, dispute notes and timeline entries."""
    invoice.refresh_from_db()
    return (
        invoice.state,
        invoice.number,
        Authorisation.objects.filter(invoice=invoice).count(),
        DisputeMessage.objects.filter(invoice=invoice).count(),
        TimelineEntry.objects.filter(work_order=invoice.work_order).count(),
    )


def call(client, method, path, data):
    return client.get(path) if method == "get" else client.post(path, data)


@pytest.mark.parametrize("name", sorted(INVOICE_URLS))
@pytest.mark.parametrize("token_kind", ["unknown", "revoked", "expired", "malformed"])
def test_a_link_that_is_not_valid_opens_nothing_and_changes_nothing(
    client, submitted_invoice, invoice_link_path, staff_actor, name, token_kind
):
    path = invoice_link_path
    if token_kind == "unknown":
        path = reverse("portal:invoice", kwargs={"token": "Q" * 43})
    elif token_kind == "malformed":
        path = reverse("portal:invoice", kwargs={"token": "short"})
    elif token_kind == "revoked":
        links.revoke_links(submitted_invoice, by=staff_actor)
    else:
        AuthorisationLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    method, suffix = INVOICE_URLS[name]
    before = everything(submitted_invoice)
    response = call(client, method, path + suffix, data_for(submitted_invoice))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert everything(submitted_invoice) == before


@pytest.mark.parametrize("name", sorted(INVOICE_URLS))
def test_one_work_orders_link_never_acts_on_another_customers_invoice(
    client, submitted_invoice, invoice_link_path, other_submitted_invoice, name
):
    """The link shows and answers its own invoice only; the other customer's invoice stays as it was,
    whatever its id or lines are posted."""
    method, suffix = INVOICE_URLS[name]
    before = everything(other_submitted_invoice)
    response = call(client, method, invoice_link_path + suffix, data_for(other_submitted_invoice))
    assert other_submitted_invoice.work_order.number not in response.content.decode(errors="replace")
    assert everything(other_submitted_invoice) == before


def test_a_link_of_a_cancelled_invoice_opens_nothing(
    client, submitted_invoice, invoice_link_path, staff_actor
):
    from fixloop.invoicing import services

    services.revise(submitted_invoice, by=staff_actor)
    services.cancel(submitted_invoice, by=staff_actor)
    assert client.get(invoice_link_path).status_code == 404


def test_a_link_whose_expiry_staff_moved_later_works_again(
    client, submitted_invoice, invoice_link_path, staff_actor
):
    links.set_expiry(submitted_invoice, timezone.now() + timedelta(days=90), by=staff_actor)
    assert client.get(invoice_link_path).status_code == 200


@pytest.mark.parametrize("name", sorted(SIGNED_IN_INVOICE_URLS))
def test_signed_in_another_customers_invoice_gives_404_and_changes_nothing(
    portal_client, submitted_invoice, other_submitted_invoice, name
):
    if name == "invoices":
        page = portal_client.get(reverse("portal:invoices")).content.decode()
        assert other_submitted_invoice.work_order.number not in page
        assert submitted_invoice.work_order.number in page
        return
    path = reverse(f"portal:{name}", args=[other_submitted_invoice.pk])
    method = "post" if name.endswith(("authorise", "dispute")) else "get"
    before = everything(other_submitted_invoice)
    response = call(portal_client, method, path, data_for(other_submitted_invoice))
    assert response.status_code == 404
    assert everything(other_submitted_invoice) == before
