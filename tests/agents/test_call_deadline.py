"""A tool call has an idle deadline: a server that never answers it, nor reports progress, is a clear timeout,
not a request that hangs; one that keeps reporting progress runs past it."""

import asyncio

import pytest
from fastmcp import Client
from mcp.server.mcpserver import Context, MCPServer

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

    @server.tool()
    async def reports_then_answers(steps: int, every_s: float, ctx: Context) -> dict[str, int]:
        """Works for `steps` x `every_s` seconds, reporting progress after each step, then answers."""
        for step in range(1, steps + 1):
            await asyncio.sleep(every_s)  # the work itself: the server's pace is what is under test
            await ctx.report_progress(step, steps, f"step {step} of {steps}")
        return {"steps": steps}

    @server.tool()
    async def reports_then_goes_silent(ctx: Context) -> dict[str, str]:
        """Reports progress once, then never answers."""
        await ctx.report_progress(1, None, "started")
        await asyncio.Event().wait()
        return {}

    return server


async def test_a_call_the_server_never_answers_times_out_naming_the_server_and_the_setting() -> None:
    target = ServerTarget("silent", "sql", Client(silent_server()))
    async with open_toolbox(target, ConnectOptions(call_timeout_s=0.5)) as toolbox:
        with pytest.raises(CallTimedOut) as raised:
            await asyncio.wait_for(toolbox.call("never_answers", {}, CallScope()), timeout=30)
        assert str(raised.value) == (
            "MCP server silent went 0.5s without answering `never_answers` or reporting progress on it "
            "(RELAYBOARD_MCP_CALL_TIMEOUT_S): try again, or with less input"
        )
        # The session stays up: the next call is answered.
        assert await toolbox.call("answers", {}, CallScope()) == {"said": "hello"}


async def test_a_call_that_keeps_reporting_progress_runs_past_the_deadline_and_answers() -> None:
    target = ServerTarget("silent", "sql", Client(silent_server()))
    async with open_toolbox(target, ConnectOptions(call_timeout_s=0.5)) as toolbox:
        loop = asyncio.get_running_loop()
        started = loop.time()
        # 8 steps of 0.2 s: 1.6 s in all, three times the deadline, never 0.5 s without a report.
        answer = await asyncio.wait_for(
            toolbox.call("reports_then_answers", {"steps": 8, "every_s": 0.2}, CallScope()), timeout=30
        )
        assert answer == {"steps": 8}
        assert loop.time() - started > 1.5  # it did outlive the deadline


async def test_a_call_that_reports_progress_then_goes_silent_times_out_a_deadline_after_its_last_report() -> None:
    target = ServerTarget("silent", "sql", Client(silent_server()))
    async with open_toolbox(target, ConnectOptions(call_timeout_s=0.5)) as toolbox:
        with pytest.raises(CallTimedOut) as raised:
            await asyncio.wait_for(toolbox.call("reports_then_goes_silent", {}, CallScope()), timeout=30)
    assert "went 0.5s without answering `reports_then_goes_silent` or reporting progress" in str(raised.value)
    assert problem_for(raised.value)[0] == 504


def test_a_timed_out_call_is_a_504_problem() -> None:
    assert problem_for(CallTimedOut("MCP server x did not answer")) == (
        504,
        "Query timed out",
        "MCP server x did not answer",
    )
