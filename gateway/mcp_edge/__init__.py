"""Relayboard as an MCP server for IDE assistants (served at /mcp and by `relayboard mcp`)."""

from gateway.mcp_edge.server import SystemLifespan, create_edge_server, fixed_system

__all__ = ["SystemLifespan", "create_edge_server", "fixed_system"]
