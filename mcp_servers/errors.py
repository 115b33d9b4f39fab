"""Tool failures as MCP tool errors (`isError`) that say what went wrong and carry its kind as data.

One place decides how every failure of our servers' tools reads on the wire (`ToolServer.call_tool`):

- a `RelayboardError` (the caller's mistake, a missing thing, a timeout, an unreachable dependency): its own
  message, and `_meta["relayboard/error"] = {"kind": <code>}` (tools/errors.py names the codes);
- arguments that fail the tool's input schema: one plain sentence per field (tools/validation_messages.py),
  kind `invalid_input`;
- anything else (a bug): "an internal error happened" with the trace id, kind `internal`; the details and the
  traceback go to the server's log only.

A prompt that does not exist, or lacks or refuses an argument, is JSON-RPC error -32602 (invalid params) saying
which (`ToolServer.get_prompt`); the SDK alone sends code 0 with its own words.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    CallToolResult,
    GetPromptResult,
    InputRequiredResult,
    TextContent,
    ToolAnnotations,
)
from opentelemetry import trace
from pydantic import ValidationError

from tools.errors import ERROR_META_KEY, INTERNAL, RelayboardError, UpstreamUnavailable, error_code
from tools.validation_messages import errors_message

logger = logging.getLogger(__name__)
LifespanT = TypeVar("LifespanT")

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


@contextmanager
def tool_errors() -> Iterator[None]:
    """Mark the block's `RelayboardError`s as expected tool failures (the caller can act on their message).

    `ToolServer` reports them with their kind; without this block they would still be, as their cause.
    """
    try:
        yield
    except RelayboardError as exc:
        raise ToolError(str(exc)) from exc


def current_trace_id() -> str | None:
    """The trace id of the current span (32 hex digits), or None when nothing is traced."""
    context = trace.get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else None


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__
    return None


def error_result(kind: str, message: str, **extra: Any) -> CallToolResult:
    """An `isError` tool result whose text is `message` and whose `_meta` names its kind."""
    return CallToolResult(
        content=[TextContent(type="text", text=message)],
        is_error=True,
        _meta={ERROR_META_KEY: {"kind": kind, **extra}},
    )


def failure_result(tool: str, exc: ToolError) -> CallToolResult:
    """How the SDK's `ToolError` for a failed call of `tool` reads on the wire (see the module docstring)."""
    prefix = f"Error executing tool {tool}: "
    typed = _cause(exc, RelayboardError)
    if isinstance(typed, RelayboardError):
        if isinstance(typed, UpstreamUnavailable):
            logger.warning("tool %s: upstream unavailable: %s", tool, typed)
        else:
            logger.info("tool %s refused the call: %r", tool, str(typed))
        return error_result(error_code(typed), str(typed))
    if not isinstance(exc, UnexpectedToolError):
        if isinstance(exc.__cause__, ValidationError):
            # Field names only in the log: the rejected values are the caller's data.
            logger.info("tool %s rejected its arguments: %s", tool, [e["loc"] for e in exc.__cause__.errors()])
            return error_result(
                "invalid_input", f"invalid arguments for `{tool}`: {errors_message(exc.__cause__.errors())}"
            )
        # The SDK's own refusals (an unknown tool) and ToolErrors raised on purpose: the caller's to fix.
        return error_result("invalid_input", str(exc).removeprefix(prefix))
    trace_id = current_trace_id()
    logger.error("tool %s failed unexpectedly (trace %s)", tool, trace_id, exc_info=exc)
    where = f" (trace id {trace_id})" if trace_id else ""
    return error_result(
        INTERNAL,
        f"`{tool}` failed with an internal error{where}; the server log has the details",
        trace_id=trace_id,
    )


class ToolServer(MCPServer[LifespanT]):
    """An `MCPServer` whose tool failures read as `failure_result` describes: every Relayboard server is one."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[LifespanT, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        """Call a tool; every failure but a protocol error (`MCPError`) returns an `isError` result.

        The SDK documents catching `ToolError` around this method to tell a crash from a deliberate failure.
        """
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            return failure_result(name, exc)

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None, context: Context[LifespanT, Any] | None = None
    ) -> GetPromptResult | InputRequiredResult:
        """Render a prompt.

        Raises:
            MCPError: -32602 for a prompt not listed, a required argument missing or an argument refused.
        """
        listed = {prompt.name: prompt for prompt in await self.list_prompts()}
        prompt = listed.get(name)
        if prompt is None:
            known = ", ".join(sorted(listed)) or "none"
            raise MCPError(INVALID_PARAMS, f"no prompt named `{name}`: prompts/list shows the prompts ({known})")
        missing = [a.name for a in prompt.arguments or [] if a.required and a.name not in (arguments or {})]
        if missing:
            needs = ", ".join(f"`{argument}`" for argument in missing)
            raise MCPError(INVALID_PARAMS, f"the prompt `{name}` needs the argument{'s' * (len(missing) > 1)} {needs}")
        try:
            return await super().get_prompt(name, arguments, context)
        except ValueError as exc:  # the SDK's wrapping of whatever rendering raised
            refused = _cause(exc, ValidationError)
            if not isinstance(refused, ValidationError):
                raise
            message = f"invalid arguments for the prompt `{name}`: {errors_message(refused.errors())}"
            raise MCPError(INVALID_PARAMS, message) from exc

    async def run_stdio_over(self, stdin: anyio.AsyncFile[str], stdout: anyio.AsyncFile[str]) -> None:
        """`run_stdio_async` over the given line streams instead of the process's own stdin and stdout (which
        whoever passes them has claimed): `relayboard mcp` hands the SDK a stream it began answering itself."""
        async with stdio_server(stdin, stdout) as (read_stream, write_stream):
            # As `run_stdio_async` does; the SDK offers no public way to pass it streams.
            lowlevel = self._lowlevel_server
            await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())
