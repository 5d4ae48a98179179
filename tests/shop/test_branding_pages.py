"""Error pages, page titles, the browser's icon and the configuration area in the shop's branding
(DEBUG is off in tests, as in production)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory

from fixloop.shop.models import ShopProfile
from fixloop.shop.views import server_error
from tests.factories import UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def branded(db):
    ShopProfile.objects.update_or_create(pk=1, defaults={"name": "Repair Café", "brand_colour": "#7c3aed"})
    return ShopProfile.get()


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def assert_branded(response, status: int, heading: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert heading in page
    assert '<span class="brand">Repair Café</span>' in page
    assert title_of(response).endswith("· Repair Café")
    assert '/static/backoffice/fixloop.css"' in page or "/static/backoffice/fixloop." in page
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">:root {{ --brand: #7c3aed; }}</style>' in page
    assert re.search(r'<link rel="icon" href="/static/fixloop/favicon[.\w]*svg">', page)
    return page


def test_an_unknown_address_is_404_in_the_shops_branding(client, branded):
    page = assert_branded(client.get("/track/no/such/page/"), 404, "This page does not exist")
    assert 'href="/track/"' in page  # customers are sent to the look-up


def test_a_forbidden_staff_page_is_403_in_the_shops_branding(client, branded):
    client.force_login(UserFactory(username="nobody", is_staff=False))
    page = assert_branded(client.get("/staff/"), 403, "You cannot open this page")
    assert 'href="/staff/"' in page  # staff are sent to the back office


@pytest.mark.parametrize(("path", "back"), [("/track/fail/", "/track/"), ("/staff/fail/", "/staff/")])
def test_a_failing_view_is_500_in_the_shops_branding(settings, branded, path, back):
    settings.ROOT_URLCONF = "tests.shop.failing_urls"
    page = assert_branded(
        Client(raise_request_exception=False).get(path), 500, "Something went wrong on our side"
    )
    assert f'href="{back}"' in page
    assert "a bug" not in page


def test_the_500_page_renders_without_the_database_or_a_request_context():
    """No `db` mark: any query fails here, as it does when the database is what broke."""
    caches["local"].clear()
    response = server_error(RequestFactory().get("/track/t/abc/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert '<span class="brand">Fixloop</span>' in page
    assert "--brand" not in page  # the stylesheet's default colour
    assert 'href="/track/"' in page


def test_customer_pages_end_their_title_with_the_shops_name_staff_pages_with_the_product(
    client, branded, advisor
):
    assert title_of(client.get("/track/")).endswith("· Repair Café")
    assert title_of(client.get("/book/")).endswith("· Repair Café")
    assert title_of(client.get("/portal/account/login/")).endswith("· Repair Café")
    client.force_login(advisor)
    assert title_of(client.get("/staff/")).endswith("· Fixloop")


def test_pages_link_the_static_icon_and_favicon_ico_serves_it_too(client, branded):
    """Without a logo the icon is a static file (no request to Django, no database); browsers that
    ask for /favicon.ico unprompted get the same icon."""
    assert re.search(
        r'<link rel="icon" href="/static/fixloop/favicon[.\w]*svg">', client.get("/track/").content.decode()
    )
    assert finders.find("fixloop/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"".join(response.streaming_content).startswith(b"<svg")
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_the_shops_logo_is_the_icon_once_there_is_one(client, branded, media_root):
    branded.logo.save("logo.png", ContentFile(PNG))
    assert '<link rel="icon" href="/favicon.ico">' in client.get("/track/").content.decode()
    response = client.get("/favicon.ico")
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_a_logo_that_is_not_an_image_is_never_served(client, branded, media_root):
    branded.logo.save("logo.html", ContentFile(b"<script>alert(1)</script>"))
    response = client.get("/favicon.ico")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"script" not in b"".join(response.streaming_content)


def test_the_configuration_area_has_the_back_office_look(client, branded, owner):
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">:root {{ --brand: #7c3aed; }}</style>' in page
    assert "/static/backoffice/admin." in page
    assert '<a href="/staff/">Repair Café</a>' in page
    assert '<link rel="icon" href="/static/fixloop/favicon' in page
    assert title_of(response).endswith("· Configuration · Fixloop")
    assert finders.find("backoffice/admin.css")
