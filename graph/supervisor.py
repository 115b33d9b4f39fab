"""The supervisor: decides which agent runs next (semantic router or a chat model) and composes the answer."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from pydantic import BaseModel, Field

from agents.chat import chat, model_name
from agents.contracts import ROUTES, Route, StepResult
from graph.prompts import SUPERVISOR
from graph.router import SemanticRouter
from graph.state import PlanItem
from tools.sql.statement import find_statement


@dataclass(frozen=True, slots=True)
class Decision:
    """The supervisor's next move: run `next` (the plan so far ends with it), or finish with `answer`."""

    plan: list[PlanItem] = field(default_factory=list)
    next: PlanItem | None = None
    answer: str | None = None


class Supervisor(Protocol):
    async def decide(
        self, question: str, history: Sequence[AnyMessage], plan: list[PlanItem], steps: list[StepResult]
    ) -> Decision: ...


def _new_call_id() -> str:
    return f"call_{uuid.uuid4().hex[:12]}"


class RouterSupervisor:
    """Extractive mode: plan once with the semantic router, then run the plan in order."""

    def __init__(self, router: SemanticRouter) -> None:
        self._router = router

    async def decide(
        self, question: str, history: Sequence[AnyMessage], plan: list[PlanItem], steps: list[StepResult]
    ) -> Decision:
        if not plan:
            planned = await self._router.plan(question)
            plan = [PlanItem(route=p.route, question=p.question, call_id=_new_call_id()) for p in planned]
        if len(steps) < len(plan):
            return Decision(plan=plan, next=plan[len(steps)])
        return Decision(plan=plan, answer=compose_extractive(steps))


def compose_extractive(steps: list[StepResult]) -> str:
    """The final answer: the last step's, or an earlier step's when the last could not answer."""
    for result in reversed(steps):
        if result["found"]:
            return str(result["answer"])
    return str(steps[-1]["answer"]) if steps else "I could not answer that."


class _Handoff(BaseModel):
    task: str = Field(description="A self-contained task for the agent")


def _handoff_tools() -> list[type[BaseModel]]:
    docs = {
        "retrieval": "Hand a task to the retrieval agent (questions answered by the indexed documents).",
        "sql": "Hand a task to the SQL agent (figures from the business database, or its schema).",
        "summarise": "Hand a task to the summarise agent (summaries of pasted text or earlier findings).",
    }
    return [type(f"transfer_to_{route}", (_Handoff,), {"__doc__": docs[route]}) for route in ROUTES]


class ModelSupervisor:
    """Generative mode: the chat model routes by calling `transfer_to_<agent>` tools and writes the answer."""

    def __init__(self, model: BaseChatModel, *, max_steps: int = 4) -> None:
        self._model = model.bind_tools(_handoff_tools())
        self._name = model_name(model)
        self._max_steps = max_steps

    async def decide(
        self, question: str, history: Sequence[AnyMessage], plan: list[PlanItem], steps: list[StepResult]
    ) -> Decision:
        if len(steps) >= self._max_steps:
            return Decision(plan=plan, answer=compose_extractive(steps))
        if not plan and find_statement(question) is not None:
            # Given SQL is not the model's to reroute or rewrite: the SQL agent runs it through the guard.
            item = PlanItem(route="sql", question=question, call_id=_new_call_id())
            return Decision(plan=[item], next=item)
        messages: list[BaseMessage] = [SystemMessage(SUPERVISOR), *history[:-1], HumanMessage(question)]
        for item, result in zip(plan, steps, strict=False):
            messages.append(
                AIMessage(
                    "",
                    tool_calls=[
                        {
                            "name": f"transfer_to_{item['route']}",
                            "id": item["call_id"],
                            "args": {"task": item["question"]},
                        }
                    ],
                )
            )
            messages.append(ToolMessage(result["answer"], tool_call_id=item["call_id"]))
        reply = await chat(self._model, messages, name=self._name)
        for call in reply.tool_calls:
            route = str(call["name"]).removeprefix("transfer_to_")
            if route in ROUTES:
                routed: Route = route  # narrowed by the membership test above
                task = str(call["args"].get("task") or question)
                item = PlanItem(route=routed, question=task, call_id=str(call["id"] or _new_call_id()))
                return Decision(plan=[*plan, item], next=item)
        return Decision(plan=plan, answer=reply.text or compose_extractive(steps))
