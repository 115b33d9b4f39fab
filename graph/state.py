"""The state of one conversation thread, checkpointed between turns."""

from typing import Annotated, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages

from agents.contracts import Route, SqlEvidence, StepResult


class PlanItem(TypedDict):
    """One step the supervisor decided on: which agent, with what task."""

    route: Route
    question: str
    call_id: str


class RunState(TypedDict, total=False):
    """`messages` accumulate over the thread's turns; the rest describes the current turn."""

    messages: Annotated[list[AnyMessage], add_messages]
    owner: str
    """The principal that started the thread: only it may continue or read it."""
    question: str
    plan: list[PlanItem]
    steps: list[StepResult]
    answer: str
    last_sql: SqlEvidence  # kept across turns: the query "And in 2011?" changes
