"""`relayboard mcp`: Relayboard's MCP edge over stdio (gateway/mcp_stdio.py serves it).

Importing the MCP SDK takes over a second of CPU, so the settings are read first, with nothing heavier than
pydantic: when they let this process serve its own agent system with the edge its start-up manifest describes,
the manifest answers `initialize` and `tools/list` (gateway/mcp_edge/early.py) while the SDK loads, and the SDK
takes the stream over. Otherwise (a gateway to go through, a bad setting, a locked data dir, other texts or
limits) the SDK answers from the start, and says what is wrong.
"""

import argparse
import importlib
import logging
import socket
import sys
from contextlib import ExitStack
from urllib.parse import urlsplit

from pydantic import ValidationError

from gateway.data_dir_lock import DataDirLocked, holding_own_data_dir
from gateway.limits import LimitSettings
from gateway.mcp_edge.descriptions import ServedLimits, described_facts
from gateway.mcp_edge.early import EarlyResponder, load_manifest
from gateway.mcp_edge.settings import EdgeSettings
from gateway.settings import GatewaySettings
from graph.settings import SystemSettings
from tools.errors import RelayboardError
from tools.settings import SqlSettings

logger = logging.getLogger(__name__)
PROBE_TIMEOUT_S = 0.5


def serve_stdio() -> None:
    """Serve until stdin closes. stdout carries the protocol, so logs go to stderr."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    with ExitStack() as held:
        early = _early_start(held)
        stdio = importlib.import_module("gateway.mcp_stdio")  # the MCP SDK, the edge server, telemetry
        stdio.serve(stdio.EarlyStart(*early) if early is not None else None)


def run(_: argparse.Namespace) -> int:
    """`relayboard mcp`: see `serve_stdio`."""
    serve_stdio()
    return 0


def _early_start(held: ExitStack) -> "tuple[SystemSettings, EarlyResponder] | None":
    """Start answering the handshake from the manifest if this process will serve its own system with the edge the
    manifest was built for; the data dir's lock joins `held`. None: the SDK answers everything."""
    try:
        gateway, system = GatewaySettings(), SystemSettings()
        limits = ServedLimits.from_settings(SqlSettings(), system, LimitSettings(), gateway)
        facts = described_facts(limits, EdgeSettings().tool_descriptions)
    except (RelayboardError, ValidationError):
        return None  # the SDK's path reads them again and says why in the `initialize` error
    manifest = load_manifest()
    if manifest["facts"] != facts:
        logger.info("relayboard mcp: these settings change the edge's texts or limits: no start-up manifest")
        return None
    if _may_answer(gateway.client_url()):
        return None
    try:
        held.enter_context(holding_own_data_dir(system))
    except DataDirLocked:
        return None
    responder = EarlyResponder(manifest)
    responder.start()
    held.callback(responder.close)
    return system, responder


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
