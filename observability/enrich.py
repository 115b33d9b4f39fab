"""Giving spans that libraries create (FastAPI's, the MCP SDK's) the same kind attributes as ours."""

from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor

from observability.kinds import SPAN_KIND_ATTRIBUTE, SpanKind


def kind_of(name: str) -> SpanKind:
    """The kind of a library span by its name: a server's MCP `tools/call` span is a TOOL span. The client's
    `MCP send tools/call` span is transport (a CHAIN) under our own client-side TOOL span."""
    return SpanKind.TOOL if name.startswith("tools/call") else SpanKind.CHAIN


class SpanKindEnricher(SpanProcessor):
    """Adds `openinference.span.kind`, `mlflow.spanType` and `gen_ai.operation.name` to spans lacking them."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        attributes = span.attributes or {}
        if SPAN_KIND_ATTRIBUTE in attributes:
            return
        for key, value in kind_of(span.name).attributes().items():
            if key not in attributes:
                span.set_attribute(key, value)

    def on_end(self, span: ReadableSpan) -> None:
        return None

    def shutdown(self) -> None:
        return None

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True
