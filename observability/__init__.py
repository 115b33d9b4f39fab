"""Telemetry for Relayboard: span kinds, tracer setup and context propagation. Imports no project package."""

from observability.kinds import SpanKind
from observability.propagation import extract_context
from observability.setup import configure_tracing, shutdown_tracing
from observability.spans import activate, begin_span, format_traceparent, start_span

__all__ = [
    "SpanKind",
    "activate",
    "begin_span",
    "configure_tracing",
    "extract_context",
    "format_traceparent",
    "shutdown_tracing",
    "start_span",
]
