"""Bad input gets a 4xx problem+json that says what to fix, never a 5xx, never a stack trace."""

import httpx
import pytest

pytestmark = pytest.mark.e2e

CASES = [
    ("empty question", {"json": {"question": ""}}, 422, "question"),
    ("blank question", {"json": {"question": "   "}}, 422, "question"),
    ("oversized question", {"json": {"question": "why " * 260_000}}, 400, "the limit is 1000000"),
    ("summary too long", {"json": {"question": "hi", "summary": {"max_sentences": 99}}}, 422, "summary.max_sentences"),
    ("unknown summary style", {"json": {"question": "hi", "summary": {"style": "poem"}}}, 422, "summary.style"),
    ("too few words", {"json": {"question": "hi", "summary": {"max_words": 1}}}, 422, "summary.max_words"),
    (
        "malformed JSON",
        {"content": b'{"question": ', "headers": {"content-type": "application/json"}},
        422,
        "not valid JSON",
    ),
    ("wrong type", {"json": {"question": 42}}, 422, "question"),
    ("missing field", {"json": {"query": "hello"}}, 422, "question"),
    ("unknown field", {"json": {"question": "hi", "mode": "fast"}}, 422, "mode"),
    ("bad thread id", {"json": {"question": "hi", "thread_id": "../../etc"}}, 422, "thread_id"),
    ("unknown thread id", {"json": {"question": "hi", "thread_id": "0000"}}, 404, "no conversation"),
    (
        "not JSON at all",
        {"content": b"question=hi", "headers": {"content-type": "text/plain"}},
        415,
        "got `text/plain`",
    ),
    (
        "not UTF-8",
        {"content": '{"question": "café"}'.encode("latin-1"), "headers": {"content-type": "application/json"}},
        422,
        "the body is not UTF-8 JSON",
    ),
]


@pytest.mark.parametrize(("case", "request_kwargs", "status", "mentions"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("path", ["/v1/ask", "/v1/ask/stream"])
def test_bad_requests_get_a_clear_4xx_problem(
    gateway_url: str, path: str, case: str, request_kwargs: dict, status: int, mentions: str
) -> None:
    response = httpx.post(f"{gateway_url}{path}", timeout=30, **request_kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and mentions in body["detail"]
    assert "Traceback" not in response.text


def test_an_unknown_path_is_a_problem_404(gateway_url: str) -> None:
    response = httpx.get(f"{gateway_url}/v1/nothing-here", timeout=10)
    assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


PLAIN = [
    ({"question": "hi", "summary": {"max_sentences": 99}}, "`summary.max_sentences` must be at most 50 (got 99)"),
    ({"query": "hello"}, "`question` is required; `query` is not a field of this request: remove it"),
    (
        {"question": "hi", "summary": {"style": "poem"}},
        "`summary.style` must be one of 'bullets', 'paragraph' or 'tldr' (got 'poem')",
    ),
    ({"question": 42}, "`question` must be a string (got 42)"),
]


@pytest.mark.parametrize(("body", "detail"), PLAIN, ids=[d for _, d in PLAIN])
def test_a_422_says_plainly_what_to_change_without_pydantic_codes_or_links(
    gateway_url: str,
    body: dict,
    detail: str,
) -> None:
    response = httpx.post(f"{gateway_url}/v1/ask", json=body, timeout=30)
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == detail
    assert "pydantic" not in response.text and "Input should" not in response.text


def test_a_long_sql_question_is_answered_or_declined_never_refused(gateway_url: str) -> None:
    question = "How many invoices were issued in 2010? " + "Our auditors need the count for the annual report. " * 29
    assert len(question) > 1_500
    response = httpx.post(f"{gateway_url}/v1/ask", json={"question": question}, timeout=120)
    assert response.status_code == 200, response.text
    assert response.json()["routes"] == ["sql"]
