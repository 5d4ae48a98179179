"""Cursor pagination: every object once, in a stable order; updated_since; bounded limit."""

from datetime import timedelta

from django.utils import timezone

from fixloop.customers.models import CustomerAccount
from tests.factories import CustomerAccountFactory


def every_page(api, path, **params):
    seen, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = api.get(path, query).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen


def test_pages_list_every_object_once_in_order_of_change(api):
    customers = [CustomerAccountFactory() for _ in range(7)]
    assert every_page(api, "/customers", limit=3) == [customer.pk for customer in customers]


def test_an_object_changed_between_pages_moves_to_the_end(api):
    customers = [CustomerAccountFactory() for _ in range(4)]
    first = api.get("/customers", {"limit": 2}).json()
    customers[0].name = "Changed"
    customers[0].save()
    second = api.get("/customers", {"limit": 10, "cursor": first["next_cursor"]}).json()
    assert [item["id"] for item in second["items"]] == [customers[2].pk, customers[3].pk, customers[0].pk]


def test_updated_since_lists_only_objects_changed_since(api):
    old = CustomerAccountFactory()
    CustomerAccount.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    new = CustomerAccountFactory()
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert [item["id"] for item in api.get("/customers", {"updated_since": since}).json()["items"]] == [
        new.pk
    ]


def test_updated_since_without_a_time_zone_is_refused_naming_the_field(api):
    response = api.get("/customers", {"updated_since": "2026-12-01T10:00:00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "updated_since"


def test_a_limit_above_the_maximum_is_refused(api):
    response = api.get("/customers", {"limit": 201})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_a_made_up_cursor_is_refused_naming_the_field(api):
    response = api.get("/customers", {"cursor": "bm90IGEgY3Vyc29y"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_updated_since_with_an_offset_postgresql_cannot_read_is_answered(api):
    response = api.get("/customers", {"updated_since": "2026-05-17T17:09:19+21:14"})
    assert response.status_code == 200


def test_a_cursor_with_a_time_far_outside_any_zone_is_refused_not_a_server_error(api):
    import base64

    cursor = base64.urlsafe_b64encode(b'["0001-01-01T00:00:00+23:59",1]').decode().rstrip("=")
    assert api.get("/customers", {"cursor": cursor}).status_code == 422
