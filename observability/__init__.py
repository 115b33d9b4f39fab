"""Telemetry for Relayboard: span kinds, tracer and meter setup, instruments, log formatting and context
propagation. Imports no project package."""

from observability.content import captured
from observability.documents import RetrievedDocument, record_documents
from observability.evaluation import record_evaluation
from observability.failures import mark_error
from observability.instruments import JobQueueReading, observe_job_queue, observe_mcp_servers, record_token_usage
from observability.kinds import SpanKind
from observability.logs import LogSettings, configure_logging
from observability.meters import configure_metrics, flush_metrics, prometheus_text
from observability.metric_settings import MetricSettings
from observability.principal import record_principal
from observability.propagation import extract_context, request_context
from observability.quiet import untraced
from observability.settings import TraceSettings
from observability.setup import configure_tracing, shutdown_tracing
from observability.spans import activate, begin_span, format_traceparent, set_content, start_span
from observability.tool_calls import (
    ToolCallSpan,
    current_tool_span,
    record_arguments,
    record_server,
    tool_call,
    traced_tool_call,
)

__all__ = [
    "JobQueueReading",
    "LogSettings",
    "MetricSettings",
    "RetrievedDocument",
    "SpanKind",
    "ToolCallSpan",
    "TraceSettings",
    "activate",
    "begin_span",
    "captured",
    "configure_logging",
    "configure_metrics",
    "configure_tracing",
    "current_tool_span",
    "extract_context",
    "flush_metrics",
    "format_traceparent",
    "mark_error",
    "observe_job_queue",
    "observe_mcp_servers",
    "prometheus_text",
    "record_arguments",
    "record_documents",
    "record_evaluation",
    "record_principal",
    "record_server",
    "record_token_usage",
    "request_context",
    "set_content",
    "shutdown_tracing",
    "start_span",
    "tool_call",
    "traced_tool_call",
    "untraced",
]
