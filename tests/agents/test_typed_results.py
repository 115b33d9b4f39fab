"""Tool results cross the hop as the models of tools.results: a result of another shape is a failed tool naming
the field, never a KeyError deep in an agent."""

from typing import Any

import pytest
from mcp.shared.dispatcher import ProgressFnT
from mcp_types import CallToolResult

from agents.contracts import AgentTask
from agents.mcp_client import Toolbox, ToolSpec
from tools.errors import ToolFailed
from tools.results.retrieval import SearchOut
from tools.results.sql import QueryOut


class ScriptedSession:
    """Answers every call with one structured result (a fake at the MCP session seam)."""

    def __init__(self, structured: dict[str, Any]) -> None:
        self.structured = structured

    async def call_tool(
        self,
        name: str,
        arguments: dict[str, Any],
        *,
        progress_callback: ProgressFnT | None = None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult:
        return CallToolResult.model_validate({"content": [], "structuredContent": self.structured})


def toolbox(tool: str, server: str, structured: dict[str, Any]) -> Toolbox:
    return Toolbox([ToolSpec(tool, server)], {server: ScriptedSession(structured)})


async def test_a_query_result_is_read_as_a_query_out_with_binary_cells_typed() -> None:
    wire = {
        "sql": "SELECT 1",
        "columns": ["n", "blob"],
        "rows": [[1, {"base64": "AAE="}]],
        "truncated": False,
        "row_limit": 200,
        "elapsed_ms": 0.2,
    }
    result = await toolbox("run_query", "sql", wire).call_as("run_query", {}, AgentTask("q"), QueryOut)
    assert (
        result.columns == ["n", "blob"]
        and result.rows[0][0] == 1
        and result.model_dump(mode="json")["rows"] == [[1, {"base64": "AAE="}]]
    )


async def test_a_result_of_another_shape_is_a_failed_tool_naming_the_field() -> None:
    wire = {"query": "q", "collection": "docs", "hits": [{"doc_id": "d1", "title": "t"}]}
    with pytest.raises(ToolFailed, match=r"`search_documents` returned a result that is not a SearchOut \(hits\.0\."):
        await toolbox("search_documents", "retrieval", wire).call_as("search_documents", {}, AgentTask("q"), SearchOut)
