"""What an MCP server says about one of its tools, typed: name, description, schemas, annotations, `_meta`."""

from dataclasses import dataclass, field
from typing import Any

from mcp_types import Tool


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One tool as its server listed it (`tools/list`), with the server that offers it."""

    name: str
    server: str
    description: str = ""
    args_schema: dict[str, Any] = field(default_factory=dict)
    """The tool's JSON Schema for its arguments (`inputSchema`)."""
    output_schema: dict[str, Any] | None = None
    read_only: bool = True
    """False only when the server annotated the tool `readOnlyHint: false` (unannotated tools count as readers)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """The `_meta` the server published for the tool (e.g. a curated query's examples)."""

    @classmethod
    def from_mcp(cls, tool: Tool, *, server: str) -> "ToolSpec":
        """The spec of `tool` as listed by `server`."""
        annotations = tool.annotations
        return cls(
            name=tool.name,
            server=server,
            description=tool.description or "",
            args_schema=dict(tool.input_schema or {}),
            output_schema=dict(tool.output_schema) if tool.output_schema is not None else None,
            read_only=not (annotations is not None and annotations.read_only_hint is False),
            meta=dict(tool.meta or {}),
        )

    def function_schema(self) -> dict[str, Any]:
        """The tool in the OpenAI function-calling form every LangChain chat model's `bind_tools` accepts."""
        parameters = self.args_schema or {"type": "object", "properties": {}}
        return {
            "type": "function",
            "function": {"name": self.name, "description": self.description, "parameters": parameters},
        }
