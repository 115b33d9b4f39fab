"""Turning Relayboard errors raised inside a tool into MCP tool errors (`isError`) a model can act on."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from tools.errors import RelayboardError, UpstreamUnavailable

logger = logging.getLogger(__name__)

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


@contextmanager
def tool_errors() -> Iterator[None]:
    """Re-raise a `RelayboardError` as a `ToolError` carrying its message (what was wrong, how to fix it)."""
    try:
        yield
    except UpstreamUnavailable as exc:
        logger.warning("upstream unavailable in tool call: %s", exc)
        raise ToolError(f"temporarily unavailable: {exc}") from exc
    except RelayboardError as exc:
        raise ToolError(str(exc)) from exc
