"""The SQL MCP server: schema, guarded read-only queries, and one tool per curated query."""

from mcp_servers.sql.server import create_server

__all__ = ["create_server"]
