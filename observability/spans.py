"""Starting Relayboard spans with their kind attributes, and reading trace ids for callers."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, Status, StatusCode

from observability.kinds import SpanKind

_TRACER_NAME = "relayboard"

AttributeValue = str | bool | int | float | list[str]


@contextmanager
def start_span(
    name: str,
    kind: SpanKind,
    attributes: Mapping[str, AttributeValue | None] | None = None,
    *,
    context: Context | None = None,
    server: bool = False,
) -> Iterator[Span]:
    """Open a span of `kind` as the current span; errors escaping it mark it failed and re-raise."""
    tracer = trace.get_tracer(_TRACER_NAME)
    merged: dict[str, Any] = dict(kind.attributes())
    for key, value in (attributes or {}).items():
        if value is not None:
            merged[key] = value
    otel_kind = trace.SpanKind.SERVER if server else trace.SpanKind.INTERNAL
    with tracer.start_as_current_span(
        name, context=context, kind=otel_kind, attributes=merged, record_exception=True
    ) as span:
        try:
            yield span
        except BaseException as exc:
            span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {exc}"))
            raise


def format_traceparent(span: Span) -> str:
    """The W3C `traceparent` header value for `span`."""
    ctx = span.get_span_context()
    return f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}"


def begin_span(
    name: str,
    kind: SpanKind,
    attributes: Mapping[str, AttributeValue | None] | None = None,
    *,
    context: Context | None = None,
) -> Span:
    """Start a span without making it current, so its ids are known before the work begins (e.g. to send
    `traceparent` in response headers before a stream's body). Activate it with `activate`."""
    merged: dict[str, Any] = dict(kind.attributes())
    merged.update({key: value for key, value in (attributes or {}).items() if value is not None})
    return trace.get_tracer(_TRACER_NAME).start_span(name, context=context, attributes=merged)


@contextmanager
def activate(span: Span) -> Iterator[Span]:
    """Make `span` current for the block and end it afterwards; errors mark it failed and re-raise."""
    with trace.use_span(span, end_on_exit=True, record_exception=True, set_status_on_exception=True):
        yield span
