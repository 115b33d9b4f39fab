"""What a request used, read from the spans this process ends: model tokens (GenAI usage attributes), the
tools it called and the routes it took. Nothing new is reported by the agents."""

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.trace import StatusCode

_INPUT, _OUTPUT = "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"
_MODEL, _ANSWERED_BY = "gen_ai.request.model", "gen_ai.response.model"  # asked for; replied (e.g. a fallback)
_TOOL, _SERVER, _ROUTES = "gen_ai.tool.name", "relayboard.mcp.server", "relayboard.routes"
_KEPT_TRACES = 10_000  # tallies nobody collects (e.g. a request that failed early) must not grow without bound


@dataclass(slots=True)
class TraceUsage:
    """Tokens a request's model calls used, the model that answered (the last called), its tool calls, routes."""

    input_tokens: int = 0
    output_tokens: int = 0
    model: str | None = None
    tools: list[dict[str, Any]] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.input_tokens + self.output_tokens


class TraceTally(SpanProcessor):
    """Adds up usage per trace as spans end; `take(trace_id)` hands a request its usage."""

    def __init__(self) -> None:
        self._usage: OrderedDict[str, TraceUsage] = OrderedDict()
        self._lock = Lock()  # spans may end on other threads

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        return None

    def on_end(self, span: ReadableSpan) -> None:
        attributes = span.attributes or {}
        context = span.get_span_context()
        if context is None or not (
            {_INPUT, _OUTPUT, _ROUTES} & set(attributes) or span.name.startswith("execute_tool")
        ):
            return
        with self._lock:
            usage = self._usage.setdefault(f"{context.trace_id:032x}", TraceUsage())
            usage.input_tokens += int(str(attributes.get(_INPUT, 0)))
            usage.output_tokens += int(str(attributes.get(_OUTPUT, 0)))
            model = attributes.get(_ANSWERED_BY, attributes.get(_MODEL))
            if model is not None and (_INPUT in attributes or _OUTPUT in attributes):
                usage.model = str(model)
            if _ROUTES in attributes:
                usage.routes = [str(route) for route in attributes[_ROUTES]]  # type: ignore[union-attr]  # a sequence attribute
            if span.name.startswith("execute_tool"):
                latency = ((span.end_time or 0) - (span.start_time or 0)) / 1e6
                failed = span.status.status_code == StatusCode.ERROR
                usage.tools.append(
                    {
                        "server": attributes.get(_SERVER),
                        "tool": attributes.get(_TOOL),
                        "latency_ms": round(latency, 1),
                        "status": "error" if failed else "ok",
                    }
                )
            while len(self._usage) > _KEPT_TRACES:
                self._usage.popitem(last=False)

    def attach(self) -> None:
        """Count the spans of the tracer provider installed now (one the caller configured, in tests)."""
        provider = trace.get_tracer_provider()
        if isinstance(provider, TracerProvider):
            provider.add_span_processor(self)

    def take(self, trace_id: str | None) -> TraceUsage:
        """The usage of `trace_id` (none for none), forgotten here once taken."""
        with self._lock:
            return self._usage.pop(trace_id, TraceUsage()) if trace_id else TraceUsage()
