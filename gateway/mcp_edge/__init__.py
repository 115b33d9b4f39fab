"""Relayboard as an MCP server for IDE assistants (served at /mcp and by `relayboard mcp`)."""

from gateway.mcp_edge.server import SystemLifespan, create_edge_server, fixed_system, handed
from gateway.mcp_edge.system_handle import EdgeSystem

__all__ = ["EdgeSystem", "SystemLifespan", "create_edge_server", "fixed_system", "handed"]
