"""Embedding: /embed/track/… may be framed by the origins in TRACKING_EMBED_ORIGINS, and nothing else
may be framed at all."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from fixloop import config

SHOP_SITE = "https://www.werkstatt-mueller.example"


@pytest.fixture
def embed_origins(settings):
    settings.TRACKING_EMBED_ORIGINS = [SHOP_SITE, "https://shop.example.com:8443"]
    return settings.TRACKING_EMBED_ORIGINS


def test_the_embedded_look_up_may_be_framed_by_the_listed_origins(client, db, embed_origins):
    response = client.get("/embed/track/")
    assert response.status_code == 200
    assert (
        response["Content-Security-Policy"].split("; ")[-1]
        == f"frame-ancestors {SHOP_SITE} https://shop.example.com:8443"
    )
    assert "X-Frame-Options" not in response


def test_the_embedded_case_page_may_be_framed_by_the_listed_origins(client, case_path, embed_origins):
    response = client.get(f"/embed{case_path}")
    assert response.status_code == 200
    assert (
        response["Content-Security-Policy"].split("; ")[-1]
        == f"frame-ancestors {SHOP_SITE} https://shop.example.com:8443"
    )
    assert "X-Frame-Options" not in response


def test_without_listed_origins_nobody_may_frame_the_embed(client, db, settings):
    settings.TRACKING_EMBED_ORIGINS = []
    response = client.get("/embed/track/")
    assert response["Content-Security-Policy"].split("; ")[-1] == "frame-ancestors 'none'"


@pytest.mark.parametrize(
    "path", ["/track/", "{case}", "{case}status/", "/staff/sign-in/", "/admin/login/", "/no-such-page/"]
)
def test_every_other_page_refuses_framing(client, case_path, embed_origins, path):
    response = client.get(path.format(case=case_path))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"].split("; ")[-1] == "frame-ancestors 'none'"


def test_the_staff_work_order_page_refuses_framing(client, advisor, work_order, embed_origins):
    client.force_login(advisor)
    response = client.get(f"/staff/work-orders/{work_order.number}/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"].split("; ")[-1] == "frame-ancestors 'none'"


def test_the_embedded_pages_have_no_site_chrome(client, shop, case_path, embed_origins):
    for path in ("/embed/track/", f"/embed{case_path}"):
        text = client.get(path).content.decode()
        assert "customer-top" not in text
        assert "embedded" in text
    assert "customer-top" in client.get("/track/").content.decode()


def test_the_embedded_look_up_stays_in_the_embed(client, work_order, case_path, embed_origins):
    response = client.post("/embed/track/", {"number": work_order.number, "postal_code": "10115"})
    assert response.status_code == 303
    assert response["Location"] == f"/embed{case_path}"
    text = client.get(response["Location"]).content.decode()
    assert f'action="/embed{case_path}contact/"' in text
    assert f'hx-get="/embed{case_path}status/"' in text


def test_the_embedded_forms_work_without_a_csrf_cookie(customer_client, customer, case_path, embed_origins):
    """In an iframe on another site the CSRF cookie is a third-party cookie that browsers don't send;
    the token in the URL is what protects these forms."""
    customer_client.handler.enforce_csrf_checks = True
    response = customer_client.post(f"/embed{case_path}question/", {"text": "Is it ready?"})
    assert response.status_code == 303
    assert response["Location"].startswith(f"/embed{case_path}")


# ----------------------------------------------------------------------------- the setting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        ("https://www.example.com", ["https://www.example.com"]),
        (
            " https://WWW.Example.com/ , https://shop.example.org:8443",
            ["https://www.example.com", "https://shop.example.org:8443"],
        ),
        ("https://a.example,https://a.example", ["https://a.example"]),
    ],
)
def test_embed_origins_are_parsed(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("TRACKING_EMBED_ORIGINS", raising=False)
    else:
        monkeypatch.setenv("TRACKING_EMBED_ORIGINS", value)
    assert config.env_origins("TRACKING_EMBED_ORIGINS") == expected


@pytest.mark.parametrize(
    "value",
    [
        "http://www.example.com",
        "www.example.com",
        "https://*.example.com",
        "https://www.example.com/track",
        "https://www.example.com?x=1",
        "https://user@www.example.com",
        "https://www.example.com:99999",
        "https://www.example.com; script-src *",
        "https://www.example.com 'unsafe-inline'",
        "'self'",
        "*",
        "https://a.example,,https://b.example",
        "https://exa_mple.com",
    ],
)
def test_anything_but_an_https_origin_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("TRACKING_EMBED_ORIGINS", value)
    with pytest.raises(ImproperlyConfigured, match="TRACKING_EMBED_ORIGINS"):
        config.env_origins("TRACKING_EMBED_ORIGINS")
