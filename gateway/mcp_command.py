"""`relayboard mcp`: Relayboard's MCP edge over stdio, with its own agent system."""

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp.server.mcpserver import MCPServer

from gateway.mcp_edge import create_edge_server
from graph.settings import SystemSettings
from graph.system import AgentSystem, open_system
from observability import configure_tracing, shutdown_tracing


def serve_stdio() -> None:
    """Serve until stdin closes. stdout carries the protocol, so logs go to stderr."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    configure_tracing("mcp-edge")

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[AgentSystem]:
        async with open_system(SystemSettings()) as system:
            yield system

    try:
        create_edge_server(lifespan).run()
    finally:
        shutdown_tracing()
