"""Building the supervisor graph: supervisor -> agent -> agent ... -> end, the supervisor deciding after each step.

The supervisor's policy (`Supervisor.decide`) makes every move: first in the `supervisor` node, then at the end of
each agent's node, which hands over to the next agent or ends the turn with the composed answer."""

from collections.abc import Mapping
from typing import Any, Literal

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.config import get_stream_writer
from langgraph.graph import START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Command

from agents.contracts import ROUTES, Agent, AgentTask, StepResult, step
from agents.questions import follow_up_change
from graph.context import RunContext
from graph.state import PlanItem, RunState
from graph.supervisor import RouterSupervisor, Supervisor
from observability import SpanKind, set_content, start_span

NextNode = Literal["retrieval", "sql", "summarise", "__end__"]


def _emitter() -> Any:
    writer = get_stream_writer()

    def emit(event: str, data: dict[str, Any]) -> None:
        writer({"event": event, "data": data})

    return emit


def build_graph(
    agents: Mapping[str, Agent], supervisor: Supervisor, checkpointer: BaseCheckpointSaver[Any] | None = None
) -> CompiledStateGraph[RunState, RunContext, RunState, RunState]:
    """The compiled graph over exactly one agent per route.

    Raises:
        ValueError: an agent is missing, unknown, or registered under another route's name.
    """
    missing = [route for route in ROUTES if route not in agents]
    unknown = [name for name in agents if name not in ROUTES]
    if missing or unknown:
        raise ValueError(
            f"build_graph needs exactly one agent per route {list(ROUTES)}; missing {missing}, unknown {unknown}"
        )
    for name, agent in agents.items():
        if agent.route != name:
            raise ValueError(
                f"agent registered as {name!r} declares route {agent.route!r}: register it under its route"
            )

    async def decide(
        state: RunState, steps: list[StepResult], runtime: Runtime[RunContext], update: dict[str, Any]
    ) -> Command[NextNode]:
        # The supervisor's move after `steps` (`update` joins the state with them): the next agent, or the answer,
        # composed and streamed.
        decision = await supervisor.decide(state["question"], state["messages"], state.get("plan", []), steps)
        update |= {"plan": decision.plan, "steps": steps}
        if decision.next is not None and len(steps) < runtime.context.max_steps:
            _emitter()(
                "route", {"route": decision.next["route"], "task": decision.next["question"], "step": len(steps) + 1}
            )
            return Command(goto=decision.next["route"], update=update)
        answer = decision.answer or "I could not answer that within the step limit."
        emit = _emitter()
        for piece in answer.split("\n"):
            emit("delta", {"text": piece + "\n"})
        update |= {"answer": answer, "messages": [AIMessage(answer)]}
        return Command(goto="__end__", update=update)  # END, spelled as the literal NextNode names

    async def supervise(state: RunState, runtime: Runtime[RunContext]) -> Command[NextNode]:
        follows = state.get("last_sql") and follow_up_change(state["question"]) is not None
        if follows and isinstance(supervisor, RouterSupervisor):
            # Extractive mode, "And in 2011?" after a SQL answer in this thread: the SQL agent reruns that query
            # with the new value (a model supervisor reads the thread itself)
            item = PlanItem(route="sql", question=state["question"], call_id="follow-up")
            _emitter()("route", {"route": "sql", "task": state["question"], "step": 1})
            return Command(goto="sql", update={"plan": [item]})
        return await decide(state, [], runtime, {})

    def agent_node(agent: Agent) -> Any:
        async def run(state: RunState, runtime: Runtime[RunContext]) -> Command[NextNode]:
            steps = state.get("steps", [])
            item = state["plan"][len(steps)]
            with start_span(
                f"invoke_agent {agent.route}",
                SpanKind.AGENT,
                {"gen_ai.agent.name": agent.route, "input.value": item["question"]},
            ) as span:
                task = AgentTask(
                    item["question"],
                    list(steps),
                    _emitter(),
                    collection=runtime.context.collection,
                    summary=runtime.context.summary,
                    principal=runtime.context.principal,
                    prior_sql=state.get("last_sql"),
                )
                principal = runtime.context.principal
                if principal.grants.allows_agent(agent.route):
                    result = await agent.run(task)
                else:  # deny by default: the agent is not asked at all
                    result = step(
                        agent.route,
                        f"The key of {principal.name} may not use the {agent.route} agent (grant agent:{agent.route}).",
                        found=False,
                    )
                set_content(span, "output.value", result["answer"])
            # The supervisor decides the next move within this step's superstep, not in one of its own: a superstep
            # costs LangGraph's loop about 1 ms of CPU (docs/scaling.md), and the decision needs only this state.
            carried = {"last_sql": result["sql"]} if result.get("sql") else {}
            return await decide(state, [*steps, result], runtime, carried)

        return run

    builder = StateGraph(RunState, context_schema=RunContext)
    builder.add_node("supervisor", supervise)
    for route in ROUTES:
        builder.add_node(route, agent_node(agents[route]))
    builder.add_edge(START, "supervisor")
    return builder.compile(checkpointer=checkpointer)


def turn_input(question: str, owner: str) -> RunState:
    """The graph's input for a new turn: the thread's messages gain the question, the per-turn fields start empty.

    The input is written through the state's reducers, as a first node's update would be, one superstep cheaper."""
    return RunState(question=question, owner=owner, plan=[], steps=[], answer="", messages=[HumanMessage(question)])
