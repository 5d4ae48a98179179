"""Every page carries a Content-Security-Policy that allows scripts only from our own files and
styles only from our files plus the brand colour's nonce'd <style> (e-mail previews excepted)."""

import re

import pytest

HEADER = "Content-Security-Policy"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in response[HEADER].split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_strict_policy(response):
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not EVENT_ATTRIBUTE.search(html), EVENT_ATTRIBUTE.search(html).group(0)
    nonce = re.search(r"'nonce-([^']+)'", policy["style-src"]).group(1)
    assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
    styles = re.findall(r"<style([^>]*)>", html)
    assert styles and all(f'nonce="{nonce}"' in attributes for attributes in styles)
    assert ' style="' not in html
    return policy


def test_a_staff_page_has_the_strict_policy(client, advisor, work_order, link):
    client.force_login(advisor)  # the work order shows its tracking link, with the copy button
    policy = assert_strict_policy(client.get(f"/staff/work-orders/{work_order.number}/"))
    assert policy["frame-ancestors"] == "'none'"


def test_the_staff_sign_in_page_has_the_strict_policy(client, db):
    assert_strict_policy(client.get("/staff/sign-in/"))


def test_a_customer_case_page_has_the_strict_policy_also_when_served_from_the_cache(client, case_path):
    first = assert_strict_policy(client.get(case_path))
    again = assert_strict_policy(client.get(case_path))  # from the page cache: its own nonce still named
    assert first["script-src"] == again["script-src"]


def test_the_customer_look_up_and_the_portal_sign_in_have_the_strict_policy(client, db):
    assert_strict_policy(client.get("/track/"))
    assert_strict_policy(client.get("/portal/account/login/"))


def test_an_embedded_page_has_the_strict_policy_and_its_frame_ancestors(client, case_path, settings):
    settings.TRACKING_EMBED_ORIGINS = ["https://www.werkstatt-mueller.example"]
    policy = assert_strict_policy(client.get(f"/embed{case_path}"))
    assert policy["frame-ancestors"] == "https://www.werkstatt-mueller.example"
    assert_strict_policy(client.get("/embed/track/"))


def test_each_request_gets_a_new_nonce(client, db):
    first, second = directives(client.get("/track/")), directives(client.get("/track/"))
    assert first["style-src"] != second["style-src"]


@pytest.mark.parametrize("path", ["/staff/templates/workorder.closed/email/de/"])
def test_pages_showing_e_mails_allow_inline_styles_but_never_inline_scripts(client, owner, path):
    client.force_login(owner)
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
