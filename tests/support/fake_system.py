"""An agent system that answers without models or MCP servers, for HTTP tests of the gateway's edges.

Its tool calls and answers can be held open (`holds`) and record whether they were cancelled, so tests can
drive concurrency, disconnects and limits through HTTP with bounded waits, no sleeps.
"""

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from langchain_core.runnables import RunnableConfig
from opentelemetry import trace

from agents.contracts import ANONYMOUS, Principal
from gateway.app import create_app
from gateway.governance.settings import GovernanceSettings
from gateway.limits import LimitSettings
from gateway.settings import GatewaySettings
from gateway.usage.settings import PayloadSettings
from graph.answer import Answer
from graph.system import Turn
from observability import format_traceparent


class FakeSystem:
    """Answers every question with its text; `tokens` per answer are reported as a chat span would."""

    mode = "generative"

    def __init__(self, *, tokens: int = 0) -> None:
        self.tokens = tokens
        self.holds: dict[str, asyncio.Event] = {}  # "ask" or a tool's name: such calls wait for the event
        self.started = asyncio.Queue[str]()  # what began: "ask", or the tool's name
        self.cancelled = asyncio.Event()
        self.tool_calls: list[tuple[str, str, str]] = []

    async def _held(self, what: str) -> None:
        self.started.put_nowait(what)
        hold = self.holds.get(what)
        if hold is not None:
            try:
                await hold.wait()
            except asyncio.CancelledError:
                self.cancelled.set()
                raise

    async def readiness(self) -> dict[str, bool]:
        return {"fake": True}

    def servers_up(self) -> dict[str, bool]:
        return {"fake": True}

    def servers_down(self) -> dict[str, str]:
        return {}

    async def call_tool(
        self, agent: str, tool: str, arguments: dict[str, Any], *, principal: Principal = ANONYMOUS
    ) -> dict[str, Any]:
        self.tool_calls.append((agent, tool, principal.name))
        await self._held(tool)
        if tool == "ingest_documents":
            count = len(arguments["documents"])
            report = {"documents": count, "chunks": count, "removed": 0, "seconds": 0.0, "failures": []}
            return {"collection": arguments["collection"], **report}
        return {"collections": []} if tool == "list_collections" else {"name": arguments.get("name", "")}

    async def begin(self, question: str, **options: Any) -> Turn:
        span = trace.get_tracer("fake").start_span("relayboard.request")
        thread = options.get("thread_id") or str(uuid.uuid4())
        config = RunnableConfig(configurable={"thread_id": thread})
        return Turn(question, thread, config, span, principal=options.get("principal", ANONYMOUS))

    async def run(self, turn: Turn) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        with trace.use_span(turn.span, end_on_exit=True):
            yield "route", {"route": "sql"}
            yield "tool_call", {"id": "call_1", "tool": "run_query", "arguments": {}}
            tool_span = {"gen_ai.tool.name": "run_query", "relayboard.mcp.server": "relayboard-sql"}
            with trace.get_tracer("fake").start_as_current_span("execute_tool run_query", attributes=tool_span):
                await self._held("ask")
            yield "tool_result", {"id": "call_1", "tool": "run_query", "status": "success"}
            if self.tokens:
                attributes: dict[str, str | int] = {
                    "gen_ai.request.model": "fake-model",
                    "gen_ai.usage.input_tokens": self.tokens // 2,
                    "gen_ai.usage.output_tokens": self.tokens - self.tokens // 2,
                }
                trace.get_tracer("fake").start_span("chat fake-model", attributes=attributes).end()
            answer = Answer(
                answer=f"You asked: {turn.question}",
                found=True,
                routes=["sql"],
                mode="generative",
                steps=[],
                citations=[],
                sql=[],
                thread_id=turn.thread_id,
                trace_id=turn.trace_id,
                traceparent=format_traceparent(turn.span),
            )
            turn.span.set_attribute("relayboard.routes", ["sql"])
        yield "final", answer.model_dump()


@asynccontextmanager
async def fake_app(
    system: FakeSystem,
    limits: LimitSettings | None = None,
    settings: GatewaySettings | None = None,
    data_dir: Path | None = None,
    payloads: PayloadSettings | None = None,
) -> AsyncIterator[FastAPI]:
    """The real app around `system`, started (lifespan) and stopped; its request log under `data_dir` (default:
    a fresh temporary directory)."""

    @asynccontextmanager
    async def factory() -> AsyncIterator[Any]:
        yield system

    with tempfile.TemporaryDirectory(prefix="relayboard-usage-") as scratch:
        records = GovernanceSettings(data_dir=data_dir or Path(scratch))
        app = create_app(
            settings or GatewaySettings(),
            system_factory=factory,
            configure_telemetry=False,
            limit_settings=limits,
            records=records,
            payloads=payloads,
        )
        async with app.router.lifespan_context(app):
            yield app


def client(app: FastAPI, address: str = "192.0.2.10", key: str | None = None) -> httpx.AsyncClient:
    """An HTTP client of `app`, in-process, calling from `address` (with `key`, when given)."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000", headers=headers, timeout=10)
