"""Registering each curated query as its own MCP tool, with a typed input schema built from its YAML."""

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from mcp_servers.errors import READ_ONLY, tool_errors
from mcp_servers.sql.caller import database_for
from tools.inputs import TOOL_INTEGER, TOOL_NUMBER
from tools.results.sql import QueryOut
from tools.sql.curated import (
    COLUMNS_META_KEY,
    CURATED_META_KEY,
    GROUPED_META_KEY,
    LIMIT_META_KEY,
    MENTIONS_META_KEY,
    SHAPE_META_KEY,
    CuratedQuery,
)
from tools.sql.curated_values import ensure_stored, value_columns
from tools.sql.database import Database

_TYPES: dict[str, type] = {"integer": int, "number": float, "string": str}
_STRICT = {"integer": (TOOL_INTEGER,), "number": (TOOL_NUMBER,)}  # pydantic's lax int and float would take `true`


def _signature(query: CuratedQuery) -> inspect.Signature:
    parameters = []
    for name, spec in query.parameters.items():
        constraints = {key: value for key, value in (("ge", spec.minimum), ("le", spec.maximum)) if value is not None}
        python_type, strict = _TYPES[spec.type], _STRICT.get(spec.type, ())
        # Built at run time from YAML, so the checker cannot see the type: the SDK reads it from the signature.
        annotation = Annotated[(python_type, Field(description=spec.description, **constraints), *strict)]  # type: ignore[valid-type]
        default = inspect.Parameter.empty if spec.default is None else spec.default
        parameters.append(
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
        )
    # The SDK fills a parameter annotated `Context` with the request's context (its `_meta` names the caller).
    parameters.append(inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context))
    return inspect.Signature(parameters, return_annotation=QueryOut)


def _runner(query: CuratedQuery, database: Database) -> Callable[..., Awaitable[QueryOut]]:
    columns = value_columns(query, database.dialect)

    async def run(ctx: Context[Any], **arguments: Any) -> QueryOut:
        with tool_errors():
            caller = database_for(database, ctx)
            bound = query.bind(arguments)
            await ensure_stored(query, caller, bound, columns)
            result = await caller.run(query.sql, bound)
        return QueryOut.from_result(result, parameters=arguments)

    # The SDK derives the input schema from the signature; annotations must agree for its type hints.
    run.__signature__ = _signature(query)  # type: ignore[attr-defined]
    run.__annotations__ = {"ctx": Context, "return": QueryOut}
    run.__name__ = query.name
    return run


def register_curated_queries(server: MCPServer, queries: list[CuratedQuery], database: Database) -> None:
    """Add one read-only tool per curated query; its `_meta` marks it curated and lists example phrasings, the
    query's shape, its LIMIT parameter, the words a question must mention and the columns it returns."""
    for query in queries:
        examples = "; ".join(query.examples)
        server.add_tool(
            _runner(query, database),
            name=query.name,
            description=f"{query.description} Examples: {examples}" if examples else query.description,
            annotations=READ_ONLY,
            meta={
                CURATED_META_KEY: True,
                "examples": query.examples,
                GROUPED_META_KEY: query.grouped,
                SHAPE_META_KEY: query.shape,
                LIMIT_META_KEY: query.limit_parameter,
                MENTIONS_META_KEY: query.mentions,
                COLUMNS_META_KEY: query.columns,
            },
        )
