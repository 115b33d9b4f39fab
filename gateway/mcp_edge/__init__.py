"""Relayboard as an MCP server for IDE assistants (served at /mcp and by `relayboard mcp`).

Its names load on first use: `relayboard mcp` reads the edge's settings and its start-up manifest before it may
import the MCP SDK (gateway/mcp_edge/early.py), and importing a submodule runs this file first.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.mcp_edge.server import SystemLifespan, create_edge_server, fixed_system, handed
    from gateway.mcp_edge.system_handle import EdgeSystem

__all__ = ["EdgeSystem", "SystemLifespan", "create_edge_server", "fixed_system", "handed"]
_HOMES = {"EdgeSystem": "gateway.mcp_edge.system_handle"} | dict.fromkeys(__all__[1:], "gateway.mcp_edge.server")


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
