"""Bearer tokens: unknown, revoked and missing tokens are refused; scopes decide read and write."""

from fixloop.api.models import ApiToken
from fixloop.api.services import tokens
from fixloop.core.tokens import hash_token
from tests.api.conftest import ApiClient


def test_a_request_without_a_token_is_401_problem(shop, db):
    response = ApiClient("").get("/customers")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(shop, db):
    assert ApiClient("fxl_" + "x" * 43).get("/customers").status_code == 401


def test_a_revoked_token_is_refused_on_the_very_next_request(api, api_token, owner):
    assert api.get("/customers").status_code == 200
    tokens.revoke_token(api_token[0], by=owner)
    assert api.get("/customers").status_code == 401


def test_the_token_is_stored_only_as_its_hash(api_token):
    row, token = api_token
    stored = ApiToken.objects.get(pk=row.pk)
    assert stored.token_hash == hash_token(token)
    assert token not in str(list(ApiToken.objects.values()))


def test_a_read_scope_does_not_allow_writing(api_for):
    api = api_for(["customers:read"])
    assert api.get("/customers").status_code == 200
    response = api.post("/customers", {"name": "Read Only"})
    assert response.status_code == 403
    assert "customers:write" in response.json()["detail"]


def test_a_write_scope_alone_does_not_allow_reading(api_for):
    assert api_for(["customers:write"]).get("/customers").status_code == 403


def test_a_scope_of_another_group_allows_nothing_here(api_for):
    assert api_for(["work_orders:read", "work_orders:write"]).get("/customers").status_code == 403


def test_last_use_and_address_are_recorded(api, api_token):
    api.get("/customers")
    row = ApiToken.objects.get(pk=api_token[0].pk)
    assert row.last_used_at is not None
    assert row.last_used_ip == "203.0.113.5"
