"""HTTP mistakes the routes never see: a wrong method, a body that is not JSON, a query that is not a date."""

import pytest

from tests.support.fake_system import FakeSystem, client, fake_app


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/v1/ask", "POST"),
        ("PATCH", "/v1/collections/docs", "GET, PUT, DELETE"),
        ("DELETE", "/v1/collections/docs/points", "PUT"),
    ],
)
async def test_a_wrong_method_is_a_405_whose_allow_header_and_detail_name_the_methods_of_the_route(
    method: str, path: str, allowed: str
) -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        response = await http.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["detail"] == f"{method} is not a method of {path}; use {allowed}"


@pytest.mark.parametrize(
    ("headers", "named"),
    [({"content-type": "text/plain"}, "got `text/plain`"), ({}, "no Content-Type was sent")],
    ids=["text/plain", "no content type"],
)
async def test_a_body_not_sent_as_json_is_a_415_naming_the_content_type_without_echoing_the_body(
    headers: dict[str, str], named: str
) -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        response = await http.post("/v1/ask", content=b"question=hi", headers=headers)
    assert response.status_code == 415 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == (f"the body must be JSON, sent with `Content-Type: application/json` ({named})")
    assert "question=hi" not in response.text


async def test_a_body_that_is_not_utf8_is_a_422_saying_so() -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        response = await http.post(
            "/v1/ask", content='{"question": "café"}'.encode("latin-1"), headers={"content-type": "application/json"}
        )
    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "the body is not UTF-8 JSON (invalid continuation byte at byte 17): encode it as UTF-8"
    )


@pytest.mark.parametrize("since", ["2026-13-45", "2026-02-30", "", "20260101"])
async def test_usage_since_a_day_the_calendar_lacks_is_a_422_naming_it(since: str) -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        response = await http.get("/v1/usage", params={"since": since})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"`query.since`: {since!r} is not a day of the calendar: send a date as YYYY-MM-DD, e.g. 2026-01-31"
    )


@pytest.mark.parametrize(
    ("method", "path", "says"),
    [
        ("PUT", "/v1/collections/faq", "send a JSON object: `{}` for the defaults, or with `chunking`"),
        ("PUT", "/v1/collections/faq/points", "send a JSON object with `points` (required)"),
        (
            "POST",
            "/v1/ask",
            "send a JSON object with `question` (required), optionally `thread_id`, `collection` and `summary`",
        ),
        (
            "POST",
            "/v1/jobs",
            "send a JSON object with `kind` (one of 'ask', 'batch', 'ingest') and the fields of that kind",
        ),
    ],
)
async def test_a_request_without_its_body_is_a_422_saying_what_to_send(method: str, path: str, says: str) -> None:
    async with fake_app(FakeSystem()) as app, client(app) as http:
        response = await http.request(method, path)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    detail = f"`body` is required: {says}"
    assert response.json() == {
        "type": "about:blank",
        "title": "Invalid request",
        "status": 422,
        "detail": detail,
        "errors": [{"field": "body", "message": detail}],
    }
