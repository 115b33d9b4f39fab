"""Per-run values, passed as LangGraph run context rather than globals."""

from dataclasses import dataclass

from agents.contracts import ANONYMOUS, Principal, SummaryRequest


@dataclass(frozen=True, slots=True)
class RunContext:
    """Who is asking and the bounds of this run."""

    thread_id: str
    max_steps: int = 4
    collection: str | None = None
    """The document collection retrieval searches (None: the retrieval server's default)."""
    summary: SummaryRequest | None = None
    """How the caller wants summaries laid out (None: as the question says, else the defaults)."""
    principal: Principal = ANONYMOUS
    """Who the run is for: every tool call carries what this caller may read to its server."""
