"""The text block of the edge's results, what an IDE's model reads: each fact once, binary values by their size."""

from collections.abc import AsyncIterator
from typing import Any

from mcp.client import Client as SdkClient

from agents.contracts import SqlEvidence
from gateway.mcp_edge import create_edge_server, fixed_system
from graph.answer import Answer
from tests.support.results import text_of

SQL = "SELECT COUNT(*) AS n FROM Invoice WHERE strftime('%Y', InvoiceDate) = '2010'"
EVIDENCE = SqlEvidence(
    tool="run_query", sql=SQL, parameters={}, columns=["n"], rows=[[83]], truncated=False, row_limit=200
)


class Scripted:
    """An agent system whose answer and tool results are given: `answer` for `ask`, `results` per server tool."""

    def __init__(self, answer: str = "", results: dict[str, dict[str, Any]] | None = None) -> None:
        self.answer, self.results = answer, results or {}

    async def begin(self, question: str, **_: Any) -> str:
        return question

    async def run(self, _turn: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        answer = Answer(
            answer=self.answer,
            found=True,
            routes=["sql"],
            mode="extractive",
            steps=[],
            citations=[],
            sql=[EVIDENCE],
            thread_id="t-1",
            trace_id="0" * 32,
            traceparent="00-" + "0" * 32 + "-" + "0" * 16 + "-01",
        )
        yield "final", answer.model_dump()

    async def call_tool(self, _agent: str, tool: str, _arguments: dict[str, Any], **_: Any) -> dict[str, Any]:
        return self.results[tool]


async def _text(system: Scripted, tool: str, arguments: dict[str, Any]) -> str:
    async with SdkClient(create_edge_server(fixed_system(lambda: system))) as client:  # type: ignore[arg-type, return-value]
        result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    return text_of(result)


async def test_ask_shows_the_sql_once_when_the_answer_already_shows_it() -> None:
    shown = await _text(
        Scripted(f"| n |\n|---|\n| 83 |\n\nRead as: invoices of 2010.\nSQL:\n```sql\n{SQL}\n```"),
        "ask",
        {"question": "q"},
    )
    written = await _text(Scripted("83 invoices."), "ask", {"question": "q"})
    assert shown.count(SQL) == 1
    assert written.count(SQL) == 1 and f"SQL: {SQL}" in written


async def test_get_document_names_its_title_once() -> None:
    headed = {"doc_id": "docs/ops.md", "title": "Operations", "text": "# Operations\n\nRun it.", "chunks": 1}
    untitled = {"doc_id": "notes.txt", "title": "", "text": "Plain notes.", "chunks": 1}
    titled = {"doc_id": "a.txt", "title": "Alpha", "text": "Plain alpha.", "chunks": 1}
    texts = [
        await _text(Scripted(results={"get_document": d}), "get_document", {"doc_id": d["doc_id"]})
        for d in (headed, untitled, titled)
    ]
    assert texts == [
        "(docs/ops.md)\n\n# Operations\n\nRun it.",
        "# notes.txt\n\nPlain notes.",
        "# Alpha (a.txt)\n\nPlain alpha.",
    ]


async def test_a_binary_value_reads_as_its_exact_size_in_bytes() -> None:
    rows = [[{"base64": "AQ=="}], [{"base64": "AQI="}], [{"base64": "AQID"}], [{"base64": ""}]]
    out = {
        "sql": "SELECT b FROM t",
        "columns": ["b"],
        "rows": rows,
        "truncated": False,
        "row_limit": 200,
        "elapsed_ms": 1.0,
    }
    text = await _text(Scripted(results={"run_query": out}), "run_sql", {"sql": "SELECT b FROM t"})
    assert text.splitlines()[2:6] == ["| <1 bytes> |", "| <2 bytes> |", "| <3 bytes> |", "| <0 bytes> |"]
