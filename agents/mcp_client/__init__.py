"""How agents reach MCP servers: sessions that reconnect, typed tool specs, and the toolbox agents call through.

    ServerTarget --open_server--> McpServer (ServerConnection + ToolSpecs) --build_toolbox--> Toolbox

Agents only ever see a `Toolbox`; the composition root (graph/) opens the servers and builds one per agent.
"""

from agents.mcp_client.caller import CallCredentials, ConnectionAuth, grant_namespace
from agents.mcp_client.connection import ServerConnection
from agents.mcp_client.results import validated
from agents.mcp_client.servers import (
    ConnectOptions,
    McpServer,
    ServerTarget,
    build_toolbox,
    connect_servers,
    open_server,
    open_toolbox,
)
from agents.mcp_client.specs import ToolSpec
from agents.mcp_client.toolbox import MissingTool, Toolbox, ToolSession
from agents.mcp_client.unavailable import CallTimedOut, ServerExited, ServerUnavailable

__all__ = [
    "CallCredentials",
    "CallTimedOut",
    "ConnectOptions",
    "ConnectionAuth",
    "McpServer",
    "MissingTool",
    "ServerConnection",
    "ServerExited",
    "ServerTarget",
    "ServerUnavailable",
    "ToolSession",
    "ToolSpec",
    "Toolbox",
    "build_toolbox",
    "connect_servers",
    "grant_namespace",
    "open_server",
    "open_toolbox",
    "validated",
]
