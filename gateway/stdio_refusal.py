"""An MCP stdio server that cannot serve: it answers `initialize` (and any other request) with one error line,
so the IDE shows the cause and the fix instead of "Connection closed"."""

from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp.types import INTERNAL_ERROR, JSONRPC_VERSION, ErrorData, JSONRPCError, JSONRPCRequest


async def refuse_over_stdio(reason: str) -> None:
    """Answer every request on stdin with `reason` until the client closes stdin."""
    line = " ".join(reason.split())  # one line, whatever the cause's message looked like
    async with stdio_server() as (read, write):
        async for message in read:
            if isinstance(message, SessionMessage) and isinstance(message.message, JSONRPCRequest):
                error = ErrorData(code=INTERNAL_ERROR, message=line)
                await write.send(
                    SessionMessage(JSONRPCError(jsonrpc=JSONRPC_VERSION, id=message.message.id, error=error))
                )
