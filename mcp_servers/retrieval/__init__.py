"""The retrieval MCP server: hybrid search over ingested documents."""

from mcp_servers.retrieval.server import create_server

__all__ = ["create_server"]
