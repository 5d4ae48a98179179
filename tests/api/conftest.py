"""Fixtures of the API tests: integration tokens with chosen scopes and a client that sends them."""

import json

import pytest
from django.test import Client

from fixloop.api.models import ALL_SCOPES
from fixloop.api.services import tokens

API = "/api/v1"


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, token: str):
        self.token = token
        self.client = Client(REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="DealerSystem/2.1")

    def headers(self, extra):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def get(self, path, params=None, headers=None):
        return self.client.get(API + path, params or {}, headers=self.headers(headers))

    def send(self, method, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.generic(
            method, API + path, data, content_type="application/json", headers=self.headers(headers)
        )

    def post(self, path, body=None, **kwargs):
        return self.send("POST", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.send("PATCH", path, body, **kwargs)

    def upload(self, path, data, headers=None):
        return self.client.post(API + path, data, headers=self.headers(headers))


@pytest.fixture
def make_token(owner):
    """make_token(scopes=[...], name=..., rate_limit=...) → (row, token)."""

    def make(scopes=ALL_SCOPES, name="Dealer system", rate_limit=None):
        return tokens.create_token(name=name, scopes=list(scopes), by=owner, rate_limit=rate_limit)

    return make


@pytest.fixture
def api_token(make_token):
    return make_token()


@pytest.fixture
def api(api_token, shop):
    """A client with a token holding every scope."""
    return ApiClient(api_token[1])


@pytest.fixture
def api_for(make_token, shop):
    """api_for(scopes) → a client whose token holds only those scopes."""

    def make(scopes, **kwargs):
        return ApiClient(make_token(scopes, **kwargs)[1])

    return make
