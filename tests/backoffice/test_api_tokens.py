"""The back office's API tokens page: administrators create tokens (shown once) and revoke them."""

from fixloop.api.models import ApiToken
from fixloop.core.tokens import hash_token

URL = "/staff/integrations/tokens/"


def create(client, **fields):
    data = {"name": "Dealer system", "scopes": ["work_orders:read", "work_orders:write"], **fields}
    return client.post(URL, data)


def test_an_administrator_creates_a_token_that_is_shown_once_and_stored_hashed(admin_client, shop):
    response = create(admin_client)
    assert response.status_code == 200
    row = ApiToken.objects.get()
    token = response.context["new_token"]
    assert token.startswith("fxl_") and token in response.content.decode()
    assert row.token_hash == hash_token(token)
    assert row.scopes == ["work_orders:read", "work_orders:write"]
    assert token not in admin_client.get(URL).content.decode()


def test_a_token_without_a_name_or_scope_is_refused_with_field_messages(admin_client, shop):
    response = create(admin_client, name="", scopes=[])
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"name", "scopes"}
    assert not ApiToken.objects.exists()


def test_an_administrator_revokes_a_token(admin_client, shop):
    create(admin_client)
    row = ApiToken.objects.get()
    admin_client.post(f"{URL}{row.pk}/revoke/")
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_the_list_shows_last_use_and_address(admin_client, shop):
    create(admin_client)
    ApiToken.objects.update(last_used_ip="203.0.113.9")
    row = ApiToken.objects.get()
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=row.created_at)
    assert "203.0.113.9" in admin_client.get(URL).content.decode()


def test_a_service_advisor_may_not_see_or_create_tokens(advisor_client, shop):
    assert advisor_client.get(URL).status_code == 403
    assert create(advisor_client).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_service_advisor_may_not_revoke_a_token(advisor_client, admin_client, shop):
    create(admin_client)
    row = ApiToken.objects.get()
    assert advisor_client.post(f"{URL}{row.pk}/revoke/").status_code == 403
    row.refresh_from_db()
    assert row.revoked_at is None
