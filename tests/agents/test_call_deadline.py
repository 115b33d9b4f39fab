"""A tool call has a deadline: a server that never answers it is a clear timeout, not a request that hangs."""

import asyncio

import pytest
from fastmcp import Client
from mcp.server.mcpserver import MCPServer

from agents.contracts import CallScope
from agents.mcp_client import CallTimedOut, ConnectOptions, ServerTarget, open_toolbox
from gateway.problems import problem_for


def silent_server() -> MCPServer:
    server = MCPServer("silent")

    @server.tool()
    async def never_answers() -> dict[str, str]:
        """Waits for good (as a server whose reader dropped the request)."""
        await asyncio.Event().wait()
        return {}

    @server.tool()
    async def answers() -> dict[str, str]:
        """Answers at once."""
        return {"said": "hello"}

    return server


async def test_a_call_the_server_never_answers_times_out_naming_the_server_and_the_setting() -> None:
    target = ServerTarget("silent", "sql", Client(silent_server()))
    async with open_toolbox(target, ConnectOptions(call_timeout_s=0.5)) as toolbox:
        with pytest.raises(CallTimedOut) as raised:
            await asyncio.wait_for(toolbox.call("never_answers", {}, CallScope()), timeout=30)
        assert str(raised.value) == (
            "MCP server silent did not answer `never_answers` within 0.5s (RELAYBOARD_MCP_CALL_TIMEOUT_S): "
            "try again, or with less input"
        )
        # The session stays up: the next call is answered.
        assert await toolbox.call("answers", {}, CallScope()) == {"said": "hello"}


def test_a_timed_out_call_is_a_504_problem() -> None:
    assert problem_for(CallTimedOut("MCP server x did not answer")) == (
        504,
        "Query timed out",
        "MCP server x did not answer",
    )
