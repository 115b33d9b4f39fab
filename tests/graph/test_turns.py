"""A turn through the supervisor graph: each planned agent runs once in order, the supervisor's answer ends the
turn, the step limit holds, and a thread's later turn keeps its messages but starts its own plan."""

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AnyMessage
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentTask, Route, StepResult, step
from graph.agent_system import AgentSystem
from graph.builder import build_graph
from graph.state import PlanItem
from graph.supervisor import Decision

ROUTES: tuple[Route, ...] = ("retrieval", "sql", "summarise")


class Echo:
    """Answers with its route and the task it was given, and remembers the tasks."""

    def __init__(self, route: Route) -> None:
        self.route, self.tasks = route, list[str]()

    async def run(self, task: AgentTask) -> StepResult:
        self.tasks.append(task.question)
        return step(self.route, f"{self.route} on {task.question}")


class Scripted:
    """Plans `routes` once per turn, one step each, then answers with every step's answer; records what it saw."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self.routes, self.seen = list(routes), list[tuple[int, int, int]]()

    async def decide(
        self, question: str, history: Sequence[AnyMessage], plan: list[PlanItem], steps: list[StepResult]
    ) -> Decision:
        self.seen.append((len(history), len(plan), len(steps)))
        if not plan:
            plan = [PlanItem(route=r, question=f"{question} #{i}", call_id=f"c{i}") for i, r in enumerate(self.routes)]
        if len(steps) < len(plan):
            return Decision(plan=plan, next=plan[len(steps)])
        return Decision(plan=plan, answer=" | ".join(s["answer"] for s in steps))


def _system(supervisor: Scripted) -> tuple[AgentSystem, dict[str, Echo]]:
    agents: dict[str, Echo] = {route: Echo(route) for route in ROUTES}
    graph = build_graph(agents, supervisor, InMemorySaver())
    system = AgentSystem(graph, mode="extractive", connections=[], toolboxes={}, recursion_limit=25)
    return system, agents


async def _events(system: AgentSystem, question: str, **options: Any) -> list[tuple[str, dict[str, Any]]]:
    turn = await system.begin(question, **options)
    return [event async for event in system.run(turn)]


async def test_a_plan_of_two_steps_runs_each_agent_once_in_order_and_streams_the_answer_last() -> None:
    system, agents = _system(Scripted(["sql", "summarise"]))

    events = await _events(system, "q")

    assert [(name, data) for name, data in events if name == "route"] == [
        ("route", {"route": "sql", "task": "q #0", "step": 1}),
        ("route", {"route": "summarise", "task": "q #1", "step": 2}),
    ]
    assert [name for name, _ in events] == ["route", "route", "delta", "final"]
    final = events[-1][1]
    assert final["answer"] == "sql on q #0 | summarise on q #1"
    assert final["routes"] == ["sql", "summarise"]
    assert [(s["route"], s["task"]) for s in final["steps"]] == [("sql", "q #0"), ("summarise", "q #1")]
    assert agents["sql"].tasks == ["q #0"] and agents["summarise"].tasks == ["q #1"] and agents["retrieval"].tasks == []


async def test_a_turn_that_keeps_planning_stops_at_the_step_limit() -> None:
    supervisor = Scripted(["sql"] * 10)
    system, agents = _system(supervisor)

    answer = await system.ask("q")

    assert answer.answer == "I could not answer that within the step limit."
    assert answer.routes == ["sql"] * 4  # RunContext.max_steps
    assert len(agents["sql"].tasks) == 4
    assert [steps for _, _, steps in supervisor.seen] == [0, 1, 2, 3, 4]  # one decision before each step and after


async def test_a_threads_second_turn_keeps_its_messages_and_starts_its_own_plan() -> None:
    supervisor = Scripted(["retrieval"])
    system, agents = _system(supervisor)

    first = await system.ask("first")
    second = await system.ask("second", thread_id=first.thread_id)

    assert second.thread_id == first.thread_id
    assert second.answer == "retrieval on second #0" and second.routes == ["retrieval"]
    assert agents["retrieval"].tasks == ["first #0", "second #0"]
    # (messages, plan, steps) at each decision: the second turn sees the first's question and answer and its own
    # question, and neither the first turn's plan nor its steps.
    assert supervisor.seen == [(1, 0, 0), (1, 1, 1), (3, 0, 0), (3, 1, 1)]
