"""Work that leaves no trace: health probes and start-up warm-ups run inside `untraced()`.

A sampler drops every span started in that context; the dropped span's context still propagates (unsampled),
so an MCP server answering a probe drops its span too (its parent-based sampler follows the caller).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from opentelemetry import context as otel_context
from opentelemetry.context import Context
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import Link, SpanKind
from opentelemetry.util.types import Attributes

_UNTRACED = otel_context.create_key("relayboard.untraced")


@contextmanager
def untraced() -> Iterator[None]:
    """Spans started in this block (and in calls it makes to our MCP servers) are not recorded."""
    token = otel_context.attach(otel_context.set_value(_UNTRACED, True))
    try:
        yield
    finally:
        otel_context.detach(token)


def is_untraced() -> bool:
    """Whether the current work runs under `untraced()` (it records no metrics either)."""
    return bool(otel_context.get_value(_UNTRACED))


class QuietSampler(Sampler):
    """Drops spans started under `untraced()`; leaves every other decision to `delegate` (the SDK's sampler)."""

    def __init__(self, delegate: Sampler) -> None:
        self._delegate = delegate

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: object = None,
    ) -> SamplingResult:
        if otel_context.get_value(_UNTRACED, parent_context or otel_context.get_current()):
            return SamplingResult(Decision.DROP)
        return self._delegate.should_sample(parent_context, trace_id, name, kind, attributes, links)

    def get_description(self) -> str:
        return f"QuietSampler({self._delegate.get_description()})"
