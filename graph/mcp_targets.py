"""Which MCP servers the agent system opens, from its settings: ours (stdio subprocesses or URLs) and external ones."""

import re
import sys
from pathlib import Path

from fastmcp import Client
from fastmcp.client.transports import StdioTransport, StreamableHttpTransport
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from agents.contracts import ROUTES, Route
from agents.mcp_client import CallCredentials, ConnectionAuth, ConnectOptions, ServerTarget
from agents.mcp_client.caller import OUR_SERVER_PREFIX
from graph.settings import ExternalServer, SystemSettings
from mcp_servers.retrieval.settings import RetrievalServerSettings
from observability import TraceSettings
from tools.call_tokens import CallSigner, deployment_secret
from tools.settings import (
    CallTokenSettings,
    EmbeddingSettings,
    RerankerSettings,
    SqlSettings,
    StoreSettings,
    process_environment,
)

# Variables a server subprocess sees besides its own settings (stdio transports pass a minimal safe environment).
_INHERITED_PREFIXES = ("OTEL_", "HF_", "TRANSFORMERS_", "PYTHON", "VIRTUAL_ENV", "OMP_", "MKL_")
# The settings each of our servers reads (and every server the call-token and tracing settings): no other
# RELAYBOARD_* variable reaches it, so API keys, the LLM's key and other servers' credentials stay in the gateway.
_SERVER_SETTINGS: dict[Route, tuple[type[BaseSettings], ...]] = {
    "retrieval": (StoreSettings, EmbeddingSettings, RerankerSettings, RetrievalServerSettings),
    "sql": (SqlSettings, EmbeddingSettings),
    "summarise": (EmbeddingSettings,),
}
_EVERY_SERVER: tuple[type[BaseSettings], ...] = (CallTokenSettings, TraceSettings)
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def setting_variables(settings_class: type[BaseSettings]) -> set[str]:
    """The environment variables `settings_class` reads (upper case)."""
    prefix = str(settings_class.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for name, field in settings_class.model_fields.items():
        alias = field.validation_alias
        aliases = alias.choices if isinstance(alias, AliasChoices) else [alias] if alias else []
        names |= {str(choice).upper() for choice in aliases if isinstance(choice, str)}
        if not aliases:
            names.add(f"{prefix}{name}".upper())
    return names


def child_environment(route: Route, secret: bytes) -> dict[str, str]:
    """The environment our `route` server's subprocess gets: its own settings, the shared ones, the runtime's,
    and the call-token secret the gateway signs with (so both sides hold the same one, wherever it came from)."""
    wanted = set().union(*(setting_variables(cls) for cls in (*_SERVER_SETTINGS[route], *_EVERY_SERVER)))
    inherited = {
        key: value
        for key, value in process_environment().items()
        if key.upper() in wanted or (key.startswith(_INHERITED_PREFIXES) and not key.startswith("RELAYBOARD_"))
    }
    return {**inherited, "RELAYBOARD_CALL_TOKEN_SECRET": secret.decode()}


def _our_target(route: Route, settings: SystemSettings, signer: CallSigner, secret: bytes) -> ServerTarget:
    name = f"{OUR_SERVER_PREFIX}{route}"
    if settings.mcp_transport == "http":
        url: str = getattr(settings, f"mcp_{route}_url")
        client = Client(StreamableHttpTransport(url, auth=ConnectionAuth(signer, name)))
        return ServerTarget(name, route, client, typed_results=True)
    log = _server_log(settings, route)
    transport = StdioTransport(
        command=sys.executable,
        args=["-m", f"mcp_servers.{route}"],
        env=child_environment(route, secret),
        cwd=str(Path.cwd()),
        keep_alive=True,
        log_file=log,
    )
    return ServerTarget(name, route, Client(transport), log=log, typed_results=True)


def _server_log(settings: SystemSettings, name: str) -> Path:
    """The file a stdio server's stderr goes to (its own log, not the gateway's structured one), under the data dir.
    A user's server name may hold any character: only a safe file name is made of it."""
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"mcp-{_UNSAFE_IN_FILE_NAME.sub('_', name)}.log"


def _external_target(name: str, server: ExternalServer, settings: SystemSettings) -> ServerTarget:
    if server.url:
        return ServerTarget(name, server.agent, Client(server.url))
    assert server.command is not None  # ExternalServer's validator requires url or command
    log = _server_log(settings, f"external-{name}")
    transport = StdioTransport(command=server.command, args=server.args, env=server.env, keep_alive=True, log_file=log)
    return ServerTarget(name, server.agent, Client(transport), log=log)


def server_targets(settings: SystemSettings, signer: CallSigner, tokens: CallTokenSettings) -> list[ServerTarget]:
    """Our three servers (over HTTP, each request with a connection token by `signer`), then each external server."""
    secret = deployment_secret(tokens)
    targets = [_our_target(route, settings, signer, secret) for route in ROUTES]
    return targets + [_external_target(name, server, settings) for name, server in settings.mcp_servers.items()]


def call_credentials(signer: CallSigner) -> CallCredentials:
    """Call tokens for our servers only: an external server never sees a principal's grants."""
    return CallCredentials(signer, [f"{OUR_SERVER_PREFIX}{route}" for route in ROUTES])


def connect_options(settings: SystemSettings) -> ConnectOptions:
    """How long to wait for the servers, from the settings."""
    return ConnectOptions(
        start_timeout_s=settings.mcp_start_timeout_s,
        connect_timeout_s=settings.mcp_connect_timeout_s,
        retry_max_s=settings.mcp_retry_max_s,
        call_timeout_s=settings.mcp_call_timeout_s,
    )
