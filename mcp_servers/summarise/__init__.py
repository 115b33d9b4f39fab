"""The summarise MCP server: extractive summaries with offsets."""

from mcp_servers.summarise.server import create_server

__all__ = ["create_server"]
