"""Headers and limits that hold for every answer, API or not."""

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/api/auth/session/", "/api/docs/", "/admin/login/"])
def test_every_page_has_a_strict_content_security_policy(db, path):
    response = Client().get(path)

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_api_docs_load_everything_from_this_server(db):
    page = Client().get("/api/docs/").content.decode()

    assert "<script>" not in page and "<style>" not in page
    bundle = "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    assert bundle in page
    assert Client().get(bundle).status_code == 200
    assert Client().get("/api/docs/?script=").status_code == 200


def test_the_schema_is_published(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/missed-calls/" in response.json()["paths"]


def test_a_body_without_a_valid_length_is_a_400_not_a_500(api):
    response = api.generic(
        "POST", "/api/missed-calls/", "{}", content_type="application/json", CONTENT_LENGTH="x"
    )

    assert response.status_code == 400


def test_malformed_json_is_a_400(api):
    response = api.post("/api/missed-calls/", "{not json", content_type="application/json")

    assert response.status_code == 400
