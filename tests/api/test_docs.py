"""The OpenAPI document and the interactive docs, served without any CDN."""


def test_the_openapi_document_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/customers" in schema["paths"]


def test_the_docs_page_loads_its_scripts_from_our_static_files(client, db):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
