"""Which MCP servers the agent system opens, from its settings: ours (stdio subprocesses or URLs) and external ones."""

import os
import sys
from pathlib import Path

from fastmcp import Client
from fastmcp.client.transports import StdioTransport

from agents.contracts import ROUTES, Route
from agents.mcp_client import ConnectOptions, ServerTarget
from graph.settings import ExternalServer, SystemSettings

# Variables a server subprocess must see: stdio transports pass only a minimal safe environment.
_INHERITED_PREFIXES = ("RELAYBOARD_", "OTEL_", "HF_", "TRANSFORMERS_", "PYTHON", "VIRTUAL_ENV", "OMP_", "MKL_")


def _child_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key.startswith(_INHERITED_PREFIXES)}


def _our_target(route: Route, settings: SystemSettings) -> ServerTarget:
    name = f"relayboard-{route}"
    if settings.mcp_transport == "http":
        url: str = getattr(settings, f"mcp_{route}_url")
        return ServerTarget(name, route, Client(url))
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"mcp-{route}.log"
    transport = StdioTransport(
        command=sys.executable,
        args=["-m", f"mcp_servers.{route}"],
        env=_child_environment(),
        cwd=str(Path.cwd()),
        keep_alive=True,
        log_file=log,
    )
    return ServerTarget(name, route, Client(transport), log=log)


def _external_target(name: str, server: ExternalServer) -> ServerTarget:
    if server.url:
        return ServerTarget(name, server.agent, Client(server.url))
    assert server.command is not None  # ExternalServer's validator requires url or command
    transport = StdioTransport(command=server.command, args=server.args, env=server.env, keep_alive=True)
    return ServerTarget(name, server.agent, Client(transport))


def server_targets(settings: SystemSettings) -> list[ServerTarget]:
    """Our three servers, then each external server the settings name."""
    targets = [_our_target(route, settings) for route in ROUTES]
    return targets + [_external_target(name, server) for name, server in settings.mcp_servers.items()]


def connect_options(settings: SystemSettings) -> ConnectOptions:
    """How long to wait for the servers, from the settings."""
    return ConnectOptions(
        start_timeout_s=settings.mcp_start_timeout_s,
        connect_timeout_s=settings.mcp_connect_timeout_s,
        retry_max_s=settings.mcp_retry_max_s,
    )
