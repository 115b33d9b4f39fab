"""Collections over HTTP: created with chunking, documents ingested (large uploads as polled jobs), deleted."""

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


@contextmanager
def collection(client: httpx.Client, name: str, body: dict[str, Any] | None = None) -> Iterator[httpx.Response]:
    """The collection `name`, created for the block and deleted after it even when an assertion fails: the
    gateway is shared by the whole session, so no test may leave a collection behind."""
    created = client.put(f"/v1/collections/{name}", json=body or {})
    try:
        yield created
    finally:
        client.delete(f"/v1/collections/{name}")


def documents(count: int, topic: str) -> list[dict[str, str]]:
    return [
        {
            "id": f"{topic}-{i}",
            "title": f"{topic} {i}",
            "text": f"Note {i} about {topic}: item {i} is filed.",
            "format": "text",
        }
        for i in range(count)
    ]


def test_a_collection_is_created_filled_by_a_job_described_and_deleted(gateway_url: str) -> None:
    chunking = {"chunking": {"strategy": "recursive", "max_chars": 500}}
    with httpx.Client(base_url=gateway_url, timeout=120) as client, collection(client, "notes", chunking) as created:
        assert created.status_code == 200 and created.json()["chunking"]["strategy"] == "recursive"

        small = client.post("/v1/collections/notes/documents", json={"documents": documents(3, "billing")})
        assert small.status_code == 200 and small.json()["documents"] == 3

        large = client.post("/v1/collections/notes/documents", json={"documents": documents(60, "shipping")})
        assert large.status_code == 202 and large.headers["location"] == large.json()["status_url"]
        deadline = time.monotonic() + 120
        job, status_url = large.json(), large.json()["status_url"]
        while job["status"] in {"queued", "running"} and time.monotonic() < deadline:
            time.sleep(0.5)
            job = client.get(status_url).json()
        assert job["status"] == "succeeded" and (job["done"], job["total"], job["ingest"]["documents"]) == (60, 60, 60)

        described = client.get("/v1/collections/notes").json()
        assert described["points"] == 63
        assert "notes" in [c["name"] for c in client.get("/v1/collections").json()["collections"]]
        assert client.delete("/v1/collections/notes").status_code == 200
        assert client.get("/v1/collections/notes").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "mentions"),
    [
        ("post", "/v1/collections/nope/documents", {"documents": documents(1, "x")}, 404, "no collection named 'nope'"),
        ("put", "/v1/collections/bad name", {}, 422, "name"),
        ("put", "/v1/collections/ok", {"chunking": {"strategy": "fixed", "chunk_tokens": 8}}, 422, "chunk_tokens"),
        ("post", "/v1/collections/docs/documents", {"documents": []}, 422, "documents"),
        (
            "post",
            "/v1/collections/docs/documents",
            {"documents": documents(2, "x") + documents(1, "x")},
            400,  # items that differ in one property: a rule JSON Schema cannot state
            "`documents`: the id 'x-0' is sent twice (documents 0 and 2): each document of a request needs its own id",
        ),
        (
            "post",
            "/v1/jobs",  # a job's documents are ingested in batches: one id in two batches is refused as well
            {"kind": "ingest", "collection": "docs", "documents": documents(30, "x") + documents(1, "x")},
            400,
            "`documents`: the id 'x-0' is sent twice (documents 0 and 30)",
        ),
        ("get", "/v1/jobs/unknown", None, 404, "no job 'unknown'"),
    ],
)
def test_collection_mistakes_are_clear_4xx_problems(
    gateway_url: str, method: str, path: str, body: object, status: int, mentions: str
) -> None:
    response = httpx.request(method, f"{gateway_url}{path}", json=body, timeout=30)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json" and mentions in response.json()["detail"]


def test_a_question_can_be_asked_of_one_collection(gateway_url: str) -> None:
    with httpx.Client(base_url=gateway_url, timeout=120) as client, collection(client, "policies") as created:
        created.raise_for_status()
        policy = {
            "id": "leave-policy",
            "format": "markdown",
            "text": "# Leave\n\nEmployees get 25 days of paid leave per year. Unused days expire in March.",
        }
        client.post("/v1/collections/policies/documents", json={"documents": [policy]}).raise_for_status()
        answer = client.post(
            "/v1/ask", json={"question": "What does the leave policy say about paid leave?", "collection": "policies"}
        ).json()
        assert answer["routes"] == ["retrieval"]
        assert answer["citations"][0]["doc_id"] == "leave-policy" and "25 days" in answer["citations"][0]["text"]


def test_points_are_upserted_searched_and_deleted_by_id_over_http(gateway_url: str) -> None:
    managed = {"id": "5c56c793-69f3-4fbf-87e6-c4bf54c28c26", "text": "The refund window is 30 days from delivery."}
    own_vector = {
        "id": "9f1c2c1e-3f4a-4b6e-9a63-2f0a3c8d1b77",
        "text": "Warehouse shifts start at six in the morning.",
        "vector": [1.0] + [0.0] * 383,
        "payload": {"source": "shifts"},
    }
    with httpx.Client(base_url=gateway_url, timeout=120) as client, collection(client, "points-crud") as created:
        created.raise_for_status()
        upserted = client.put("/v1/collections/points-crud/points", json={"points": [managed, own_vector]})
        assert upserted.status_code == 200 and upserted.json()["count"] == 2

        hits = client.post("/v1/collections/points-crud/search", json={"query": "how long can I return an item"})
        assert hits.status_code == 200 and "refund window" in hits.json()["hits"][0]["text"]

        deleted = client.post("/v1/collections/points-crud/points/delete", json={"ids": [managed["id"]]})
        assert deleted.status_code == 200 and deleted.json()["count"] == 1
        remaining = client.post("/v1/collections/points-crud/search", json={"query": "refund window", "limit": 5})
        assert [hit["text"] for hit in remaining.json()["hits"]] == [own_vector["text"]]


@pytest.mark.parametrize(
    ("point", "status", "mentions"),
    [
        ({"id": "not-a-uuid", "text": "x"}, 422, "`points.0.id` is not a UUID"),  # the schema says so: `format: uuid`
        ({"id": "5c56c793-69f3-4fbf-87e6-c4bf54c28c26", "text": "x", "vector": [0.5, 0.5]}, 400, "need 384"),
    ],
)
def test_points_with_a_bad_id_or_vector_size_are_refused_and_nothing_is_written(
    gateway_url: str, point: dict[str, object], status: int, mentions: str
) -> None:
    with httpx.Client(base_url=gateway_url, timeout=60) as client, collection(client, "points-bad") as created:
        created.raise_for_status()
        response = client.put("/v1/collections/points-bad/points", json={"points": [point]})
        assert response.status_code == status and mentions in response.json()["detail"], response.text
        assert client.get("/v1/collections/points-bad").json()["points"] == 0


def nested(depth: int) -> dict[str, object]:
    payload: dict[str, object] = {}
    for _ in range(depth - 1):
        payload = {"a": payload}
    return payload


POINT_ID = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26"
VECTOR_384 = "[" + ",".join(["0.1"] * 383)


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        # 500 levels once hung the request for good: the retrieval server's JSON reader never answered.
        (
            json.dumps({"points": [{"id": POINT_ID, "text": "x", "payload": nested(500)}]}),
            "`points.0.payload`: nests deeper than 32 levels",
        ),
        (
            json.dumps({"points": [{"id": POINT_ID, "text": "x", "payload": {"blob": "x" * 70_000}}]}),
            "`points.0.payload`: is 70011 bytes as JSON, more than the limit of 65536",
        ),
        # NaN and Infinity once reached the call token's digest, and came back as a 401 about another call.
        (
            f'{{"points": [{{"id": "{POINT_ID}", "text": "x", "vector": {VECTOR_384},NaN]}}]}}',
            "`points.0.vector.383` must be a finite number",
        ),
        (
            f'{{"points": [{{"id": "{POINT_ID}", "text": "x", "payload": {{"score": {{"v": [1, -Infinity]}}}}}}]}}',
            "`points.0.payload`: holds -inf at score.v.1: JSON has no NaN or Infinity",
        ),
    ],
    ids=["deep payload", "large payload", "NaN in a vector", "-Infinity in a payload"],
)
def test_a_point_payload_past_its_bounds_or_a_non_finite_number_is_a_422_naming_it(
    gateway_url: str, body: str, mentions: str
) -> None:
    with httpx.Client(base_url=gateway_url, timeout=60) as client, collection(client, "points-bounds") as created:
        created.raise_for_status()
        response = client.put(
            "/v1/collections/points-bounds/points", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422 and mentions in response.json()["detail"], response.text
        assert client.get("/v1/collections/points-bounds").json()["points"] == 0
