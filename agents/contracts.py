"""What an agent is given and what it returns: one step of a request, JSON-serialisable for checkpoints."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, Protocol

# typing_extensions' TypedDict: pydantic validates these (the HTTP answer embeds them) only in this form on 3.11.
from typing_extensions import TypedDict

Route = Literal["retrieval", "sql", "summarise"]
ROUTES: tuple[Route, ...] = ("retrieval", "sql", "summarise")
Emit = Callable[[str, dict[str, Any]], None]


class Citation(TypedDict):
    """A passage an answer rests on: document id and character offsets [start, end) into that document."""

    doc_id: str
    title: str
    start: int
    end: int
    text: str
    score: float
    chunk_id: NotRequired[str]  # the indexed chunk the passage was found in (retrieval)
    page: NotRequired[int]  # the PDF page the passage's chunk starts on


class SqlEvidence(TypedDict):
    """The query an answer rests on and what it returned."""

    tool: str
    sql: str
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    row_limit: int


class StepResult(TypedDict):
    """One agent's contribution to a request."""

    route: Route
    answer: str
    found: bool
    citations: list[Citation]
    sql: SqlEvidence | None
    context: str


def _ignore(_event: str, _data: dict[str, Any]) -> None:
    return None


@dataclass(frozen=True, slots=True)
class AgentTask:
    """A question for one agent, the steps already taken in this request, and where to send stream events."""

    question: str
    previous: list[StepResult] = field(default_factory=list)
    emit: Emit = _ignore
    collection: str | None = None


class Agent(Protocol):
    """A worker agent: answers one task by calling its MCP tools."""

    route: Route

    async def run(self, task: AgentTask) -> StepResult: ...


def step(
    route: Route,
    answer: str,
    *,
    found: bool = True,
    citations: list[Citation] | None = None,
    sql: SqlEvidence | None = None,
    context: str = "",
) -> StepResult:
    """Build a `StepResult`; `context` is what a following step (e.g. summarise) works from."""
    return StepResult(
        route=route, answer=answer, found=found, citations=citations or [], sql=sql, context=context or answer
    )
