"""MCP servers whose tools fail, for the gateway's fault tests (`python -m tests.support.faulty_mcp ours|theirs`).

`ours` is built like Relayboard's servers (a `ToolServer`) and its `list_tables` has a bug. `theirs` is any
other MCP server: its `describe_table` answers `isError` with its own account and no Relayboard error kind.
"""

import sys

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from mcp_servers.errors import ToolServer
from observability import configure_logging

SECRET = "postgres://admin:hunter2@10.0.0.7/prod"


def ours() -> MCPServer:
    server: MCPServer = ToolServer("faulty-ours")

    @server.tool()
    async def list_tables() -> dict[str, list[str]]:
        """The tables (broken)."""
        raise RuntimeError(f"lost the connection to {SECRET}")

    return server


def theirs() -> MCPServer:
    server: MCPServer = MCPServer("faulty-theirs")

    @server.tool()
    async def describe_table(table: str) -> dict[str, str]:
        """One table (out of quota)."""
        raise ToolError(f"the vendor quota is exhausted; {table} can be described again tomorrow")

    return server


if __name__ == "__main__":
    configure_logging(f"mcp-faulty-{sys.argv[1]}")  # as our servers log (mcp_servers/runner.py)
    {"ours": ours, "theirs": theirs}[sys.argv[1]]().run()
