"""W3C trace-context propagation through plain dict carriers (HTTP headers, MCP `_meta`)."""

from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry.propagate import extract, inject


def inject_context(carrier: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write the current span's `traceparent` (and `tracestate`) into `carrier` and return it."""
    target: dict[str, Any] = {} if carrier is None else carrier
    inject(target)
    return target


def extract_context(carrier: Mapping[str, Any] | None) -> otel_context.Context:
    """Read a W3C trace context from `carrier`; an empty or absent carrier gives the current context."""
    if not carrier:
        return otel_context.get_current()
    return extract({key: str(value) for key, value in carrier.items()})
