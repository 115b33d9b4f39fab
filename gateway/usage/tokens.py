"""Model tokens per trace, read from the GenAI usage attributes of the chat spans this process ends."""

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider

_INPUT, _OUTPUT, _MODEL = "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.request.model"
_KEPT_TRACES = 10_000  # tallies nobody collects (e.g. a request that failed early) must not grow without bound


@dataclass(slots=True)
class TokenCount:
    """Tokens a request's model calls used, and the model that answered (the last one called)."""

    input_tokens: int = 0
    output_tokens: int = 0
    model: str | None = None

    @property
    def total(self) -> int:
        return self.input_tokens + self.output_tokens


class TokenTally(SpanProcessor):
    """Adds up `gen_ai.usage.*` per trace as chat spans end; `take(trace_id)` hands a request its count."""

    def __init__(self) -> None:
        self._counts: OrderedDict[str, TokenCount] = OrderedDict()
        self._lock = Lock()  # spans may end on other threads

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        return None

    def on_end(self, span: ReadableSpan) -> None:
        attributes = span.attributes or {}
        if _INPUT not in attributes and _OUTPUT not in attributes:
            return
        context = span.get_span_context()
        if context is None:
            return
        trace_id = f"{context.trace_id:032x}"
        with self._lock:
            count = self._counts.setdefault(trace_id, TokenCount())
            count.input_tokens += int(str(attributes.get(_INPUT, 0)))
            count.output_tokens += int(str(attributes.get(_OUTPUT, 0)))
            model = attributes.get(_MODEL)
            count.model = str(model) if model is not None else count.model
            while len(self._counts) > _KEPT_TRACES:
                self._counts.popitem(last=False)

    def attach(self) -> None:
        """Count the spans of the tracer provider installed now (one the caller configured, in tests)."""
        provider = trace.get_tracer_provider()
        if isinstance(provider, TracerProvider):
            provider.add_span_processor(self)

    def take(self, trace_id: str | None) -> TokenCount:
        """The count of `trace_id` (zero for none), forgotten here once taken."""
        with self._lock:
            return self._counts.pop(trace_id, TokenCount()) if trace_id else TokenCount()
