"""Reading a W3C trace context from a carrier (a caller's HTTP headers); the MCP SDK carries it across `_meta`."""

from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagate import extract


def extract_context(carrier: Mapping[str, Any] | None) -> otel_context.Context:
    """Read a W3C trace context from `carrier`; an empty or absent carrier gives the current context."""
    if not carrier:
        return otel_context.get_current()
    return extract({key: str(value) for key, value in carrier.items()})


def request_context(headers: Mapping[str, Any] | None) -> otel_context.Context:
    """The parent for a request's work: the current span when the HTTP server traces requests (it already
    read the caller's `traceparent`), else the caller's context read from `headers`."""
    if trace.get_current_span().get_span_context().is_valid:
        return otel_context.get_current()
    return extract_context(headers)
