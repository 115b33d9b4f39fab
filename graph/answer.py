"""The answer to one request, as every edge (HTTP, MCP, CLI) returns it."""

from typing import Literal

from pydantic import BaseModel, Field

from agents.contracts import Citation, SqlEvidence, SummaryEvidence

AnswerMode = Literal["extractive", "generative"]


class StepSummary(BaseModel):
    route: str
    task: str
    found: bool


class Answer(BaseModel):
    """What Relayboard answered, which routes ran in which mode, what it rests on, and its trace."""

    answer: str
    found: bool = Field(description="False when the agents declined or found nothing")
    routes: list[str]
    mode: AnswerMode
    model: str | None = Field(
        default=None, description="The chat model that answered (generative mode); None in extractive mode"
    )
    steps: list[StepSummary]
    citations: list[Citation]
    sql: list[SqlEvidence]
    summaries: list[SummaryEvidence] = Field(
        default_factory=list, description="Each summary's sentences with their sources and support, and its notes"
    )
    thread_id: str = Field(description="Pass it back to continue the conversation")
    trace_id: str = Field(description="The request's trace id (32 hex digits), as Jaeger shows it")
    traceparent: str = Field(description="W3C traceparent of the request's root span")
