"""Reading an MCP tool result in a test: its text and its structured content, typed."""

from collections.abc import Sequence
from typing import Any, Protocol


class ToolResult(Protocol):
    """A `call_tool` result of either MCP client (fastmcp's or the SDK's)."""

    @property
    def content(self) -> Sequence[object]: ...

    @property
    def structured_content(self) -> dict[str, Any] | None: ...


def text_of(result: ToolResult) -> str:
    """The result's text blocks, joined (a tool error's message is here)."""
    return " ".join(str(getattr(block, "text", "")) for block in result.content)


def structured(result: ToolResult) -> dict[str, Any]:
    """The result's structured content; a result without one fails the test here, saying so."""
    assert result.structured_content is not None, f"no structured content: {text_of(result)}"
    return result.structured_content


def meta(result: object) -> dict[str, Any]:
    """The result's `_meta` (where our servers name an error's kind); a result without one fails here."""
    found = getattr(result, "meta", None)
    assert isinstance(found, dict), f"no _meta on {result!r}"
    return found
