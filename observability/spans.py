"""Starting Relayboard spans with their kind attributes, and reading trace ids for callers."""

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span

from observability.content import captured
from observability.failures import chained, record_failure
from observability.instruments import measured_agent, measured_chat
from observability.kinds import SpanKind

_TRACER_NAME = "relayboard"

AttributeValue = str | bool | int | float | list[str]

# Attributes holding a request's text: they pass the content policy (off / truncated / full).
CONTENT_ATTRIBUTES = frozenset({"input.value", "output.value", "db.query.text"})


def _attributes(kind: SpanKind, attributes: Mapping[str, AttributeValue | None] | None) -> dict[str, Any]:
    merged: dict[str, Any] = dict(kind.attributes())
    for key, value in (attributes or {}).items():
        if key in CONTENT_ATTRIBUTES:
            value = captured(value)
        if value is not None:
            merged[key] = value
    return merged


def set_content(span: Span, key: str | tuple[str, ...], value: Any) -> None:
    """Set a text attribute (`output.value`, ...), or several holding the same text, as the content policy allows.

    The text is rendered and redacted once for all the keys: a tool result is recorded under two names."""
    text = captured(value)
    if text is not None:
        for name in (key,) if isinstance(key, str) else key:
            span.set_attribute(name, text)


def _measured(kind: SpanKind, attributes: Mapping[str, AttributeValue | None] | None) -> AbstractContextManager[None]:
    """Agent and chat model spans also measure their duration as metrics (the metric is kept when a sampler drops
    the span)."""
    named = dict(attributes or {})
    if kind is SpanKind.AGENT:
        return measured_agent(str(named.get("gen_ai.agent.name", "")))
    if kind is SpanKind.CHAT_MODEL:
        return measured_chat(str(named.get("gen_ai.request.model", "")))
    return nullcontext()


@contextmanager
def start_span(
    name: str,
    kind: SpanKind,
    attributes: Mapping[str, AttributeValue | None] | None = None,
    *,
    context: Context | None = None,
    server: bool = False,
) -> Iterator[Span]:
    """Open a span of `kind` as the current span; errors escaping it mark it failed (see `failures`) and
    re-raise. AGENT and CHAT_MODEL spans also record their duration metric (`instruments`)."""
    tracer = trace.get_tracer(_TRACER_NAME)
    otel_kind = trace.SpanKind.SERVER if server else trace.SpanKind.INTERNAL
    span = tracer.start_span(name, context=context, kind=otel_kind, attributes=_attributes(kind, attributes))
    with _measured(kind, attributes), activate(span):
        yield span


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
    follows: Context | None = None,
) -> Span:
    """Start a span without making it current, so its ids are known before the work begins (e.g. to send
    `traceparent` in response headers before a stream's body). Activate it with `activate`.

    `context` makes it a child of that context's span; `follows` links it to that context's span instead (a span
    of its own trace that follows from another, as each message of a batch does in OpenTelemetry's messaging
    conventions)."""
    linked = trace.get_current_span(follows).get_span_context() if follows is not None else None
    links = [trace.Link(linked)] if linked is not None and linked.is_valid else None
    return trace.get_tracer(_TRACER_NAME).start_span(
        name, context=context, attributes=_attributes(kind, attributes), links=links
    )


@contextmanager
def activate(span: Span) -> Iterator[Span]:
    """Make `span` current for the block and end it afterwards; errors mark it failed and re-raise."""
    try:
        with chained(span):
            yield span
    except Exception as exc:
        record_failure(span, exc)
        raise
    finally:
        span.end()
