"""The OpenAPI document tells callers which problem+json answers each /v1 route may give."""

from pathlib import Path

import pytest

from gateway.app import create_app
from gateway.governance.settings import GovernanceSettings
from gateway.problems import PROBLEM_JSON
from tests.support.fake_system import FakeSystem, client, fake_app


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict:
    records = GovernanceSettings(data_dir=tmp_path_factory.mktemp("openapi"))
    return create_app(configure_telemetry=False, records=records).openapi()


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        if path.startswith("/v1/")
        for method, operation in item.items()
    ]


def test_every_v1_operation_documents_its_common_problems_as_problem_json(document: dict) -> None:
    operations = _operations(document)
    assert len(operations) >= 20
    for path, method, operation in operations:
        for status in ("401", "413", "422", "429", "503"):
            response = operation["responses"].get(status)
            assert response is not None, (method, path, status)
            schema = response["content"][PROBLEM_JSON]["schema"]
            assert {"title", "status", "detail"} <= set(schema["required"]), (method, path, status)
            assert "application/json" not in response["content"], (method, path, status)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("post", "/v1/ask", "404"),  # an unknown thread or collection
        ("post", "/v1/ask", "400"),
        ("post", "/v1/feedback", "404"),
        ("get", "/v1/jobs/{job_id}", "404"),
        ("delete", "/v1/collections/{name}", "403"),
        ("get", "/v1/admin/keys", "403"),
        ("get", "/v1/usage", "403"),
    ],
)
def test_routes_document_the_refusals_they_give(document: dict, method: str, path: str, status: str) -> None:
    assert PROBLEM_JSON in document["paths"][path][method]["responses"][status]["content"]


async def test_a_documented_refusal_arrives_as_documented(tmp_path: Path) -> None:
    async with fake_app(FakeSystem(), data_dir=tmp_path) as app, client(app) as http:
        refused = await http.post("/v1/feedback", json={"trace_id": "0" * 32, "rating": 1})
        invalid = await http.post("/v1/feedback", json={"trace_id": "nope", "rating": 1})
    for response, status in ((refused, 404), (invalid, 422)):
        assert response.status_code == status
        assert response.headers["content-type"] == PROBLEM_JSON
        assert {"title", "status", "detail"} <= set(response.json())
