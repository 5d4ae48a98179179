"""The shop's logo at the top of every kind of customer page (the shared header partial,
templates/_shop_brand.html), with the shop's name as its alt text; pages without a logo show the name
alone; embedded pages have no header at all (the host page has its own)."""

import re
from urllib.parse import urlsplit

import pytest

from fixloop.customers.services import portal_access
from fixloop.portal.links import unsubscribe_url
from tests.shop.logo_files import give_the_shop_a_logo


@pytest.fixture
def customer_pages(case_path, estimate_path, approvals_path, invoice_link_path, customer, staff_actor):
    """(path, status) of a page of every kind a customer opens without signing in."""
    invitation = portal_access.invite(customer, "clara@example.net", by=staff_actor)
    return [
        ("/track/", 200),  # the look-up
        (case_path, 200),  # track & trace
        (estimate_path, 200),  # an estimate's approval
        (approvals_path, 200),  # the batch approval
        (invoice_link_path, 200),  # an invoice's authorisation
        ("/book/", 200),  # the public booking form
        (f"/portal/invitation/{invitation}/", 200),
        ("/portal/account/login/", 200),
        ("/portal/account/password/reset/", 200),
        (urlsplit(unsubscribe_url(customer.pk, "status_report")).path, 200),
        ("/track/no/such/page/", 404),  # the error pages
    ]


@pytest.fixture
def signed_in_pages(sent_estimate, submitted_invoice):
    return [
        ("/portal/", 200),
        ("/portal/repairs/", 200),
        (f"/portal/estimates/{sent_estimate.pk}/", 200),  # an estimate in the portal's frame
        (f"/portal/invoices/{submitted_invoice.pk}/", 200),
        ("/portal/bookings/", 200),
        ("/portal/details/", 200),
    ]


def brand_of(response) -> str:
    match = re.search(r'<span class="brand">.*?</span>(?:</span>)?', response.content.decode(), re.S)
    assert match, response.request["PATH_INFO"]
    return match.group(0)


def test_every_kind_of_customer_page_shows_the_logo(
    shop, client, media_root, customer_pages, signed_in_pages, portal_user
):
    shop = give_the_shop_a_logo(name="Repair Café & Co", brand_colour="#7c3aed")
    logo = (
        f'<img class="brand-logo" src="/logo/?v={shop.logo_version}" alt="Repair Café &amp; Co" '
        f'width="240" height="80">'
    )
    for path, status in customer_pages:
        response = client.get(path)
        assert response.status_code == status, path
        assert brand_of(response) == (
            f'<span class="brand">{logo}<span class="brand-name" aria-hidden="true">Repair Café &amp; Co</span></span>'
        ), path
    client.force_login(portal_user, backend="fixloop.portal.accounts.PortalAuthenticationBackend")
    for path, status in signed_in_pages:
        response = client.get(path)
        assert response.status_code == status, path
        assert logo in brand_of(response), path
    assert client.get(f"/logo/?v={shop.logo_version}").status_code == 200


def test_without_a_logo_the_pages_show_the_name_alone(client, shop, customer_pages):
    shop.name = "Repair Café"
    shop.save()
    for path, status in customer_pages:
        response = client.get(path)
        assert response.status_code == status, path
        assert brand_of(response) == '<span class="brand">Repair Café</span>', path
        assert "/logo/" not in response.content.decode(), path


def test_embedded_pages_have_no_header_and_no_logo(client, media_root, case_path):
    give_the_shop_a_logo()
    for path in [f"/embed{case_path}", "/embed/track/", "/embed/book/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "customer-top" not in page, path
        assert "/logo/" not in page, path


def test_the_500_page_shows_the_logo_when_the_profile_can_be_read(db, media_root):
    from django.test import RequestFactory

    from fixloop.shop.views import server_error

    shop = give_the_shop_a_logo()
    page = server_error(RequestFactory().get("/track/t/abc/")).content.decode()
    assert f'src="/logo/?v={shop.logo_version}"' in page


@pytest.mark.parametrize(
    ("colour", "on_brand", "ink"),
    [("#7c3aed", None, None), ("#ffd400", "#1d2327", "#856e00"), ("#00a0ff", "#1d2327", "#0076bd")],
)
def test_a_light_brand_colour_gets_dark_text_on_it_and_darker_links(client, shop, colour, on_brand, ink):
    shop.brand_colour = colour
    shop.save()
    style = re.search(r"<style nonce=\"[^\"]+\">(.*?)</style>", client.get("/track/").content.decode()).group(
        1
    )
    expected = f":root {{ --brand: {colour};"
    expected += f" --on-brand: {on_brand};" if on_brand else ""
    expected += f" --brand-ink: {ink};" if ink else ""
    assert style == expected + " }"
