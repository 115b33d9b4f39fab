"""An agent's MCP tools: calling them by name, reading structured results, reporting calls as events."""

import asyncio
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from agents.caller import request_meta
from agents.contracts import Emit
from observability import traced_tool_call
from tools.errors import InvalidInput, UpstreamUnavailable, error_from_code
from tools.sql.curated import CURATED_META_KEY

_CODED = re.compile(r"^\[([a-z_]+)\] (.*)$", re.DOTALL)


class ToolCallFailed(InvalidInput):
    """An MCP tool refused the call (`isError`); the message is the server's account of what to change."""


class MissingTool(UpstreamUnavailable):
    """The agent needs a tool its MCP servers do not offer."""


def tool_meta(tool: BaseTool) -> dict[str, Any]:
    """The `_meta` the MCP server published for `tool`."""
    mcp = (tool.metadata or {}).get("mcp", {})
    meta = mcp.get("tool", {}).get("_meta") or {}
    return dict(meta)


def is_write_tool(tool: BaseTool) -> bool:
    """True when the MCP server annotated `tool` as not read-only (unannotated tools count as readers)."""
    annotations = (tool.metadata or {}).get("mcp", {}).get("tool", {}).get("annotations") or {}
    return annotations.get("read_only_hint") is False


def _text(message: ToolMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return " ".join(str(block.get("text", "")) if isinstance(block, dict) else str(block) for block in content)


def _content_text(content: Sequence[Any]) -> str:
    return " ".join(str(getattr(block, "text", "")) for block in content)


class Toolbox:
    """The LangChain tools an MCP adapter built for one agent, and (when known) the MCP client serving each tool,
    through which `call` receives the server's progress notifications."""

    def __init__(self, tools: Sequence[BaseTool], clients: Mapping[str, Any] | None = None) -> None:
        self._tools = {tool.name: tool for tool in tools}
        self._clients = dict(clients or {})

    @property
    def tools(self) -> list[BaseTool]:
        return list(self._tools.values())

    def has(self, name: str) -> bool:
        return name in self._tools

    def curated(self) -> list[BaseTool]:
        """Tools the SQL server marked as curated queries."""
        return [tool for tool in self._tools.values() if tool_meta(tool).get(CURATED_META_KEY)]

    async def call(self, name: str, arguments: dict[str, Any], emit: Emit) -> dict[str, Any]:
        """Call tool `name` over MCP and return its structured result.

        The server's progress notifications, if any, are emitted as `progress` events.

        Raises:
            MissingTool: no such tool is configured.
            ToolCallFailed: the server answered with a tool error.
        """
        call_id = f"call_{uuid.uuid4().hex[:12]}"
        client = self._clients.get(name)
        if client is not None and name in self._tools:
            return await self._call_reporting_progress(client, name, arguments, emit, call_id)
        message = await self.invoke(name, arguments, emit, call_id=call_id)
        artifact = message.artifact or {}
        structured = artifact.get("structured_content") if isinstance(artifact, dict) else None
        return _structured(name, message.status == "error", _text(message), structured)

    @traced_tool_call(lambda structured: (structured, False))  # a failed call raises, failing its span
    async def _call_reporting_progress(
        self, client: Any, name: str, arguments: dict[str, Any], emit: Emit, call_id: str
    ) -> dict[str, Any]:
        # Notifications arrive on the client's receive task, outside this run's context (where `emit` works):
        # they are queued there and emitted here while the call runs.
        reports: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        async def progress(done: float, total: float | None, message: str | None) -> None:
            reports.put_nowait({"id": call_id, "tool": name, "progress": done, "total": total, "message": message})

        emit("tool_call", {"id": call_id, "tool": name, "arguments": _preview_arguments(arguments)})
        async with client:  # fastmcp clients are re-entrant: this reuses the open session
            # The session's own call, as the LangChain adapter makes it: the MCP SDK's client span stays the
            # child of the agent's span, and the trace context crosses in `_meta` as for every other call.
            call = asyncio.ensure_future(
                client.session.call_tool(name, arguments, progress_callback=progress, meta=request_meta())
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
        text = _content_text(result.content)
        status = "error" if result.is_error else "success"
        emit("tool_result", {"id": call_id, "tool": name, "status": status, "preview": text[:300]})
        return _structured(name, bool(result.is_error), text, result.structured_content)

    @traced_tool_call(lambda message: (_text(message), message.status == "error"))
    async def invoke(self, name: str, arguments: dict[str, Any], emit: Emit, *, call_id: str) -> ToolMessage:
        """Call tool `name` and return the ToolMessage (errors are in its `status`, not raised)."""
        tool = self._tools.get(name)
        if tool is None:
            raise MissingTool(f"tool {name!r} is not available; available: {', '.join(sorted(self._tools))}")
        emit("tool_call", {"id": call_id, "tool": name, "arguments": _preview_arguments(arguments)})
        meta, client = request_meta(), self._clients.get(name)
        if meta is None:
            message = await tool.ainvoke({"type": "tool_call", "id": call_id, "name": name, "args": arguments})
            assert isinstance(message, ToolMessage)
        elif client is not None:
            # The caller's restrictions must reach the server: call through the session, which carries `_meta`.
            async with client:
                result = await client.session.call_tool(name, arguments, meta=meta)
            message = ToolMessage(
                content=_content_text(result.content),
                tool_call_id=call_id,
                name=name,
                status="error" if result.is_error else "success",
                artifact={"structured_content": result.structured_content},
            )
        else:
            raise MissingTool(f"tool {name!r} cannot carry this caller's restrictions to its server")
        emit("tool_result", {"id": call_id, "tool": name, "status": message.status, "preview": _text(message)[:300]})
        return message


def _structured(name: str, failed: bool, text: str, structured: Any) -> dict[str, Any]:
    """A tool's structured result, or its error raised as the error its `[code]` names."""
    if failed:
        text = text.removeprefix(f"Error executing tool {name}: ")
        coded = _CODED.match(text)
        if coded:
            raise error_from_code(coded.group(1), coded.group(2), ToolCallFailed)
        raise ToolCallFailed(text)
    if structured is None:
        try:
            structured = json.loads(text)
        except json.JSONDecodeError:
            structured = {"text": text}
    return dict(structured)


_PREVIEW_CHARS = 2000


def _preview_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments as a stream event shows them: long texts (a pasted report) are cut, saying how long they were."""
    preview = json.dumps(arguments, ensure_ascii=False, default=str)
    if len(preview) <= _PREVIEW_CHARS:
        return arguments
    return {"preview": preview[:_PREVIEW_CHARS], "omitted_chars": len(preview) - _PREVIEW_CHARS}
