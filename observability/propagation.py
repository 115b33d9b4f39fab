"""Reading a W3C trace context from a carrier (a caller's HTTP headers); the MCP SDK carries it across `_meta`."""

from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.propagate import extract


def extract_context(carrier: Mapping[str, Any] | None) -> otel_context.Context:
    """Read a W3C trace context from `carrier`; an empty or absent carrier gives the current context."""
    if not carrier:
        return otel_context.get_current()
    return extract({key: str(value) for key, value in carrier.items()})
