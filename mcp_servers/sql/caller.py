"""Which tables the caller of one tool call may read: the `table:` grants of its verified call token."""

from typing import Any

from mcp.server.mcpserver import Context

from mcp_servers.credentials import current_caller
from tools.sql.database import Database


def database_for(database: Database, ctx: Context[Any]) -> Database:
    """`database` narrowed to what this call's caller may read (mcp_servers/credentials.py verified who it is)."""
    tables = current_caller().grants.sql_tables
    return database.for_caller(None if tables is None else list(tables))
