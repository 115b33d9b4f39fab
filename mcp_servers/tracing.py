"""The tool's name, arguments and result on the MCP SDK's server-side `tools/call` span."""

from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp_types import CallToolResult

from observability import current_tool_span, record_arguments


class ToolCallTracing:
    """Server middleware (inside the SDK's tracing middleware, so the `tools/call` span is current)."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method != "tools/call" or not ctx.params:
            return await call_next(ctx)
        name = str(ctx.params.get("name", ""))
        tool = current_tool_span(name)
        record_arguments(tool.span, name, ctx.params.get("arguments"))
        result = await call_next(ctx)
        if isinstance(result, CallToolResult):
            content = result.structured_content or " ".join(getattr(b, "text", "") for b in result.content)
            tool.finished(content, failed=bool(result.is_error))
        elif isinstance(result, dict):
            tool.finished(result.get("structuredContent") or result.get("content"), failed=bool(result.get("isError")))
        return result
