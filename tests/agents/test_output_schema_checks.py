"""Tool results and their `outputSchema`: another server's results are checked against it by the MCP SDK, our own
servers' are not (they are built from, and read back as, the models of tools.results)."""

from typing import Any

import pytest
from fastmcp import Client, FastMCP
from fastmcp.tools.base import ToolResult

from agents.contracts import AgentTask
from agents.mcp_client import ServerTarget, open_toolbox

COUNT_SCHEMA = {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["count"]}


def miscounting_server() -> FastMCP[Any]:
    """A server whose one tool answers with structured content its own `outputSchema` does not allow."""
    server: FastMCP[Any] = FastMCP("miscounting")

    @server.tool(output_schema=COUNT_SCHEMA)
    def count() -> ToolResult:
        return ToolResult(structured_content={"count": "many"})

    return server


async def test_a_result_against_its_output_schema_from_another_server_is_refused_by_the_check() -> None:
    target = ServerTarget("external-counter", "sql", Client(miscounting_server()))
    async with open_toolbox(target) as toolbox:
        with pytest.raises(RuntimeError, match="Invalid structured content returned by tool count"):
            await toolbox.call("count", {}, AgentTask("q"))


async def test_our_own_servers_results_skip_the_schema_check_and_arrive_as_sent() -> None:
    target = ServerTarget("relayboard-sql", "sql", Client(miscounting_server()), typed_results=True)
    async with open_toolbox(target) as toolbox:
        assert await toolbox.call("count", {}, AgentTask("q")) == {"count": "many"}
