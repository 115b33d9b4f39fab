"""An agent's MCP tools: calling them by name through their server's session, reading structured results,
reporting calls as events."""

import asyncio
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from langchain_core.messages import ToolMessage
from mcp.shared.dispatcher import ProgressFnT
from mcp_types import CallToolResult

from agents.contracts import Caller
from agents.mcp_client.caller import CallCredentials, grant_namespace
from agents.mcp_client.results import T, structured_result, validated
from agents.mcp_client.specs import ToolSpec
from observability import record_server, traced_tool_call
from tools.errors import ERROR_META_KEY, UpstreamUnavailable
from tools.sql.curated import CURATED_META_KEY


class MissingTool(UpstreamUnavailable):
    """The agent needs a tool its MCP servers do not offer."""


class ToolSession(Protocol):
    """The session with the MCP server that serves a tool (`ServerConnection`, or a fake in unit tests)."""

    async def call_tool(
        self,
        name: str,
        arguments: dict[str, Any],
        *,
        progress_callback: ProgressFnT | None = None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult: ...


def _content_text(content: Sequence[Any]) -> str:
    return " ".join(str(getattr(block, "text", "")) for block in content)


def _server_of(toolbox: "Toolbox", name: str) -> str | None:
    return toolbox.server_of(name)


class Toolbox:
    """The MCP tools one agent may use, each called through the session with the server that lists it.

    There is one call path: every call carries the caller's `_meta` (a signed call token, with `credentials`) and
    the trace context, receives the server's progress notifications as `progress` events, and survives a server
    restart (the session reconnects). A tool the caller holds no grant for is refused here already, as its server
    would refuse it.
    """

    def __init__(
        self,
        tools: Sequence[ToolSpec],
        sessions: Mapping[str, ToolSession],
        credentials: CallCredentials | None = None,
    ) -> None:
        missing = sorted({tool.server for tool in tools} - set(sessions))
        if missing:
            raise ValueError(f"no session for the MCP server(s) {', '.join(missing)}: pass one per server")
        self._tools = {tool.name: tool for tool in tools}
        self._sessions = dict(sessions)
        self._credentials = credentials

    @property
    def tools(self) -> list[ToolSpec]:
        return list(self._tools.values())

    def has(self, name: str) -> bool:
        return name in self._tools

    def server_of(self, name: str) -> str | None:
        """The MCP server that lists tool `name` (None for a tool no server lists)."""
        tool = self._tools.get(name)
        return tool.server if tool is not None else None

    def curated(self) -> list[ToolSpec]:
        """Tools the SQL server marked as curated queries."""
        return [tool for tool in self._tools.values() if tool.meta.get(CURATED_META_KEY)]

    def function_schemas(self) -> list[dict[str, Any]]:
        """The tools in the form a chat model's `bind_tools` takes."""
        return [tool.function_schema() for tool in self._tools.values()]

    @traced_tool_call(lambda structured: (structured, False), server=_server_of)  # a failure raises, failing its span
    async def call(self, name: str, arguments: dict[str, Any], caller: Caller) -> dict[str, Any]:
        """Call tool `name` over MCP for `caller` and return its structured result.

        Raises:
            MissingTool: no such tool is configured.
            RelayboardError: the server answered with a tool error, as the kind its `_meta` names.
            ServerUnavailable: the tool's server cannot be reached now.
        """
        result = await self._call(name, arguments, caller, f"call_{uuid.uuid4().hex[:12]}")
        text = _content_text(result.content)
        return structured_result(name, bool(result.is_error), text, result.structured_content, result.meta)

    async def call_as(self, name: str, arguments: dict[str, Any], caller: Caller, shape: type[T]) -> T:
        """Call tool `name` and validate its structured result as `shape` (a model of `tools.results`).

        Raises:
            MissingTool, RelayboardError, ServerUnavailable: as `call`.
            ToolFailed: the result is not a `shape` (a server of another version, or not ours).
        """
        return validated(name, await self.call(name, arguments, caller), shape)

    @traced_tool_call(lambda message: (message.content, message.status == "error"), server=_server_of)
    async def invoke(self, name: str, arguments: dict[str, Any], caller: Caller, *, call_id: str) -> ToolMessage:
        """Call tool `name` for a chat model's tool call: errors are in the message's `status`, not raised.

        Raises:
            MissingTool: no such tool is configured.
            ServerUnavailable: the tool's server cannot be reached now.
        """
        result = await self._call(name, arguments, caller, call_id)
        return ToolMessage(
            content=_content_text(result.content),
            tool_call_id=call_id,
            name=name,
            status="error" if result.is_error else "success",
            artifact={"structured_content": result.structured_content, "meta": result.meta},
        )

    async def _call(self, name: str, arguments: dict[str, Any], caller: Caller, call_id: str) -> CallToolResult:
        tool = self._tools.get(name)
        if tool is None:
            raise MissingTool(f"tool {name!r} is not available; available: {', '.join(sorted(self._tools))}")
        namespace = grant_namespace(tool.server)
        if not caller.principal.grants.allows_tool(namespace, name):
            return _refused(
                f"the key of {caller.principal.name} holds no grant for `{name}` (grant tool:{namespace}:{name})"
            )
        session, emit = self._sessions[tool.server], caller.emit
        record_server(tool.server)
        meta = (
            self._credentials.request_meta(caller.principal, tool.server, name, arguments) if self._credentials else {}
        )
        # Notifications arrive on the session's receive task, outside this run's context (where `emit` works):
        # they are queued there and emitted here while the call runs.
        reports: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            reports.put_nowait({"id": call_id, "tool": name, "progress": progress, "total": total, "message": message})

        emit("tool_call", {"id": call_id, "tool": name, "arguments": _preview_arguments(arguments)})
        # The session's own call: the MCP SDK's client span is the child of the agent's span, and the trace
        # context and the caller's restrictions cross in `_meta`.
        call = asyncio.ensure_future(
            session.call_tool(name, arguments, progress_callback=on_progress, meta=meta or None)
        )
        try:
            while not call.done():
                report = asyncio.ensure_future(reports.get())
                await asyncio.wait({call, report}, return_when=asyncio.FIRST_COMPLETED)
                if report.done():
                    emit("progress", report.result())
                else:
                    report.cancel()
        finally:
            call.cancel()  # a no-op once it finished; stops the call when this request is cancelled
        while not reports.empty():
            emit("progress", reports.get_nowait())
        result = call.result()
        status = "error" if result.is_error else "success"
        emit(
            "tool_result",
            {"id": call_id, "tool": name, "status": status, "preview": _content_text(result.content)[:300]},
        )
        return result


def _refused(message: str) -> CallToolResult:
    """The result a server gives a call its caller holds no grant for, made here without the round trip."""
    return CallToolResult.model_validate(
        {
            "content": [{"type": "text", "text": message}],
            "isError": True,
            "_meta": {ERROR_META_KEY: {"kind": "forbidden"}},
        }
    )


_PREVIEW_CHARS = 2000


def _preview_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments as a stream event shows them: long texts (a pasted report) are cut, saying how long they were."""
    preview = json.dumps(arguments, ensure_ascii=False, default=str)
    if len(preview) <= _PREVIEW_CHARS:
        return arguments
    return {"preview": preview[:_PREVIEW_CHARS], "omitted_chars": len(preview) - _PREVIEW_CHARS}
