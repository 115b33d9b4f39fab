"""Tool calls on both sides of the MCP hop: the tool's name, its arguments and result (as content capture allows),
and a failed call marked where it is seen and on the chain of spans above it."""

import functools
import inspect
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from opentelemetry import trace
from opentelemetry.trace import Span

from observability.failures import mark_chain_failed, mark_error
from observability.instruments import record_tool_call
from observability.kinds import SpanKind
from observability.spans import set_content, start_span

TOOL_NAME_ATTRIBUTE = "gen_ai.tool.name"
MCP_SERVER_ATTRIBUTE = "relayboard.mcp.server"  # which configured MCP server served the call (the usage record)
TOOL_ARGUMENTS_ATTRIBUTE = "gen_ai.tool.call.arguments"
TOOL_RESULT_ATTRIBUTE = "gen_ai.tool.call.result"
TOOL_ERROR_TYPE = "tool_error"

P = ParamSpec("P")
R = TypeVar("R")


class ToolCallSpan:
    """The span of one tool call, told how the call ended."""

    def __init__(self, span: Span, name: str) -> None:
        self.span, self.name = span, name
        self.error_type: str | None = None

    def finished(self, result: Any, *, failed: bool, error_type: str = TOOL_ERROR_TYPE) -> None:
        """Record the result; a failed call marks this span and (on the caller's side) the chain above it."""
        set_content(self.span, ("output.value", TOOL_RESULT_ATTRIBUTE), result)
        if failed:
            self.error_type = error_type
            mark_error(self.span, error_type, f"tool {self.name} failed")
            mark_chain_failed(error_type, f"tool {self.name} failed")


def record_server(server: str) -> None:
    """Name the MCP server on the current (tool call's) span."""
    trace.get_current_span().set_attribute(MCP_SERVER_ATTRIBUTE, server)


def record_arguments(span: Span, name: str, arguments: Mapping[str, Any] | None) -> None:
    """The tool's name and arguments on `span` (the MCP SDK's server span, in a server)."""
    span.set_attribute(TOOL_NAME_ATTRIBUTE, name)
    set_content(span, ("input.value", TOOL_ARGUMENTS_ATTRIBUTE), dict(arguments or {}))


@contextmanager
def tool_call(name: str, arguments: Mapping[str, Any], *, server: str | None = None) -> Iterator[ToolCallSpan]:
    """The caller's TOOL span around one MCP tool call (the MCP SDK's transport span is its child), and the call's
    duration metric by tool and `server`. An error escaping the block fails this span (with the stack trace,
    raised here) and the chain above it."""
    started = time.perf_counter()
    with start_span(f"execute_tool {name}", SpanKind.TOOL, {TOOL_NAME_ATTRIBUTE: name}) as span:
        record_arguments(span, name, arguments)
        call = ToolCallSpan(span, name)
        try:
            yield call
        except Exception as exc:
            call.error_type = type(exc).__qualname__
            mark_chain_failed(call.error_type, f"tool {name} failed: {exc}")
            raise
        finally:
            record_tool_call(name, server, time.perf_counter() - started, call.error_type)


def traced_tool_call(
    outcome: Callable[[Any], tuple[Any, bool]],
    *,
    server: Callable[[Any, str], str | None] = lambda _owner, _name: None,
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Run an async method taking `name` and `arguments` parameters as one tool call's span; `outcome(result)`
    gives (what to record, whether the call failed); `server(self, name)` names the MCP server of the tool."""

    def decorate(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        signature = inspect.signature(method)

        @functools.wraps(method)
        async def traced(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs).arguments
            name = str(bound["name"])
            with tool_call(name, bound["arguments"], server=server(bound.get("self"), name)) as span:
                result = await method(*args, **kwargs)
                recorded, failed = outcome(result)
                span.finished(recorded, failed=failed)
                return result

        return traced

    return decorate


def current_tool_span(name: str) -> ToolCallSpan:
    """The current span as the call of tool `name` (the MCP SDK's `tools/call` span, in a server's middleware)."""
    return ToolCallSpan(trace.get_current_span(), name)
