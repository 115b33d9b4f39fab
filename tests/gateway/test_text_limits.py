"""The long texts a request may carry fit in the body cap: what the OpenAPI document advertises is never a 413."""

from pathlib import Path

import httpx

from gateway.limits import LimitSettings
from gateway.text_cap import text_cap
from tests.support.fake_system import FakeSystem, client, fake_app

CAP = 64 * 1024
WORST = "\x01"  # the longest character in JSON: the six-byte escape \u0001 (a text needs one visible too)


async def _max_length(http: httpx.AsyncClient, schema: str, field: str) -> int:
    document = (await http.get("/openapi.json")).json()
    return int(document["components"]["schemas"][schema]["properties"][field]["maxLength"])


async def test_questions_and_documents_are_advertised_as_long_as_the_body_cap_holds(tmp_path: Path) -> None:
    async with fake_app(FakeSystem(), limits=LimitSettings(max_body_bytes=CAP), data_dir=tmp_path) as app:
        async with client(app) as http:
            limits = [
                await _max_length(http, schema, field)
                for schema, field in (("AskRequest", "question"), ("AskJob", "question"), ("DocumentIn", "text"))
            ]
    assert limits == [text_cap(CAP)] * 3


async def test_the_defaults_advertise_the_routes_own_limits_where_the_cap_holds_more(tmp_path: Path) -> None:
    async with fake_app(FakeSystem(), data_dir=tmp_path) as app, client(app) as http:
        question = await _max_length(http, "AskRequest", "question")
        document = await _max_length(http, "DocumentIn", "text")
    assert question == 1_000_000  # RELAYBOARD_MAX_QUESTION_CHARS: 6 MB at worst, under the 8 MiB cap
    assert document == text_cap(8 * 1024 * 1024) == 1_396_736  # 5M characters could be 30 MB: the cap wins


async def test_a_question_as_long_as_advertised_is_answered_and_one_longer_is_a_400_naming_the_limit(
    tmp_path: Path,
) -> None:
    async with fake_app(FakeSystem(), limits=LimitSettings(max_body_bytes=CAP), data_dir=tmp_path) as app:
        async with client(app) as http:
            limit = await _max_length(http, "AskRequest", "question")
            answered = await http.post("/v1/ask", json={"question": WORST * (limit - 1) + "?"})
            over = await http.post("/v1/ask", json={"question": "x" * (limit + 1)})
    assert answered.status_code == 200, answered.text
    assert over.status_code == 400
    assert over.json()["detail"] == f"the question has {limit + 1} characters; the limit is {limit}"


async def test_a_document_as_long_as_advertised_is_ingested_and_one_longer_is_a_400_naming_the_limit(
    tmp_path: Path,
) -> None:
    async with fake_app(FakeSystem(), limits=LimitSettings(max_body_bytes=CAP), data_dir=tmp_path) as app:
        async with client(app) as http:
            limit = await _max_length(http, "DocumentIn", "text")
            ingested = await http.post(
                "/v1/collections/docs/documents", json={"documents": [{"id": "a", "text": WORST * (limit - 1) + "x"}]}
            )
            over = await http.post(
                "/v1/collections/docs/documents", json={"documents": [{"id": "b", "text": "x" * (limit + 1)}]}
            )
            job = await http.post(
                "/v1/jobs",
                json={"kind": "ingest", "collection": "docs", "documents": [{"id": "c", "text": "x" * (limit + 1)}]},
            )
    assert ingested.status_code == 200, ingested.text
    assert ingested.json()["documents"] == 1
    for refused in (over, job):
        assert refused.status_code == 400, refused.text
        assert refused.json()["detail"].startswith(f"document 0 has {limit + 1} characters; the limit is {limit} ")
