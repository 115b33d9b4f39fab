"""An agent's MCP tools: calling them by name, reading structured results, reporting calls as events."""

import json
import re
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from agents.contracts import Emit
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


class Toolbox:
    """The LangChain tools an MCP adapter built for one agent."""

    def __init__(self, tools: Sequence[BaseTool]) -> None:
        self._tools = {tool.name: tool for tool in tools}

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

        Raises:
            MissingTool: no such tool is configured.
            ToolCallFailed: the server answered with a tool error.
        """
        message = await self.invoke(name, arguments, emit, call_id=f"call_{uuid.uuid4().hex[:12]}")
        if message.status == "error":
            text = _text(message).removeprefix(f"Error executing tool {name}: ")
            coded = _CODED.match(text)
            if coded:
                raise error_from_code(coded.group(1), coded.group(2), ToolCallFailed)
            raise ToolCallFailed(text)
        artifact = message.artifact or {}
        structured = artifact.get("structured_content") if isinstance(artifact, dict) else None
        if structured is None:
            try:
                structured = json.loads(_text(message))
            except json.JSONDecodeError:
                structured = {"text": _text(message)}
        return dict(structured)

    async def invoke(self, name: str, arguments: dict[str, Any], emit: Emit, *, call_id: str) -> ToolMessage:
        """Call tool `name` and return the ToolMessage (errors are in its `status`, not raised)."""
        tool = self._tools.get(name)
        if tool is None:
            raise MissingTool(f"tool {name!r} is not available; available: {', '.join(sorted(self._tools))}")
        emit("tool_call", {"id": call_id, "tool": name, "arguments": arguments})
        message = await tool.ainvoke({"type": "tool_call", "id": call_id, "name": name, "args": arguments})
        assert isinstance(message, ToolMessage)
        emit("tool_result", {"id": call_id, "tool": name, "status": message.status, "preview": _text(message)[:300]})
        return message
