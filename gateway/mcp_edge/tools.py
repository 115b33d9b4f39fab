"""The edge's tools: thin calls into the AgentSystem, each returning a typed result and a compact text."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from agents.contracts import Principal
from gateway.mcp_edge import results
from gateway.mcp_edge.descriptions import TITLES, ServedLimits
from gateway.mcp_edge.grants import caller
from gateway.mcp_edge.progress import relayed_progress
from gateway.mcp_edge.system_handle import EdgeSystem
from graph.answer import Answer
from tools.inputs import (
    MAX_SCHEMA_QUERY_CHARS,
    CollectionName,
    DocId,
    MaxSentences,
    MaxWords,
    SchemaSearchLimit,
    SearchLimit,
    SearchQuery,
    SummaryStyle,
)
from tools.names import VISIBLE_TEXT_PATTERN
from tools.visible_text import VISIBLE_TEXT

if TYPE_CHECKING:  # loaded after the handshake (gateway/mcp_command.py)
    from graph.system import AgentSystem

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
Collection = Annotated[
    CollectionName | None, Field(description="Document collection (see list_collections); default: `docs`")
]
MAX_SQL_CHARS = 20_000
MAX_THREAD_ID_CHARS = 200
ToolFn = TypeVar("ToolFn", bound=Callable[..., Any])


async def _system(ctx: Context[EdgeSystem]) -> "AgentSystem":
    return await ctx.request_context.lifespan_context.get(ctx)


def _principal(ctx: Context[EdgeSystem]) -> Principal:
    return caller(ctx.request_context)


async def _call(ctx: Context[EdgeSystem], agent: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """One call of a server tool for the caller (waiting, the first time, for the system to open)."""
    return await (await _system(ctx)).call_tool(agent, tool, arguments, principal=_principal(ctx))


def _given(**arguments: Any) -> dict[str, Any]:
    return {name: value for name, value in arguments.items() if value is not None}


def register_tools(server: MCPServer[EdgeSystem], descriptions: dict[str, str], limits: ServedLimits) -> None:
    """Add the edge's tools, each with its title and (possibly overridden) description."""

    def tool(name: str) -> Callable[[ToolFn], ToolFn]:
        return server.tool(name=name, title=TITLES[name], description=descriptions[name], annotations=READ_ONLY)

    @tool("ask")
    async def ask(
        question: Annotated[
            str,
            Field(
                description="A question in natural language, or a SELECT statement (text to summarise may follow)",
                min_length=1,
                max_length=limits.input_caps()["ask"]["question"],
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[EdgeSystem],
        thread_id: Annotated[
            str | None, Field(description="Continue an earlier conversation", max_length=MAX_THREAD_ID_CHARS)
        ] = None,
        collection: Collection = None,
    ) -> Annotated[CallToolResult, Answer]:
        system = await _system(ctx)
        turn = await system.begin(question, thread_id=thread_id, collection=collection, principal=_principal(ctx))
        answer: Answer | None = None
        async with relayed_progress(ctx, counts=True) as emit:
            async for event, data in system.run(turn):
                if event == "final":
                    answer = Answer.model_validate(data)
                else:
                    emit(event, data)
        assert answer is not None, "the run finished without a final answer"
        return results.answer_result(answer)

    @tool("search_documents")
    async def search_documents(
        query: SearchQuery,
        ctx: Context[EdgeSystem],
        limit: SearchLimit = 5,
        collection: Collection = None,
        doc_id: Annotated[DocId | None, Field(description="Only search within this document id")] = None,
    ) -> Annotated[CallToolResult, results.SearchOut]:
        arguments = _given(query=query, limit=limit, collection=collection, doc_id=doc_id)
        found = await _call(ctx, "retrieval", "search_documents", arguments)
        return results.search_result(found, limits.min_support)

    @tool("get_document")
    async def get_document(
        doc_id: Annotated[DocId, Field(description="A document id from search_documents or a citation")],
        ctx: Context[EdgeSystem],
        collection: Collection = None,
    ) -> Annotated[CallToolResult, results.Document]:
        arguments = _given(doc_id=doc_id, collection=collection)
        document = await _call(ctx, "retrieval", "get_document", arguments)
        return results.document_result(document)

    @tool("list_collections")
    async def list_collections(ctx: Context[EdgeSystem]) -> Annotated[CallToolResult, results.CollectionsOut]:
        found = await _call(ctx, "retrieval", "list_collections", {})
        return results.collections_result(found)

    @tool("run_sql")
    async def run_sql(
        sql: Annotated[
            str,
            Field(
                description="Exactly one read-only SELECT statement",
                min_length=1,
                max_length=MAX_SQL_CHARS,
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[EdgeSystem],
    ) -> Annotated[CallToolResult, results.QueryOut]:
        rows = await _call(ctx, "sql", "run_query", {"sql": sql})
        return results.query_result(rows)

    @tool("list_tables")
    async def list_tables(ctx: Context[EdgeSystem]) -> Annotated[CallToolResult, results.TablesOut]:
        tables = await _call(ctx, "sql", "list_tables", {})
        return results.tables_result(tables)

    @tool("describe_table")
    async def describe_table(
        table: Annotated[str, Field(description="A table name from list_tables", min_length=1, max_length=200)],
        ctx: Context[EdgeSystem],
    ) -> Annotated[CallToolResult, results.TableOut]:
        info = await _call(ctx, "sql", "describe_table", {"table": table})
        return results.table_result(info)

    @tool("search_schema")
    async def search_schema(
        query: Annotated[
            str,
            Field(
                description="What the data is about, e.g. 'sales by country'",
                min_length=1,
                max_length=MAX_SCHEMA_QUERY_CHARS,
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[EdgeSystem],
        limit: SchemaSearchLimit = 8,
    ) -> Annotated[CallToolResult, results.SchemaSearchOut]:
        arguments = {"query": query, "limit": limit}
        hits = await _call(ctx, "sql", "search_schema", arguments)
        return results.schema_result(hits)

    @tool("summarise")
    async def summarise(
        text: Annotated[
            str,
            Field(
                description="The text to summarise (any length up to the limit)",
                min_length=1,
                max_length=limits.input_caps()["summarise"]["text"],
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[EdgeSystem],
        max_sentences: MaxSentences = None,
        max_words: MaxWords = None,
        style: SummaryStyle = "paragraph",
    ) -> Annotated[CallToolResult, results.SummaryOut]:
        arguments = _given(text=text, style=style, max_sentences=max_sentences, max_words=max_words)
        async with relayed_progress(ctx, counts=False) as emit:
            summary = await (await _system(ctx)).call_tool(
                "summarise", "summarise_text", arguments, principal=_principal(ctx), emit=emit
            )
        return results.summary_result(summary)
