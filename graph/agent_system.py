"""The agent system as requests see it: begin a turn, stream its events, answer, call a tool directly."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import StreamMode
from typing_extensions import Unpack

from agents.chat import models_replying
from agents.contracts import ANONYMOUS, CallScope, Citation, Emit, Principal, StepResult
from agents.mcp_client import McpServer, Toolbox
from graph.answer import Answer, AnswerMode, StepSummary
from graph.builder import turn_input
from graph.context import RunContext
from graph.state import RunState
from graph.turn import StreamEvent, Turn, TurnOptions
from observability import SpanKind, activate, begin_span, set_content, start_span, untraced
from tools.errors import NotFound

# A list, not a tuple: LangGraph yields (mode, chunk) pairs only for a list of modes.
_STREAM_MODES: list[StreamMode] = ["custom", "values"]


class AgentSystem:
    """Answers questions through the supervisor graph; one instance serves every request of a process."""

    def __init__(
        self,
        graph: CompiledStateGraph[RunState, RunContext, RunState, RunState],
        *,
        mode: AnswerMode,
        connections: list[McpServer],
        toolboxes: dict[str, Toolbox],
        recursion_limit: int,
        model: str | None = None,
        ready_wait_s: float = 2.0,
    ) -> None:
        self._graph, self.mode, self.model = graph, mode, model
        self._ready_wait_s = ready_wait_s
        self._connections, self._toolboxes = connections, toolboxes
        self._recursion_limit = recursion_limit

    async def readiness(self) -> dict[str, bool]:
        """Whether each MCP server answers right now, within the readiness wait (untraced: probes ask every few
        seconds; a server that stopped answering is reconnected meanwhile)."""
        with untraced():
            pings = (connection.ping(self._ready_wait_s) for connection in self._connections)
            results = await asyncio.gather(*pings)
        return {connection.name: ok for connection, ok in zip(self._connections, results, strict=True)}

    def servers_down(self) -> dict[str, str]:
        """Why each MCP server whose session is down is down: its last connect failure, or what a stdio server
        said as it exited while starting (no I/O)."""
        return {c.name: reason for c in self._connections if (reason := c.session.reason) is not None}

    def servers_up(self) -> dict[str, bool]:
        """Whether each MCP server's session is up, without asking the servers (for metrics)."""
        return {connection.name: connection.session.up for connection in self._connections}

    async def begin(self, question: str, **options: Unpack[TurnOptions]) -> Turn:
        """Check the request and open its root span (a child of `parent`, e.g. the caller's traceparent).

        Raises:
            NotFound: `thread_id` names no conversation of this principal's, or `collection` no collection
                (whichever agents the question would reach: a collection that does not exist is a mistake on every
                route).
        """
        thread_id, principal = options.get("thread_id"), options.get("principal", ANONYMOUS)
        if (collection := options.get("collection")) is not None:
            await self.call_tool("retrieval", "describe_collection", {"name": collection}, principal=principal)
        if thread_id is not None:
            existing = await self._graph.aget_state({"configurable": {"thread_id": thread_id}})
            # Another principal's thread reads as no thread at all: its existence is not theirs to learn.
            if not existing.values or existing.values.get("owner", ANONYMOUS.name) != principal.name:
                raise NotFound(f"no conversation with thread_id {thread_id!r}: omit thread_id to start a new one")
        thread = thread_id or str(uuid.uuid4())
        config = RunnableConfig(configurable={"thread_id": thread}, recursion_limit=self._recursion_limit)
        span = begin_span(
            "relayboard.request",
            SpanKind.CHAIN,
            {"input.value": question, "session.id": thread, "relayboard.mode": self.mode, "user.id": principal.name},
            context=options.get("parent"),
            follows=None if options.get("parent") is not None else options.get("follows"),
        )
        return Turn(question, thread, config, span, options.get("collection"), options.get("summary"), principal)

    async def ask(self, question: str, **options: Unpack[TurnOptions]) -> Answer:
        """Answer one question (continuing `thread_id` when given).

        Raises:
            NotFound: `thread_id` names no conversation.
            UpstreamUnavailable: an MCP server (ServerUnavailable) or the model cannot be reached.
        """
        turn = await self.begin(question, **options)
        answer: Answer | None = None
        async for event, data in self.run(turn):
            if event == "final":
                answer = Answer.model_validate(data)
        assert answer is not None, "the graph finished without a final answer"
        return answer

    async def run(self, turn: Turn) -> AsyncIterator[StreamEvent]:
        """Events while answering: `route`, `tool_call`, `tool_result`, `delta`, then `final` (the Answer)."""
        with activate(turn.span) as root, models_replying() as replied:
            with start_span("invoke_agent supervisor", SpanKind.AGENT, {"gen_ai.agent.name": "supervisor"}):
                state: dict[str, Any] = {}
                async for mode, chunk in self._graph.astream(
                    turn_input(turn.question, turn.principal.name),
                    turn.config,
                    context=RunContext(
                        thread_id=turn.thread_id,
                        collection=turn.collection,
                        summary=turn.summary,
                        principal=turn.principal,
                    ),
                    stream_mode=_STREAM_MODES,
                    # One checkpoint write per turn, not one per step: a turn cut short is asked again whole (no
                    # step of ours resumes halfway), and per-step writes cost a third of the gateway's CPU
                    # (docs/scaling.md).
                    durability="exit",
                ):
                    if mode == "custom" and isinstance(chunk, dict):
                        yield str(chunk["event"]), dict(chunk["data"])
                    elif mode == "values" and isinstance(chunk, dict):
                        state = chunk
            answer = self._answer(state, turn, replied[-1] if replied else self.model)
            set_content(root, "output.value", answer.answer)
            root.set_attribute("relayboard.routes", answer.routes)
        yield "final", answer.model_dump()

    def _answer(self, state: dict[str, Any], turn: Turn, model: str | None) -> Answer:
        steps: list[StepResult] = state.get("steps", [])
        plan = state.get("plan", [])
        return Answer(
            answer=state.get("answer", ""),
            found=any(s["found"] for s in steps),
            routes=[s["route"] for s in steps],
            mode=self.mode,
            model=model,
            steps=[
                StepSummary(route=s["route"], task=item["question"], found=s["found"])
                for s, item in zip(steps, plan, strict=False)
            ],
            citations=_unique_citations(steps),
            summaries=[summary for s in steps if (summary := s.get("summary")) is not None],
            sql=[s["sql"] for s in steps if s["sql"]],
            thread_id=turn.thread_id,
            trace_id=turn.trace_id,
            traceparent=turn.traceparent,
        )

    async def call_tool(
        self,
        agent: str,
        tool: str,
        arguments: dict[str, Any],
        *,
        principal: Principal = ANONYMOUS,
        emit: Emit | None = None,
    ) -> dict[str, Any]:
        """Call one MCP tool directly (for Relayboard's own MCP edge), traced like an agent's call; the server's
        progress notifications reach `emit` as `progress` events.

        Raises:
            RelayboardError: the tool answered with an error, of the kind its server named.
            ServerUnavailable: the tool's MCP server cannot be reached now.
        """
        with start_span(f"relayboard.{tool}", SpanKind.CHAIN, {"input.value": json.dumps(arguments, default=str)}):
            scope = CallScope(principal) if emit is None else CallScope(principal, emit)
            return await self._toolboxes[agent].call(tool, arguments, scope)


def _unique_citations(steps: list[StepResult], limit: int = 10) -> list[Citation]:
    seen: dict[tuple[str, int, int], Citation] = {}
    for result in steps:
        for citation in result["citations"]:
            seen.setdefault((citation["doc_id"], citation["start"], citation["end"]), citation)
    return list(seen.values())[:limit]
