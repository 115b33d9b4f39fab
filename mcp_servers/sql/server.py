"""SQL tools over MCP: `list_tables`, `describe_table`, `run_query` and the curated queries. No write tools exist."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from mcp_servers.errors import READ_ONLY, ToolServer, tool_errors
from mcp_servers.sql.caller import database_for
from mcp_servers.sql.curated_tools import register_curated_queries
from mcp_servers.sql.proposal_tools import register_proposals
from observability import untraced
from tools.embeddings import Embedder, configured_embedder
from tools.inputs import MAX_SCHEMA_QUERY_CHARS, SchemaSearchLimit
from tools.names import VISIBLE_TEXT_PATTERN
from tools.results.sql import QueryOut, SchemaHitOut, SchemaSearchOut, TableOut, TablesOut
from tools.settings import SqlSettings
from tools.sql.curated import CuratedQuery, default_queries_path, load_curated_queries, load_schema_descriptions
from tools.sql.database import Database, open_database
from tools.sql.proposals import QueryProposer
from tools.sql.schema_search import SchemaSearch
from tools.thesaurus import WordNetThesaurus
from tools.visible_text import VISIBLE_TEXT

logger = logging.getLogger(__name__)
MAX_SQL_CHARS = 20_000


def create_server(settings: SqlSettings, embedder: Embedder | None = None) -> MCPServer:
    """The SQL server over the configured database; the connection is checked when the server starts.

    `embedder` serves `search_schema` and `propose_queries`; by default the configured model, loaded on first use.

    Raises:
        ConfigurationError: the curated queries file is invalid.
        UpstreamUnavailable: (at start-up) the database cannot be opened or reached.
    """
    database = open_database(settings)
    queries_path = settings.curated_queries or default_queries_path()
    curated = load_curated_queries(queries_path, database.dialect)
    chosen_embedder = embedder or configured_embedder()
    schema = SchemaSearch(database, chosen_embedder, load_schema_descriptions(queries_path))
    proposer = QueryProposer(database, chosen_embedder, WordNetThesaurus(settings.data_dir))

    # A curated query over a table outside the deployment's allow-list could never run: it is not offered.
    offered = [query for query in curated if database.permits(query.sql)]

    @asynccontextmanager
    async def lifespan(served: MCPServer) -> AsyncIterator[Database]:
        await database.check()
        listed = {tool.name for tool in await served.list_tools()}  # a lifespan may run again (one per session)
        still_offered = [query for query in offered if query.name in listed]
        _withdraw_unmatched(served, still_offered, await database.list_tables(), queries_path, settings.curated_queries)
        # The database is learnt in the background so the first question does not wait for all of it; a failure
        # here is retried by the first propose_queries call, which reports it.
        with untraced():  # start-up work, no request's: its queries leave no trace of their own
            learning = asyncio.create_task(proposer.profile())
        learning.add_done_callback(_log_failure)
        try:
            yield database
        finally:
            learning.cancel()

    server = ToolServer(
        "relayboard-sql",
        instructions=(
            "Read-only access to a SQL database. Prefer a curated query tool when one fits the question; "
            "otherwise find the relevant tables with search_schema or list_tables, read them with describe_table, "
            "and call run_query with one SELECT."
        ),
        lifespan=lifespan,
    )

    @server.tool(annotations=READ_ONLY)
    async def list_tables(ctx: Context[Database]) -> TablesOut:
        """The tables of the database."""
        with tool_errors():
            return TablesOut(tables=await database_for(database, ctx).list_tables())

    @server.tool(annotations=READ_ONLY)
    async def describe_table(
        table: Annotated[str, Field(description="A table name from list_tables", min_length=1, max_length=200)],
        ctx: Context[Database],
    ) -> TableOut:
        """Columns, types, keys, foreign keys and a few sample rows of one table."""
        with tool_errors():
            return TableOut.from_info(await database_for(database, ctx).describe_table(table))

    @server.tool(annotations=READ_ONLY)
    async def search_schema(
        query: Annotated[
            str,
            Field(
                description="What the data is about, in words, e.g. 'sales by country'",
                min_length=1,
                max_length=MAX_SCHEMA_QUERY_CHARS,
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[Database],
        limit: SchemaSearchLimit = 8,
    ) -> SchemaSearchOut:
        """The tables and columns whose names and descriptions are closest in meaning to `query`, best first."""
        with tool_errors():
            readable = {table.lower() for table in await database_for(database, ctx).list_tables()}
            hits = [hit for hit in await schema.search(query, limit=50) if hit.table.lower() in readable][:limit]
        return SchemaSearchOut(query=query, hits=[SchemaHitOut.from_hit(hit) for hit in hits])

    @server.tool(annotations=READ_ONLY)
    async def run_query(
        sql: Annotated[
            str,
            Field(
                description="Exactly one read-only SELECT (or WITH ... SELECT) statement",
                min_length=1,
                max_length=MAX_SQL_CHARS,
                pattern=VISIBLE_TEXT_PATTERN,
            ),
            VISIBLE_TEXT,
        ],
        ctx: Context[Database],
    ) -> QueryOut:
        """Run one read-only SELECT. Rows are capped; `truncated` says when the cap was hit."""
        with tool_errors():
            return QueryOut.from_result(await database_for(database, ctx).run(sql))

    register_curated_queries(server, offered, database)
    register_proposals(server, proposer, database)
    return server


def _withdraw_unmatched(
    server: MCPServer, queries: list[CuratedQuery], tables: list[str], path: Path, configured: Path | None
) -> None:
    """Remove the tools of curated queries that read tables the database does not have: they could only fail.
    The shipped Chinook set meets every other database so (an info line); a deployment's own file that names a
    missing table is most likely a typo or a renamed table (a warning, naming both)."""
    for query in queries:
        missing = query.missing_tables(tables)
        if not missing:
            continue
        server.remove_tool(query.name)
        if configured is None:
            logger.info("demo curated query %s not offered: the database has no table %s", query.name, missing[0])
        else:
            logger.warning(
                "curated query %s in %s not offered: it reads %s, which the database does not have; fix the query "
                "or RELAYBOARD_SQL_CURATED_QUERIES",
                query.name,
                path,
                ", ".join(missing),
            )


def _log_failure(task: "asyncio.Task[object]") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("learning the database at start-up failed: %s", task.exception())
