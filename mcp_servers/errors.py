"""Turning Relayboard errors raised inside a tool into MCP tool errors (`isError`) a model can act on."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from tools.errors import RelayboardError, UpstreamUnavailable, error_code

logger = logging.getLogger(__name__)

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


@contextmanager
def tool_errors() -> Iterator[None]:
    """Re-raise a `RelayboardError` as a `ToolError`: `[code] message`, the message saying what was wrong and
    how to fix it, the code keeping its kind for clients that map errors (e.g. to HTTP statuses)."""
    try:
        yield
    except RelayboardError as exc:
        if isinstance(exc, UpstreamUnavailable):
            logger.warning("upstream unavailable in tool call: %s", exc)
        raise ToolError(f"[{error_code(exc)}] {exc}") from exc
