"""A call that reaches the edge before its agent system is open waits for it, and says so in its progress only: the
edge declares no `logging` capability, so it sends no log notifications (the MCP spec: a server that emits them
MUST declare it)."""

from typing import Any

from mcp.client import Client as SdkClient
from mcp.types import LoggingMessageNotificationParams

from gateway.mcp_edge import EdgeSystem, create_edge_server, handed
from gateway.mcp_edge.system_handle import WAITING
from tests.support.results import text_of


async def test_a_call_before_the_system_opens_says_it_waits_in_its_progress_and_sends_no_log_message() -> None:
    handle = EdgeSystem()
    reported: list[str | None] = []
    logged: list[Any] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        reported.append(message)
        handle.failed("the data dir is locked by another process")

    async def on_log(params: LoggingMessageNotificationParams) -> None:
        logged.append(params.data)

    # `log_level` opts in to log messages on every protocol version, so any the edge sent would arrive.
    server = create_edge_server(handed(handle))
    async with SdkClient(server, logging_callback=on_log, log_level="debug") as client:
        capabilities = client.server_capabilities
        result = await client.call_tool("list_tables", {}, progress_callback=on_progress)
    assert capabilities.logging is None
    assert reported == [WAITING] and logged == []
    assert result.is_error and text_of(result) == "the data dir is locked by another process"
