"""The OpenAPI schema generates without warnings; the docs page needs nothing from outside."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.core.management import call_command

from shequ.core.api.testing import api_client


def test_schema_generates_and_validates_without_warnings(tmp_path, db):
    target = tmp_path / "schema.yml"
    # --fail-on-warn raises on the first warning or error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/persons/{id}/unmask/" in text
    assert "operationId: persons_list" in text
    for secret in ("id_number_enc", "id_number_bidx", "phone_enc", "phone_bidx"):
        assert secret not in text


def test_schema_endpoint_serves_openapi_3(db):
    response = api_client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_docs_page_uses_only_local_assets(db):
    response = api_client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3  # Swagger UI css, bundle, preset
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    # no online validator badge (it would load an image from validator.swagger.io)
    assert '"validatorUrl": null' in html
