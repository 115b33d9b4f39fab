"""Telemetry for Relayboard: span kinds, tracer setup and context propagation. Imports no project package."""

from observability.kinds import SpanKind
from observability.propagation import extract_context, inject_context
from observability.setup import configure_tracing, shutdown_tracing
from observability.spans import activate, begin_span, current_trace_id, format_traceparent, start_span

__all__ = [
    "SpanKind",
    "activate",
    "begin_span",
    "configure_tracing",
    "current_trace_id",
    "extract_context",
    "format_traceparent",
    "inject_context",
    "shutdown_tracing",
    "start_span",
]
