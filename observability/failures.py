"""How failures show in a trace: every span on the failing path is an error with `error.type`; the stack trace is
recorded once, on the span where the exception was raised.

Relayboard's spans keep the chain of their open ancestors (the HTTP server span, the request, the agents) in the
OpenTelemetry context, so a failure that is handled below them (a tool error an agent answers around) still marks
them.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, Status, StatusCode

ERROR_TYPE_ATTRIBUTE = "error.type"
_CHAIN = otel_context.create_key("relayboard.span_chain")
# Marks an exception whose stack trace a span has recorded (built-in exceptions take no weak references, so a
# WeakSet cannot hold them; every exception takes an attribute).
_RECORDED = "_relayboard_trace_recorded"


def chain(context: Context | None = None) -> tuple[Span, ...]:
    """The open spans whose status follows a failure below them, outermost first."""
    value = otel_context.get_value(_CHAIN, context)
    return value if isinstance(value, tuple) else ()


def with_chain(span: Span, context: Context | None = None) -> Context:
    """`context` with `span` current and appended to the chain (the first link is the caller's current span,
    e.g. the HTTP server span, when the chain is empty)."""
    links = chain(context)
    if not links:
        current = trace.get_current_span(context)
        links = (current,) if current.get_span_context().is_valid and current is not span else ()
    return otel_context.set_value(_CHAIN, (*links, span), trace.set_span_in_context(span, context))


@contextmanager
def chained(span: Span) -> Iterator[None]:
    """Make `span` current and a link of the chain for the block."""
    token = otel_context.attach(with_chain(span))
    try:
        yield
    finally:
        otel_context.detach(token)


def mark_error(span: Span, error_type: str, description: str | None = None) -> None:
    """Set `span` failed with `error.type` (no stack trace)."""
    span.set_attribute(ERROR_TYPE_ATTRIBUTE, error_type)
    span.set_status(Status(StatusCode.ERROR, description))


def record_failure(span: Span, exc: BaseException) -> None:
    """Mark `span` failed by `exc`; its stack trace goes only on the first span `exc` passes through."""
    mark_error(span, type(exc).__qualname__, f"{type(exc).__name__}: {exc}")
    if not getattr(exc, _RECORDED, False):
        setattr(exc, _RECORDED, True)
        span.record_exception(exc)


def mark_chain_failed(error_type: str, description: str | None = None) -> None:
    """A failure handled below the chain (e.g. a tool error): mark every open link of the chain failed."""
    for span in chain():
        if span.is_recording():
            mark_error(span, error_type, description)
