"""The edge's tools: thin calls into the AgentSystem, each returning a typed result and a compact text."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from agents.contracts import Principal
from gateway.mcp_edge import results
from gateway.mcp_edge.descriptions import TITLES, ServedLimits
from gateway.mcp_edge.grants import caller
from gateway.mcp_edge.progress import relayed_progress
from graph.answer import Answer
from graph.system import AgentSystem
from tools.inputs import (
    CollectionName,
    DocId,
    MaxSentences,
    MaxWords,
    SearchLimit,
    SearchQuery,
    SummaryStyle,
)

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
Collection = Annotated[
    CollectionName | None, Field(description="Document collection (see list_collections); default: `docs`")
]
MAX_SQL_CHARS = 20_000
MAX_THREAD_ID_CHARS = 200
ToolFn = TypeVar("ToolFn", bound=Callable[..., Any])


def _system(ctx: Context[AgentSystem]) -> AgentSystem:
    return ctx.request_context.lifespan_context


def _principal(ctx: Context[AgentSystem]) -> Principal:
    return caller(ctx.request_context)


def _given(**arguments: Any) -> dict[str, Any]:
    return {name: value for name, value in arguments.items() if value is not None}


def register_tools(server: MCPServer[AgentSystem], descriptions: dict[str, str], limits: ServedLimits) -> None:
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
                max_length=limits.question_chars,
            ),
        ],
        ctx: Context[AgentSystem],
        thread_id: Annotated[
            str | None, Field(description="Continue an earlier conversation", max_length=MAX_THREAD_ID_CHARS)
        ] = None,
        collection: Collection = None,
    ) -> Annotated[CallToolResult, Answer]:
        system = _system(ctx)
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
        ctx: Context[AgentSystem],
        limit: SearchLimit = 5,
        collection: Collection = None,
        doc_id: Annotated[DocId | None, Field(description="Only search within this document id")] = None,
    ) -> Annotated[CallToolResult, results.SearchOut]:
        arguments = _given(query=query, limit=limit, collection=collection, doc_id=doc_id)
        found = await _system(ctx).call_tool("retrieval", "search_documents", arguments, principal=_principal(ctx))
        return results.search_result(found, limits.min_support)

    @tool("get_document")
    async def get_document(
        doc_id: Annotated[DocId, Field(description="A document id from search_documents or a citation")],
        ctx: Context[AgentSystem],
        collection: Collection = None,
    ) -> Annotated[CallToolResult, results.Document]:
        arguments = _given(doc_id=doc_id, collection=collection)
        document = await _system(ctx).call_tool("retrieval", "get_document", arguments, principal=_principal(ctx))
        return results.document_result(document)

    @tool("list_collections")
    async def list_collections(ctx: Context[AgentSystem]) -> Annotated[CallToolResult, results.CollectionsOut]:
        found = await _system(ctx).call_tool("retrieval", "list_collections", {}, principal=_principal(ctx))
        return results.collections_result(found)

    @tool("run_sql")
    async def run_sql(
        sql: Annotated[
            str,
            Field(description="Exactly one read-only SELECT statement", min_length=1, max_length=MAX_SQL_CHARS),
        ],
        ctx: Context[AgentSystem],
    ) -> Annotated[CallToolResult, results.QueryOut]:
        rows = await _system(ctx).call_tool("sql", "run_query", {"sql": sql}, principal=_principal(ctx))
        return results.query_result(rows)

    @tool("list_tables")
    async def list_tables(ctx: Context[AgentSystem]) -> Annotated[CallToolResult, results.TablesOut]:
        tables = await _system(ctx).call_tool("sql", "list_tables", {}, principal=_principal(ctx))
        return results.tables_result(tables)

    @tool("describe_table")
    async def describe_table(
        table: Annotated[str, Field(description="A table name from list_tables", min_length=1, max_length=200)],
        ctx: Context[AgentSystem],
    ) -> Annotated[CallToolResult, results.TableOut]:
        info = await _system(ctx).call_tool("sql", "describe_table", {"table": table}, principal=_principal(ctx))
        return results.table_result(info)

    @tool("search_schema")
    async def search_schema(
        query: Annotated[
            str,
            Field(description="What the data is about, e.g. 'sales by country'", min_length=1, max_length=1000),
        ],
        ctx: Context[AgentSystem],
        limit: Annotated[int, Field(description="Tables and columns to return at most", ge=1, le=50)] = 8,
    ) -> Annotated[CallToolResult, results.SchemaSearchOut]:
        arguments = {"query": query, "limit": limit}
        hits = await _system(ctx).call_tool("sql", "search_schema", arguments, principal=_principal(ctx))
        return results.schema_result(hits)

    @tool("summarise")
    async def summarise(
        text: Annotated[
            str,
            Field(
                description="The text to summarise (any length up to the limit)",
                min_length=1,
                max_length=limits.summary_chars,
            ),
        ],
        ctx: Context[AgentSystem],
        max_sentences: MaxSentences = None,
        max_words: MaxWords = None,
        style: SummaryStyle = "paragraph",
    ) -> Annotated[CallToolResult, results.SummaryOut]:
        arguments = _given(text=text, style=style, max_sentences=max_sentences, max_words=max_words)
        async with relayed_progress(ctx, counts=False) as emit:
            summary = await _system(ctx).call_tool(
                "summarise", "summarise_text", arguments, principal=_principal(ctx), emit=emit
            )
        return results.summary_result(summary)
