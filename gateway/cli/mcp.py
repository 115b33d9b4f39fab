"""`relayboard mcp`: Relayboard's MCP edge over stdio (gateway/mcp_stdio.py serves it).

Importing the MCP SDK takes over a second of CPU, so the settings are read first, with nothing heavier than
pydantic, and the handshake (`initialize`, `ping`, the listings) is answered from a start-up manifest
(gateway/mcp_edge/early.py) while the SDK loads; then the SDK takes the stream over. The manifest is:

- through a running gateway, the gateway's own handshake, fetched with the stdlib (gateway/mcp_edge/upstream.py);
- with its own system, the committed one (the default settings), or the one cached in the data dir for these
  settings (gateway/mcp_edge/manifest_cache.py; the SDK's path writes it on the first start with them), or on that
  first start the committed one restated for them (gateway/mcp_edge/restated.py).

Otherwise (a bad setting, a locked data dir, a client that does not open with `initialize`, a gateway that refuses
the key) the SDK answers from the start, and says what is wrong.
"""

import argparse
import importlib
import logging
import socket
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import ValidationError
from pydantic_settings import SettingsError

from gateway.data_dir_lock import DataDirLocked, holding_own_data_dir
from gateway.limits import LimitSettings
from gateway.mcp_edge.descriptions import ServedLimits, described_facts
from gateway.mcp_edge.early import REGENERATE, EarlyResponder, Json, ManifestSource, load_manifest
from gateway.mcp_edge.manifest_cache import ManifestCache
from gateway.mcp_edge.restated import restated_manifest
from gateway.mcp_edge.settings import EdgeSettings
from gateway.mcp_edge.upstream import UpstreamHandshake
from gateway.settings import GatewaySettings
from graph.settings import SystemSettings
from tools.errors import RelayboardError
from tools.settings import SqlSettings

logger = logging.getLogger(__name__)
PROBE_TIMEOUT_S = 0.5
RESTATED = "the start-up manifest restated for these settings"


@dataclass(frozen=True)
class Early:
    """What `relayboard mcp` settled before the SDK loaded: the responder answering the handshake, and its own
    system's settings (its data dir's lock held), or None when it goes through the gateway."""

    responder: EarlyResponder
    system: SystemSettings | None
    upstream: UpstreamHandshake | None = None


def serve_stdio() -> None:
    """Serve until stdin closes. stdout carries the protocol, so logs go to stderr."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    with ExitStack() as held:
        early = _early_start(held)
        if early is not None and early.upstream is not None:
            # The SDK's import holds the GIL for over a second; the few round trips to the gateway go first.
            early.upstream.manifest()
        stdio = importlib.import_module("gateway.mcp_stdio")  # the MCP SDK, the edge server, telemetry
        stdio.serve(stdio.EarlyStart(early.responder, early.system) if early is not None else None)


def run(_: argparse.Namespace) -> int:
    """`relayboard mcp`: see `serve_stdio`."""
    serve_stdio()
    return 0


def _early_start(held: ExitStack) -> Early | None:
    """Start answering the handshake from a start-up manifest where there is one for how this process will serve;
    the data dir's lock joins `held`. None: the SDK answers everything."""
    try:
        gateway, system = GatewaySettings(), SystemSettings()
        limits = ServedLimits.from_settings(SqlSettings(), system, LimitSettings(), gateway)
        facts = described_facts(limits, EdgeSettings().tool_descriptions)
    except (RelayboardError, ValidationError, SettingsError):
        return None  # the SDK's path reads them again and says why in the `initialize` error
    committed = load_manifest()
    url = gateway.client_url()
    if _may_answer(url):
        upstream = UpstreamHandshake(f"{url}/mcp", gateway.client_headers(), committed)
        upstream.start()
        proxy = f"the gateway at {url}"
        responder = _responding(held, upstream.manifest, proxy, "the proxy does not mirror its handshake")
        return Early(responder, None, upstream)
    origin, manifest, if_stale = "the start-up manifest", committed, REGENERATE
    if committed["facts"] != facts:
        cache = ManifestCache(system.data_dir, facts)
        cached = cache.load()
        if cached is not None:
            origin, manifest = f"the start-up manifest cached at {cache.path}", cached
            if_stale = "this start rewrites it"
        else:
            restated = restated_manifest(committed, limits, facts["tool_descriptions"])
            if restated is None:
                logger.info("relayboard mcp: no start-up manifest for these settings yet: the MCP SDK answers")
                return None
            origin, manifest = RESTATED, restated
            if_stale = f"this start caches the MCP SDK's at {cache.path}"
    try:
        held.enter_context(holding_own_data_dir(system))
    except DataDirLocked:
        return None
    return Early(_responding(held, manifest, origin, if_stale), system)


def _responding(held: ExitStack, manifest: Json | ManifestSource, origin: str, if_stale: str) -> EarlyResponder:
    responder = EarlyResponder(manifest, origin, if_stale)
    responder.start()
    held.callback(responder.close)
    return responder


def _may_answer(url: str) -> bool:
    """Whether something listens where the gateway would (the SDK's path then asks it for /healthz)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=PROBE_TIMEOUT_S):
            return True
    except ConnectionRefusedError:
        return False
    except OSError:  # unreachable, unresolvable or slow: let the SDK's path decide, as before
        return True
