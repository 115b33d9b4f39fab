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
from graph.backoff import Backoff
from graph.mcp_connection import ServerConnection, ServerUnavailable
from graph.settings import ExternalServer, SystemSettings

# Variables a server subprocess must see: stdio transports pass only a minimal safe environment.
_INHERITED_PREFIXES = ("RELAYBOARD_", "OTEL_", "HF_", "TRANSFORMERS_", "PYTHON", "VIRTUAL_ENV", "OMP_", "MKL_")


def _child_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key.startswith(_INHERITED_PREFIXES)}


@dataclass(frozen=True, slots=True)
class McpConnection:
    """One MCP server: its connection and the LangChain tools it offered at start-up."""

    name: str
    agent: Route
    session: ServerConnection
    tools: list[BaseTool]

    async def ping(self) -> bool:
        """True when the server answers right now."""
        return await self.session.ping()


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


def _log_path(name: str, agent: Route, settings: SystemSettings) -> Path | None:
    return settings.data_dir / "logs" / f"mcp-{agent}.log" if name.startswith("relayboard") else None


async def _connect(name: str, agent: Route, target: object, settings: SystemSettings) -> McpConnection:
    adapter = _adapter(target)
    log = _log_path(name, agent, settings) if settings.mcp_transport == "stdio" else None
    session = ServerConnection(
        name,
        adapter.client,  # type: ignore[attr-defined]
        backoff=Backoff(cap_s=settings.mcp_retry_max_s),
        connect_timeout_s=settings.mcp_connect_timeout_s,
        log=log,
    )
    try:
        await session.start(settings.mcp_start_timeout_s)
        tools = await adapter.list_tools()  # type: ignore[attr-defined]
    except ServerUnavailable:
        await session.close()
        raise
    except Exception as exc:  # the listing failed after a connect: the server went away again
        await session.close()
        hint = f" (its log: {log})" if log is not None else ""
        raise ServerUnavailable(name, f"MCP server {name} did not list its tools: {exc}{hint}") from exc
    return McpConnection(name, agent, session, list(tools))


@asynccontextmanager
async def connect_servers(settings: SystemSettings) -> AsyncIterator[list[McpConnection]]:
    """Open one persistent, self-repairing session per server for the life of the context.

    A server that is still coming up is retried with backoff for `mcp_start_timeout_s`.

    Raises:
        ServerUnavailable: a server did not start or answer in time; the message names it and where its log is.
    """
    targets: list[tuple[str, Route, object]] = [
        (f"relayboard-{route}", route, _our_target(route, settings)) for route in ROUTES
    ]
    targets += [(name, server.agent, _external_target(server)) for name, server in settings.mcp_servers.items()]
    async with AsyncExitStack() as stack:
        connections = []
        for name, agent, target in targets:
            connection = await _connect(name, agent, target, settings)
            stack.push_async_callback(connection.session.close)
            connections.append(connection)
        yield connections
