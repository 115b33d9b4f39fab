"""The HTTP API end to end: a real gateway process, its MCP servers as real subprocesses, extractive mode."""

import uuid

import httpx
import pytest

from tests.support.sse import sse_events

pytestmark = pytest.mark.e2e


def ask(url: str, question: str, **extra: str) -> dict:
    response = httpx.post(f"{url}/v1/ask", json={"question": question, **extra}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["traceparent"].split("-")[1] == response.json()["trace_id"]
    return response.json()


def test_a_documentation_question_is_answered_with_a_citation_of_the_right_document(gateway_url: str) -> None:
    answer = ask(gateway_url, "How does the retrieval agent rank results?")
    assert answer["routes"] == ["retrieval"] and answer["mode"] == "extractive" and answer["found"]
    top = answer["citations"][0]
    assert top["doc_id"] == "docs/architecture.md" and uuid.UUID(top["chunk_id"])
    with open("docs/architecture.md", encoding="utf-8") as handle:
        assert handle.read()[top["start"] : top["end"]] == top["text"]


def test_invoices_in_2010_are_counted_by_the_curated_query(gateway_url: str) -> None:
    answer = ask(gateway_url, "How many invoices were issued in 2010?")
    assert answer["routes"] == ["sql"]
    assert answer["sql"][0]["tool"] == "invoices_in_year"
    assert answer["sql"][0]["parameters"] == {"year": 2010}
    assert answer["sql"][0]["rows"] == [[82]]
    assert "82" in answer["answer"]


def test_sql_given_by_the_caller_is_answered_with_its_rows(gateway_url: str) -> None:
    answer = ask(gateway_url, "SELECT COUNT(*) AS invoices, ROUND(SUM(Total), 2) AS total FROM Invoice")
    assert answer["routes"] == ["sql"]
    assert answer["sql"][0]["columns"] == ["invoices", "total"]
    assert answer["sql"][0]["rows"] == [[412, 2328.6]]


@pytest.mark.parametrize(
    "question",
    [
        "SELECT COUNT(*) FROM Customer",
        "Run this SQL: SELECT COUNT(*) FROM Customer",
        "Please run `SELECT COUNT(*) FROM Customer` for me",
        "What does this return?\n```sql\nSELECT COUNT(*)\nFROM Customer\n```",
    ],
)
def test_sql_given_in_any_phrasing_is_run_by_the_sql_agent(gateway_url: str, question: str) -> None:
    answer = ask(gateway_url, question)
    assert answer["routes"] == ["sql"] and answer["found"] is True
    assert answer["sql"][0]["tool"] == "run_query" and answer["sql"][0]["rows"] == [[59]]


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("DELETE FROM Invoice", "DELETE"),
        ("DELETE FROM Invoice WHERE 1 = 1", "DELETE"),
        ("UPDATE Invoice SET Total = 0", "UPDATE"),
        ("DROP TABLE Invoice", "DROP"),
        ("Run this:\n```sql\nDELETE FROM Invoice\n```", "DELETE"),
        ("```\nUPDATE Customer SET Email = 'x@example.com'\n```", "UPDATE"),
        ("Can you execute `DROP TABLE Invoice`?", "DROP"),
    ],
)
def test_a_write_sent_as_sql_is_refused_as_not_read_only_and_nothing_changes(
    gateway_url: str, question: str, verb: str
) -> None:
    answer = ask(gateway_url, question)
    assert answer["routes"] == ["sql"] and answer["found"] is False and answer["sql"] == []
    assert f"`{verb}` is not allowed: only read-only SELECT queries run here" in answer["answer"]
    ok = ask(gateway_url, "SELECT COUNT(*) FROM Invoice")
    assert ok["sql"][0]["rows"] == [[412]]


def test_prose_with_sql_words_is_not_run_as_sql(gateway_url: str) -> None:
    answer = ask(gateway_url, "Select the document that explains tracing from the docs")
    assert answer["routes"] == ["retrieval"] and answer["sql"] == []


def test_a_free_form_database_question_is_declined_honestly_with_the_closest_tables(gateway_url: str) -> None:
    answer = ask(gateway_url, "Which tracks have never been bought?")
    assert answer["routes"] == ["sql"] and answer["found"] is False
    assert "RELAYBOARD_LLM" in answer["answer"] and "Closest tables:" in answer["answer"]


def test_pasted_text_is_summarised(gateway_url: str) -> None:
    text = (
        "The council met on Tuesday to discuss the new bike lanes on Main Street. Residents raised concerns "
        "about parking. Cyclists argued the lanes would reduce accidents. The meeting ran late. The council "
        "agreed to run a six-month trial starting in March and to review accident data afterwards."
    )
    answer = ask(gateway_url, f"Summarise this in two sentences: {text}")
    assert answer["routes"] == ["summarise"] and answer["found"]
    assert 0 < len(answer["answer"]) < len(text)
    assert all(sentence.strip() in text for sentence in answer["answer"].split(". ") if sentence.strip())


def test_find_and_summarise_runs_retrieval_then_summarise(gateway_url: str) -> None:
    answer = ask(gateway_url, "Find the docs about tracing and summarise them")
    assert answer["routes"] == ["retrieval", "summarise"]
    assert [step["route"] for step in answer["steps"]] == ["retrieval", "summarise"]
    assert answer["citations"] and answer["found"]
    assert "docs/operations.md" in {c["doc_id"] for c in answer["citations"]}


def test_a_thread_continues_and_an_unknown_thread_is_a_404(gateway_url: str) -> None:
    first = ask(gateway_url, "How many invoices were issued in 2009?")
    second = ask(gateway_url, "How many invoices were issued in 2011?", thread_id=first["thread_id"])
    assert second["thread_id"] == first["thread_id"] and second["sql"][0]["rows"] == [[80]]
    missing = httpx.post(f"{gateway_url}/v1/ask", json={"question": "hi", "thread_id": "no-such-thread"}, timeout=30)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "omit thread_id to start a new one" in missing.json()["detail"]


def test_the_stream_reports_route_tool_calls_deltas_and_the_final_answer(gateway_url: str) -> None:
    with httpx.stream(
        "POST", f"{gateway_url}/v1/ask/stream", json={"question": "How many invoices in 2010?"}, timeout=60
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        trace_id = response.headers["traceparent"].split("-")[1]
        events = sse_events(response.iter_lines())
    names = [name for name, _ in events]
    assert names[0] == "route" and names[-1] == "final"
    assert names.index("tool_call") < names.index("tool_result") < names.index("delta") < names.index("final")
    final = events[-1][1]
    assert final["sql"][0]["rows"] == [[82]] and final["trace_id"] == trace_id


def test_readiness_reports_every_mcp_server(gateway_url: str) -> None:
    response = httpx.get(f"{gateway_url}/readyz", timeout=30)
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "relayboard-retrieval": True,
        "relayboard-sql": True,
        "relayboard-summarise": True,
    }
    assert httpx.get(f"{gateway_url}/healthz", timeout=10).json() == {"status": "ok"}
