"""Requests per token are limited per minute: beyond the limit, 429 with Retry-After."""


def test_requests_beyond_the_token_limit_get_429_with_retry_after(api_for):
    api = api_for(["customers:read"], rate_limit=3)
    assert [api.get("/customers").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/customers")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_token_has_its_own_limit(api_for):
    first, second = api_for(["customers:read"], rate_limit=1), api_for(["customers:read"], rate_limit=1)
    assert first.get("/customers").status_code == 200
    assert first.get("/customers").status_code == 429
    assert second.get("/customers").status_code == 200


def test_the_default_limit_comes_from_the_settings(api_for, settings):
    settings.API_RATE_LIMIT = 2
    api = api_for(["customers:read"])
    assert [api.get("/customers").status_code for _ in range(3)] == [200, 200, 429]
