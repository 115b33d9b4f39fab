"""Which tables the caller of one tool call may read: an API key's list, sent by the gateway in `_meta`."""

from collections.abc import Mapping
from typing import Any

from mcp.server.mcpserver import Context

from tools.errors import InvalidInput
from tools.sql.allowlist import CALLER_TABLES_META_KEY
from tools.sql.database import Database


def caller_tables(meta: Any) -> list[str] | None:
    """The caller's table list from a request's `_meta`, or None when the call carries none.

    Raises:
        InvalidInput: the entry is not a list of strings.
    """
    if meta is None:
        return None
    values = meta if isinstance(meta, Mapping) else getattr(meta, "model_extra", None) or {}
    tables = values.get(CALLER_TABLES_META_KEY)
    if tables is None:
        return None
    if not isinstance(tables, list) or not all(isinstance(table, str) for table in tables):
        raise InvalidInput(f"_meta[{CALLER_TABLES_META_KEY!r}] must be a list of table names")
    return tables


def database_for(database: Database, ctx: Context[Any]) -> Database:
    """`database` narrowed to what this call's caller may read."""
    return database.for_caller(caller_tables(ctx.request_context.meta))
