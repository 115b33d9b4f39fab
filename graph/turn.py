"""One request about to run through the agent system: its question, thread, options and root span."""

from dataclasses import dataclass
from typing import Any

from langchain_core.runnables import RunnableConfig
from opentelemetry.context import Context
from opentelemetry.trace import Span
from typing_extensions import TypedDict

from agents.contracts import ANONYMOUS, Principal, SummaryRequest
from observability import format_traceparent

StreamEvent = tuple[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Turn:
    """One request about to run: its thread, graph config and root span (started, not yet current)."""

    question: str
    thread_id: str
    config: RunnableConfig
    span: Span
    collection: str | None = None
    summary: SummaryRequest | None = None
    principal: Principal = ANONYMOUS

    @property
    def traceparent(self) -> str:
        return format_traceparent(self.span)

    @property
    def trace_id(self) -> str:
        return f"{self.span.get_span_context().trace_id:032x}"


class TurnOptions(TypedDict, total=False):
    """What a request may say besides its question."""

    thread_id: str | None
    """Continue this conversation (None: start one)."""
    parent: Context | None
    """The caller's trace context: the request's root span becomes its child."""
    follows: Context | None
    """A trace context the request follows from without being part of it: its root starts a trace of its own,
    linked to that context's span (each question of a batch job; ignored with `parent`)."""
    collection: str | None
    """The document collection retrieval searches."""
    summary: SummaryRequest | None
    """How a summary should look."""
    principal: Principal
    """Who the request is for (default: anonymous, no restriction beyond the deployment's)."""
