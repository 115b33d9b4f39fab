"""Building the graph checks its agents: a missing or misregistered agent is a ValueError with the fix."""

import pytest

from agents.contracts import AgentTask, StepResult, step
from graph.builder import build_graph
from graph.supervisor import Decision


class Echo:
    def __init__(self, route: str) -> None:
        self.route = route

    async def run(self, task: AgentTask) -> StepResult:
        return step(self.route, task.question)  # type: ignore[arg-type]


class Finish:
    async def decide(self, *_: object) -> Decision:
        return Decision(answer="done")


def test_a_missing_agent_is_named() -> None:
    with pytest.raises(ValueError, match=r"missing \['summarise'\]"):
        build_graph({"retrieval": Echo("retrieval"), "sql": Echo("sql")}, Finish())  # type: ignore[dict-item]


def test_an_agent_under_another_routes_name_is_refused() -> None:
    agents = {"retrieval": Echo("retrieval"), "sql": Echo("summarise"), "summarise": Echo("summarise")}
    with pytest.raises(ValueError, match="registered as 'sql' declares route 'summarise'"):
        build_graph(agents, Finish())  # type: ignore[arg-type]


def test_an_unknown_agent_is_refused() -> None:
    agents = {"retrieval": Echo("retrieval"), "sql": Echo("sql"), "summarise": Echo("summarise"), "web": Echo("web")}
    with pytest.raises(ValueError, match=r"unknown \['web'\]"):
        build_graph(agents, Finish())  # type: ignore[arg-type]
