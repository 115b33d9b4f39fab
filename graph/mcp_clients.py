"""Connecting to the MCP servers the agents use: ours (stdio subprocesses or URLs) and any external ones."""

import os
import sys
import warnings
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from langchain_core.tools import BaseTool

from agents.contracts import ROUTES, Route
from graph.settings import ExternalServer, SystemSettings
from tools.errors import UpstreamUnavailable

# Variables a server subprocess must see: stdio transports pass only a minimal safe environment.
_INHERITED_PREFIXES = ("RELAYBOARD_", "OTEL_", "HF_", "TRANSFORMERS_", "PYTHON", "VIRTUAL_ENV", "OMP_", "MKL_")


def _child_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key.startswith(_INHERITED_PREFIXES)}


@dataclass(frozen=True, slots=True)
class McpConnection:
    """One connected MCP server and the LangChain tools it offers."""

    name: str
    agent: Route
    adapter: object
    tools: list[BaseTool]

    async def ping(self) -> bool:
        """True when the server answers a tools/list."""
        try:
            await self.adapter.list_tools(cache_mode="refresh")  # type: ignore[attr-defined]
        except Exception:  # any transport failure means not ready; readiness reports, it does not raise
            return False
        return True


def _adapter(target: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain.mcp announces it is in beta on import
        from langchain.mcp import MCPAdapter
    return MCPAdapter(target)  # type: ignore[arg-type]


def _our_target(route: Route, settings: SystemSettings) -> object:
    if settings.mcp_transport == "http":
        return getattr(settings, f"mcp_{route}_url")
    from fastmcp.client.transports import StdioTransport

    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return StdioTransport(
        command=sys.executable,
        args=["-m", f"mcp_servers.{route}"],
        env=_child_environment(),
        cwd=str(Path.cwd()),
        keep_alive=True,
        log_file=logs / f"mcp-{route}.log",
    )


def _external_target(server: ExternalServer) -> object:
    if server.url:
        return server.url
    from fastmcp.client.transports import StdioTransport

    assert server.command is not None
    return StdioTransport(command=server.command, args=server.args, env=server.env, keep_alive=True)


@asynccontextmanager
async def connect_servers(settings: SystemSettings) -> AsyncIterator[list[McpConnection]]:
    """Open one persistent session per server for the life of the context.

    Raises:
        UpstreamUnavailable: a server did not start or answer; the message names it and where its log is.
    """
    targets: list[tuple[str, Route, object]] = [
        (f"relayboard-{route}", route, _our_target(route, settings)) for route in ROUTES
    ]
    targets += [(name, server.agent, _external_target(server)) for name, server in settings.mcp_servers.items()]
    async with AsyncExitStack() as stack:
        connections = []
        for name, agent, target in targets:
            close = getattr(target, "close", None)
            if close is not None:
                # A keep-alive stdio transport outlives its sessions: end the subprocess when we are done.
                stack.push_async_callback(close)
            adapter = _adapter(target)
            try:
                await stack.enter_async_context(adapter)  # type: ignore[arg-type]
                tools = await adapter.list_tools()  # type: ignore[attr-defined]
            except Exception as exc:  # fastmcp raises several transport error types; all mean "did not start"
                hint = (
                    f" (see {settings.data_dir / 'logs' / f'mcp-{agent}.log'})" if name.startswith("relayboard") else ""
                )
                raise UpstreamUnavailable(f"MCP server {name} is unavailable: {exc}{hint}") from exc
            connections.append(McpConnection(name, agent, adapter, list(tools)))
        yield connections
