"""The OpenAPI document tells callers which problem+json answers each /v1 route may give."""

from pathlib import Path

import pytest

from gateway.app import create_app
from gateway.governance.settings import GovernanceSettings
from gateway.jobs.schemas import JOB_ID
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


def test_every_json_answer_is_a_named_model_with_its_fields_typed(document: dict) -> None:
    untyped = [
        (method, path, status)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status, response in operation["responses"].items()
        if "$ref" not in response.get("content", {}).get("application/json", {}).get("schema", {"$ref": "not json"})
    ]
    assert untyped == []
    schemas = document["components"]["schemas"]
    assert schemas["CollectionOut"]["properties"]["chunking"] == {"$ref": "#/components/schemas/ChunkingOut"}
    assert schemas["JobView"]["properties"]["id"]["format"] == "uuid"
    assert schemas["IngestProgress"]["properties"]["failures"]["items"] == {"$ref": "#/components/schemas/FailureOut"}


@pytest.mark.parametrize(
    ("method", "path", "status", "model"),
    [
        ("get", "/v1/collections", "200", "CollectionsOut"),
        ("put", "/v1/collections/{name}", "200", "CollectionOut"),
        ("post", "/v1/collections/{name}/documents", "200", "IngestOut"),
        ("post", "/v1/collections/{name}/documents", "202", "JobView"),
        ("post", "/v1/collections/{name}/search", "200", "SearchOut"),
        ("put", "/v1/collections/{name}/points", "200", "PointsOut"),
        ("delete", "/v1/jobs/{job_id}", "200", "JobView"),
        ("get", "/readyz", "503", "Readiness"),
    ],
)
def test_collections_jobs_and_readiness_answer_documented_models(
    document: dict, method: str, path: str, status: str, model: str
) -> None:
    schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    assert schema == {"$ref": f"#/components/schemas/{model}"}
    assert document["components"]["schemas"][model].get("properties")


def test_job_ids_are_documented_as_uuids_with_an_example(document: dict) -> None:
    (parameter,) = document["paths"]["/v1/jobs/{job_id}"]["get"]["parameters"]
    assert parameter["schema"]["format"] == "uuid"
    assert parameter["schema"]["examples"] == [JOB_ID]
