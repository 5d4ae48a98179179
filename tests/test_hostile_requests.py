"""No 500 from hostile requests: every URL pattern of the project, its path parameters filled with
hostile values, is sent GET and POST requests with malformed bodies and odd charsets, as an
anonymous visitor, a portal user and an administrator; every answer must be below 500."""

import logging
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.portal.accounts_fixtures import portal_user  # noqa: F401 (fixture)

# What a path parameter is filled with, by converter: a NUL byte, a very long value, unicode,
# a number too large for any column, zero; a negative number where the pattern lets one through.
HOSTILE = {
    "int": ["0", "9" * 30],
    "str": ["A%00B", "x" * 2100, "%C3%BC%E2%9C%93%F0%9D%84%9E", "-1"],
    "slug": ["a-b", "x" * 2100, "-1"],
    "path": ["A%00B/..", "x" * 2100, "%F0%9D%84%9E/-1"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
QUERIES = [
    "?q=%00&status=%00&next=%00",
    "?q=%F0%9D%84%9E&page=-1&since=0001-01-01&until=9999-12-31&week=0001-01-01&date=9999-12-31"
    "&day=0001-01-01&location=-1&customer=99999999999999999999&status=99999999999999999999&next=//x",
    "?page=99999999999999999999&since=9999-12-31&until=0001-01-01&week=9999-12-31&day=9999-12-31"
    "&q=" + "x" * 3000,
]
FORM = "application/x-www-form-urlencoded"
# (body, content type, extra headers): odd charsets, NUL bytes, a broken multipart body, an
# unreadable length.
POSTS = [
    ("number=1&postal_code=2&text=3".encode("utf-16"), f"{FORM}; charset=utf-16", {}),
    (b"number=%00&postal_code=%00&text=%00&q=%00&email=%00", f"{FORM}; charset=no-such-codec", {}),
    (b"number=%FF%FE&text=%00", FORM, {}),
    (
        b"number=%FF%FE&since=0001-01-01&until=9999-12-31&promised_date=9999-12-31&valid_until=0001-01-01"
        b"&page=-1&slots=9999-12-31T23:59:59&week=0001-01-01&status=99999999999999999999",
        FORM,
        {},
    ),
    (
        b'--x\r\nContent-Disposition: form-data; name="a\x00"\r\n\r\n\xff\r\n--',
        "multipart/form-data; boundary=x",
        {},
    ),
    (b"number=1", FORM, {"CONTENT_LENGTH": "twelve"}),
]


def routes(resolver=None, prefix=""):
    """Every URL of the project as a path with its parameters named: /staff/work-orders/<number>/."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if hasattr(entry.pattern, "converters") and entry.pattern.converters:
            route = pattern
        else:  # a regular expression (the admin's, the i18n view): named groups become <str:name>
            route = REGEX_GROUP.sub(lambda m: f"<str:{m.group(1)}>", pattern).lstrip("^").rstrip("$")
            route = re.sub(r"[\\?*+()\[\]|]", "", route)
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def filled(route):
    """The route with each parameter replaced by each of its hostile values in turn."""
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return [route]
    paths = []
    for index in range(max(len(HOSTILE.get(kind or "str", HOSTILE["str"])) for kind, _ in params)):
        path = route
        for kind, name in params:
            values = HOSTILE.get(kind or "str", HOSTILE["str"])
            path = path.replace(f"<{kind}:{name}>" if kind else f"<{name}>", values[index % len(values)])
        paths.append(path)
    return paths


@pytest.fixture
def clients(shop, location, owner, portal_user, customer, work_order):  # noqa: F811
    anonymous = Client()
    admin = Client()
    admin.force_login(owner)
    portal = Client()
    portal.force_login(portal_user, backend="fixloop.portal.accounts.PortalAuthenticationBackend")
    return {"anonymous": anonymous, "portal user": portal, "administrator": admin}


def test_no_url_answers_a_hostile_request_with_a_server_error(clients, statuses, monkeypatch):
    for name in ("django.request", "django.security"):  # thousands of 4xx warnings: not news here
        monkeypatch.setattr(logging.getLogger(name), "disabled", True)
    paths = sorted({"/" + path for route in routes() for path in filled(route)})
    assert len(paths) > 100  # the walk found the project's URLs
    failures = []
    for who, client in clients.items():
        client.raise_request_exception = False
        client.get("/track/")  # the CSRF cookie is set, as a browser has it
        for path in paths:
            answers = [("GET", client.get(path + query)) for query in QUERIES]
            for body, content_type, extra in POSTS:
                answer = client.generic("POST", path, body, content_type=content_type, **extra)
                answers.append((f"POST {content_type}", answer))
            failures += [
                f"{who}: {method} {path[:80]} -> {a.status_code}"
                for method, a in answers
                if a.status_code >= 500
            ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path",
    [
        "/staff/messages/?since=0001-01-01",
        "/staff/messages/?until=0001-01-01",
        "/staff/messages/?since=9999-12-31",
        "/staff/messages/?until=9999-12-31",
    ],
)
def test_a_date_filter_out_of_range_is_refused_not_a_server_error(admin_client, shop, path):
    """The shop is in Berlin: 0001-01-01 00:00 there is in year 0 in UTC."""
    admin_client.raise_request_exception = False
    response = admin_client.get(path)
    assert response.status_code == 200
    assert "Enter a valid date." in str(response.context["form"].errors)


@pytest.mark.parametrize("path", ["/staff/customers/?q=%00", "/track/?q=%00"])
def test_a_nul_byte_in_the_query_is_a_bad_request(admin_client, statuses, path):
    admin_client.raise_request_exception = False
    assert admin_client.get(path).status_code == 400


@pytest.mark.parametrize(
    "path", ["/staff/work-orders/A%00B/", "/staff/customers/A%00B/", "/portal/repairs/A%00/"]
)
def test_a_nul_byte_in_a_path_parameter_finds_nothing(admin_client, statuses, path):
    admin_client.raise_request_exception = False
    assert admin_client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/track/", "/staff/work-orders/2026-00001/comment/"])
def test_a_form_in_utf_16_or_with_an_unreadable_length_is_a_bad_request(admin_client, statuses, path):
    admin_client.raise_request_exception = False
    admin_client.get("/track/")  # the CSRF cookie is set
    body = "number=1&postal_code=2&text=3".encode("utf-16")
    utf_16 = admin_client.generic("POST", path, body, content_type=f"{FORM}; charset=utf-16")
    assert utf_16.status_code == 400
    odd_length = admin_client.generic("POST", path, b"number=1", content_type=FORM, CONTENT_LENGTH="twelve")
    assert odd_length.status_code == 400
