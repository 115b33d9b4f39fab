"""An MCP stdio server that cannot serve: it answers `initialize` (and any other request) with one error line,
so the IDE shows the cause and the fix instead of "Connection closed"."""

import anyio
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp.types import INTERNAL_ERROR, JSONRPC_VERSION, ErrorData, JSONRPCError, JSONRPCRequest


async def refuse_over_stdio(
    reason: str, streams: tuple[anyio.AsyncFile[str], anyio.AsyncFile[str]] | None = None
) -> None:
    """Answer every request on stdin (or the first of `streams`, writing to the second) with `reason` until the
    client closes it."""
    line = " ".join(reason.split())  # one line, whatever the cause's message looked like
    async with stdio_server(*(streams or ())) as (read, write), write:  # closing it ends the transport's writer
        async for message in read:
            if isinstance(message, SessionMessage) and isinstance(message.message, JSONRPCRequest):
                error = ErrorData(code=INTERNAL_ERROR, message=line)
                await write.send(
                    SessionMessage(JSONRPCError(jsonrpc=JSONRPC_VERSION, id=message.message.id, error=error))
                )
