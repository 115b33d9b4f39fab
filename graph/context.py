"""Per-run values, passed as LangGraph run context rather than globals."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RunContext:
    """Who is asking and the bounds of this run."""

    thread_id: str
    max_steps: int = 4
    collection: str | None = None
    """The document collection retrieval searches (None: the retrieval server's default)."""
