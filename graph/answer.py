"""The answer to one request, as every edge (HTTP, MCP, CLI) returns it."""

from typing import Any, Literal

from pydantic import BaseModel, Field

AnswerMode = Literal["extractive", "generative"]


class StepSummary(BaseModel):
    route: str
    task: str
    found: bool


class CitationOut(BaseModel):
    doc_id: str
    title: str
    start: int = Field(description="Offset of the cited text's first character in the document")
    end: int = Field(description="Offset just past the cited text")
    text: str
    score: float


class SqlOut(BaseModel):
    tool: str
    sql: str
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    row_limit: int


class Answer(BaseModel):
    """What Relayboard answered, which routes ran in which mode, what it rests on, and its trace."""

    answer: str
    found: bool = Field(description="False when the agents declined or found nothing")
    routes: list[str]
    mode: AnswerMode
    steps: list[StepSummary]
    citations: list[CitationOut]
    sql: list[SqlOut]
    thread_id: str = Field(description="Pass it back to continue the conversation")
    trace_id: str = Field(description="The request's trace id (32 hex digits), as Jaeger shows it")
    traceparent: str = Field(description="W3C traceparent of the request's root span")
