"""Evaluations of an answer after the fact (e.g. a user's feedback), in the OpenTelemetry GenAI conventions.

The conventions define `gen_ai.evaluation.result` as an event parented to the operation it judges. The judged
request's trace has ended by the time a judgement arrives, so the event rides on a span of its own that carries an
OpenTelemetry Link to the judged request's root span: trace viewers (Jaeger, MLflow) show the one from the other.
"""

from opentelemetry import trace
from opentelemetry.trace import Link, SpanContext, TraceFlags

from observability.content import captured
from observability.kinds import SpanKind

EVALUATION_EVENT = "gen_ai.evaluation.result"
EVALUATION_NAME = "gen_ai.evaluation.name"
SCORE_VALUE = "gen_ai.evaluation.score.value"
SCORE_LABEL = "gen_ai.evaluation.score.label"
EXPLANATION = "gen_ai.evaluation.explanation"
JUDGED_TRACE = "relayboard.evaluation.trace_id"  # the judged request's trace, for searching by attribute


def record_evaluation(
    trace_id: str, span_id: str | None, *, name: str, score: float, label: str, explanation: str | None = None
) -> str:
    """A span (child of the current one) linked to span `span_id` of trace `trace_id` (hex ids), carrying one
    `gen_ai.evaluation.result` event; `explanation` passes the content policy. Without `span_id` (a request
    that had no root span of ours) there is nothing to link: the judged trace is then only an attribute.
    Returns the new span's trace id (empty when tracing is off)."""
    links = []
    if span_id:
        judged = SpanContext(
            int(trace_id, 16), int(span_id, 16), is_remote=True, trace_flags=TraceFlags(TraceFlags.SAMPLED)
        )
        links.append(Link(judged))
    tracer = trace.get_tracer("relayboard")
    attributes = {**SpanKind.CHAIN.attributes(), JUDGED_TRACE: trace_id, EVALUATION_NAME: name}
    with tracer.start_as_current_span(f"evaluate {name}", links=links, attributes=attributes) as span:
        event: dict[str, str | float] = {EVALUATION_NAME: name, SCORE_VALUE: score, SCORE_LABEL: label}
        text = captured(explanation) if explanation else None
        if text is not None:
            event[EXPLANATION] = text
        span.add_event(EVALUATION_EVENT, event)
        context = span.get_span_context()
        return f"{context.trace_id:032x}" if context.is_valid else ""
