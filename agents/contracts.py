"""What an agent is given and what it returns: one step of a request, JSON-serialisable for checkpoints."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, Protocol

# typing_extensions' TypedDict: pydantic validates these (the HTTP answer embeds them) only in this form on 3.11.
from typing_extensions import TypedDict

from tools.grants import FULL_ACCESS, Grants

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


class Passage(TypedDict):
    """Text a step worked from, and where it sits: characters [start, start + len(text)) of document `doc_id`."""

    doc_id: str
    title: str
    start: int
    text: str


class SummarySentence(TypedDict):
    """A sentence of a summary and the source sentence it rests on (the same sentence, when extracted)."""

    text: str
    doc_id: str
    title: str
    start: int
    end: int
    source_text: str
    support: float
    supported: bool


class SummaryEvidence(TypedDict):
    """What a summary rests on, sentence by sentence, how much it condensed, and what the reader should know."""

    mode: Literal["extractive", "generative"]
    style: str
    sentences: list[SummarySentence]
    unsupported: int
    source_sentences: int
    source_words: int
    rounds: int
    notes: list[str]


class SummaryRequest(TypedDict, total=False):
    """How the caller wants a summary: length, layout and, optionally, which document."""

    max_sentences: int
    max_words: int
    style: str
    doc_id: str


class StepResult(TypedDict):
    """One agent's contribution to a request."""

    route: Route
    answer: str
    found: bool
    citations: list[Citation]
    sql: SqlEvidence | None
    context: str
    passages: list[Passage]
    summary: SummaryEvidence | None


def _ignore(_event: str, _data: dict[str, Any]) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request runs for: the API key's holder (never the key itself) and its grants (tools/grants.py).

    The gateway sets it per request from the key; it travels as run context to every tool call, whose `_meta`
    carries it to the MCP server as a signed call token (agents/mcp_client/caller.py), and the server enforces
    the grants. It is never taken from a model's output. Deny by default: a principal holds only what it names.
    """

    name: str = "anonymous"
    grants: Grants = field(default_factory=Grants)

    @property
    def sql_tables(self) -> tuple[str, ...] | None:
        """The SQL tables this caller may read (None: whatever the deployment allows)."""
        return self.grants.sql_tables


ANONYMOUS = Principal("anonymous", FULL_ACCESS)
"""The caller when the gateway needs no keys (it listens on loopback and none are configured), and over stdio."""


class Caller(Protocol):
    """Who a tool call is made for and where its stream events go (an `AgentTask` is one)."""

    @property
    def emit(self) -> Emit: ...

    @property
    def principal(self) -> Principal: ...


@dataclass(frozen=True, slots=True)
class CallScope:
    """A `Caller` outside an agent's task: a direct tool call made for `principal` (the MCP edge, admin routes)."""

    principal: Principal = ANONYMOUS
    emit: Emit = _ignore


@dataclass(frozen=True, slots=True)
class AgentTask:
    """A question for one agent, the steps already taken in this request, and where to send stream events."""

    question: str
    previous: list[StepResult] = field(default_factory=list)
    emit: Emit = _ignore
    collection: str | None = None
    summary: SummaryRequest | None = None
    principal: Principal = ANONYMOUS
    prior_sql: SqlEvidence | None = None  # the query the thread's last SQL answer rests on, for follow-ups


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
    passages: list[Passage] | None = None,
    summary: SummaryEvidence | None = None,
) -> StepResult:
    """Build a `StepResult`; `context` (and `passages`, where it came from) is what a following step (e.g.
    summarise) works from."""
    return StepResult(
        route=route,
        answer=answer,
        found=found,
        citations=citations or [],
        sql=sql,
        context=context or answer,
        passages=passages or [],
        summary=summary,
    )
