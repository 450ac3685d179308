"""The OpenAPI description: valid OpenAPI 3, every endpoint in it with its errors, and its readers local."""

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from api import urls as api_urls


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    generated: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return generated


def _v1_routes() -> set[str]:
    [v1] = [pattern for pattern in api_urls.urlpatterns if isinstance(pattern, URLResolver)]
    routes = set()
    for pattern in v1.url_patterns:
        assert isinstance(pattern, URLPattern)
        # drf-spectacular names a `pk` parameter `id`, as the objects' own field.
        route = re.sub(r"<int:(\w+)>", r"{\1}", str(pattern.pattern)).replace("{pk}", "{id}")
        routes.add("/api/v1/" + route)
    return routes


def test_it_is_a_valid_openapi_3_document(schema: dict[str, Any]) -> None:
    validate_schema(schema)  # type: ignore[no-untyped-call]
    assert schema["openapi"].startswith("3.")


def test_it_lists_every_endpoint_of_the_api(schema: dict[str, Any]) -> None:
    assert set(schema["paths"]) == _v1_routes()


def test_it_documents_the_errors_and_the_token_of_every_operation(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "429"} <= codes, f"{method} {path}"
            assert any(code.startswith("2") for code in codes), f"{method} {path}"
            assert operation["security"] == [{"personalToken": []}], f"{method} {path}"
            problem = operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"]
            assert problem.endswith("/Problem")


def test_it_describes_the_published_results_as_commands_md_does(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert set(components["ScoresDocument"]["properties"]) == {
        "survey",
        "withheld",
        "roles",
        "failure_modes",
        "health_index",
    }
    assert set(components["ResultsMode"]["properties"]) >= {"key", "gap_ci95", "misaligned", "withheld_roles", "roles"}


def test_it_describes_every_field(schema: dict[str, Any]) -> None:
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []


def test_it_serves_the_schema_without_a_token(client: Client) -> None:
    response = client.get(reverse("api:schema"), headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    assert "/api/v1/surveys/" in response.content.decode()


@pytest.mark.parametrize("name", ["docs", "redoc"])
def test_it_serves_the_documentation_from_local_files_within_the_csp(client: Client, name: str) -> None:
    response = client.get(reverse(f"api:{name}"))
    assert response.status_code == 200
    page = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "<script>" not in page
    assert "<style" not in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset


def test_it_serves_swagger_uis_start_script_as_a_file(client: Client) -> None:
    response = client.get(reverse("api:docs") + "?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
