"""Relayboard as an MCP server for IDE assistants: `ask`, `search_documents`, `run_sql`, `summarise`."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field
from starlette.requests import Request

from agents.contracts import Principal
from gateway.deps import principal_of
from graph.answer import Answer
from graph.system import AgentSystem
from mcp_servers.errors import ToolServer
from tools.inputs import (
    MAX_QUESTION_CHARS,
    CollectionName,
    MaxSentences,
    MaxWords,
    SearchLimit,
    SearchQuery,
    SummaryStyle,
    SummaryText,
)

SystemLifespan = Callable[[MCPServer], AbstractAsyncContextManager[AgentSystem]]
_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)


def create_edge_server(lifespan: SystemLifespan) -> MCPServer:
    """The IDE-facing server; `lifespan` yields the AgentSystem its tools use.

    Its tools' failures read as our servers' do (mcp_servers/errors.py): a Relayboard error's message and kind,
    argument errors in plain words, anything unexpected as an internal error with the trace id.
    """
    server = ToolServer(
        "relayboard",
        instructions=(
            "Relayboard answers questions from indexed documents and a SQL database, and summarises text. "
            "Use `ask` for natural-language questions (it routes to the right agents and cites its sources); "
            "use the other tools for direct access."
        ),
        lifespan=lifespan,
    )

    @server.tool(annotations=_READ_ONLY)
    async def ask(
        question: Annotated[
            str,
            Field(
                description="A question in natural language, or a SELECT statement (text to summarise may follow)",
                min_length=1,
                max_length=MAX_QUESTION_CHARS,
            ),
        ],
        ctx: Context[AgentSystem],
        thread_id: Annotated[str | None, Field(description="Continue an earlier conversation")] = None,
        collection: Annotated[CollectionName | None, Field(description="Document collection to search")] = None,
    ) -> Answer:
        """Ask Relayboard: routes to retrieval, SQL and summarise agents and returns a cited answer."""
        system = ctx.request_context.lifespan_context
        answer: Answer = await system.ask(
            question, thread_id=thread_id, collection=collection, principal=_principal(ctx)
        )
        return answer

    @server.tool(annotations=_READ_ONLY)
    async def search_documents(
        query: SearchQuery,
        ctx: Context[AgentSystem],
        limit: SearchLimit = 5,
    ) -> dict[str, Any]:
        """Hybrid search over the indexed documents, with best-supporting sentences and offsets."""
        system = ctx.request_context.lifespan_context
        result: dict[str, Any] = await system.call_tool(
            "retrieval", "search_documents", {"query": query, "limit": limit}, principal=_principal(ctx)
        )
        return result

    @server.tool(annotations=_READ_ONLY)
    async def run_sql(
        sql: Annotated[str, Field(description="One read-only SELECT statement", min_length=1, max_length=20_000)],
        ctx: Context[AgentSystem],
    ) -> dict[str, Any]:
        """Run one read-only SELECT against the configured database (row-capped, time-limited)."""
        system = ctx.request_context.lifespan_context
        result: dict[str, Any] = await system.call_tool("sql", "run_query", {"sql": sql}, principal=_principal(ctx))
        return result

    @server.tool(annotations=_READ_ONLY)
    async def summarise(
        text: SummaryText,
        ctx: Context[AgentSystem],
        max_sentences: MaxSentences = None,
        max_words: MaxWords = None,
        style: SummaryStyle = "paragraph",
    ) -> dict[str, Any]:
        """An extractive summary of the text (any length), with each sentence's offsets."""
        system = ctx.request_context.lifespan_context
        arguments: dict[str, Any] = {"text": text, "style": style}
        arguments |= {k: v for k, v in (("max_sentences", max_sentences), ("max_words", max_words)) if v is not None}
        result: dict[str, Any] = await system.call_tool(
            "summarise", "summarise_text", arguments, principal=_principal(ctx)
        )
        return result

    return server


def _principal(ctx: Context[AgentSystem]) -> Principal:
    """Who the call is for: the key holder over HTTP (set by the auth middleware), anonymous over stdio."""
    request = ctx.request_context.request
    return principal_of(request if isinstance(request, Request) else None)


def fixed_system(system_ref: Callable[[], AgentSystem]) -> SystemLifespan:
    """A lifespan that hands the edge server an AgentSystem someone else opened (the gateway's)."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[AgentSystem]:
        yield system_ref()

    return lifespan
