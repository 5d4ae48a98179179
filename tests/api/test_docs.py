"""The OpenAPI document and the interactive docs, served without any CDN."""

from fixloop.api.webhooks.events import EVENT_TYPES


def test_the_openapi_document_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/customers" in schema["paths"]


def test_the_openapi_document_describes_every_webhook_fixloop_sends(client, db):
    webhooks = client.get("/api/v1/openapi.json").json()["webhooks"]
    assert set(webhooks) == set(EVENT_TYPES)
    body = webhooks["invoice.authorised.v1"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "authorised_by" in str(body)


def test_the_docs_page_loads_its_scripts_from_our_static_files(client, db):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
