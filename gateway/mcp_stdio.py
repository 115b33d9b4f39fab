"""Relayboard's MCP edge over stdio (`relayboard mcp`), once the MCP SDK has loaded: through the running gateway
when one answers (the two cannot both open one embedded data dir), with its own agent system otherwise, which
opens after the handshake; a bad setting or a locked data dir is the `initialize` error the IDE shows.

When `relayboard mcp` could start its start-up responder (gateway/cli/mcp.py), the handshake is answered already
and the SDK takes over the stream from it. With its own system and settings the committed start-up manifest does
not describe, it writes the manifest of these settings to the data dir once serving, for the next start.
"""

import importlib
import logging
from contextlib import AbstractAsyncContextManager, ExitStack
from dataclasses import dataclass
from typing import Any, cast

import anyio
import httpx
from mcp.server.stdio import stdio_server
from pydantic import ValidationError
from pydantic_settings import SettingsError

from gateway.data_dir_lock import DataDirLocked, holding_own_data_dir
from gateway.gateway_link import GatewayLink, GatewayUnreachable
from gateway.mcp_edge import EdgeSystem, create_edge_server, handed
from gateway.mcp_edge.descriptions import ServedLimits, described_facts
from gateway.mcp_edge.early import EarlyResponder, load_manifest
from gateway.mcp_edge.manifest import live_manifest
from gateway.mcp_edge.manifest_cache import ManifestCache
from gateway.mcp_edge.settings import EdgeSettings
from gateway.mcp_proxy import create_proxy_server
from gateway.settings import GatewaySettings
from gateway.settings_errors import configuration_message
from gateway.stdio_refusal import refuse_over_stdio
from graph.settings import SystemSettings
from mcp_servers.errors import ToolServer
from observability import configure_tracing, shutdown_tracing
from tools.errors import RelayboardError

logger = logging.getLogger(__name__)
# The manifest is built by a server of its own: a moment after serving starts, so the client's first requests go first.
CACHE_DELAY_S = 1.0
WROTE = "relayboard mcp: wrote the start-up manifest of these settings"
# How long a gateway that answered the handshake and then stopped may take to release the data dir (a graceful
# shutdown closes its MCP servers first), and how often to look.
STOPPING_GATEWAY_S, LOCK_POLL_S = 30.0, 0.25
STOPPING = (
    "relayboard mcp: the gateway at %s answered the handshake and has stopped: serving with its own system once it "
    "releases the data dir (waiting up to %g s)"
)


@dataclass(frozen=True)
class EarlyStart:
    """What `relayboard mcp` settled before the SDK loaded: the responder that has been answering the handshake,
    and its own system's settings (its data dir's lock held), or None: it answered from the gateway's handshake."""

    responder: EarlyResponder
    settings: SystemSettings | None


def serve(early: EarlyStart | None) -> None:
    """Serve until stdin closes. stdout carries the protocol, so logs go to stderr."""
    configure_tracing("mcp-edge")
    try:
        anyio.run(_serve, early)
    finally:
        shutdown_tracing()


async def _serve(early: EarlyStart | None) -> None:
    if early is not None and early.settings is not None:
        await _run_own_system(early.settings, early.responder)
        return
    responder = early.responder if early is not None else None  # through the gateway, if it still answers
    try:
        settings = GatewaySettings()
    except (RelayboardError, ValidationError, SettingsError) as exc:
        await refuse_over_stdio(
            f"relayboard mcp: configuration error: {configuration_message(exc)}", _taken_over(responder)
        )
        return
    url = settings.client_url()
    if await _gateway_answers(url):
        await _serve_through_gateway(f"{url}/mcp", settings.client_headers(), responder)
    else:
        # Answered early from this gateway a moment ago: it is stopping, and may hold the data dir a while longer.
        await _serve_own_system(url, responder, lock_wait_s=STOPPING_GATEWAY_S if responder is not None else 0)


async def _gateway_answers(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(f"{url}/healthz")).status_code == 200
    except httpx.HTTPError:
        return False


async def _serve_through_gateway(endpoint: str, headers: dict[str, str], early: EarlyResponder | None) -> None:
    """Serve through the gateway at `endpoint` until stdin closes; a gateway that refuses the first session is the
    error every request gets (one line: the cause and the fix), one that restarts later is reconnected to."""
    async with anyio.create_task_group() as group:
        link = GatewayLink(endpoint, headers, group)
        try:
            upstream = await link.open()
        except GatewayUnreachable as exc:  # the IDE is told which gateway, why, and what to set
            await refuse_over_stdio(str(exc), _taken_over(early))
            return
        logger.info("serving stdio through the gateway at %s", endpoint)
        server = create_proxy_server(link, upstream)
        async with _stdio(early) as (read, write):
            await server.run(read, write, server.create_initialization_options())
        link.close()


async def _serve_own_system(url: str, early: EarlyResponder | None, lock_wait_s: float = 0) -> None:
    """Answer the handshake at once and open the agent system meanwhile (models, stores, MCP servers take
    seconds): the data dir's lock and the settings are checked first, so those failures still fail `initialize`;
    a later failure fails each call with its cause. A locked data dir is waited for up to `lock_wait_s` (requests
    wait meanwhile) before it is the error."""
    try:
        settings = SystemSettings()
    except (RelayboardError, ValidationError, SettingsError) as exc:
        await refuse_over_stdio(f"relayboard mcp could not start: {configuration_message(exc)}", _taken_over(early))
        return
    with ExitStack() as held:
        try:
            await _hold_data_dir(held, settings, url, lock_wait_s)
        except DataDirLocked as exc:
            await refuse_over_stdio(
                f"{exc}: stop it, or run it as the gateway (`relayboard serve`) at {url} (RELAYBOARD_URL, or "
                "RELAYBOARD_HOST and RELAYBOARD_PORT) and relayboard mcp will use it",
                _taken_over(early),
            )
            return
        await _run_own_system(settings, early)


async def _hold_data_dir(held: ExitStack, settings: SystemSettings, url: str, wait_s: float) -> None:
    """Hold the data dir (joining `held`), trying for up to `wait_s`.

    Raises:
        DataDirLocked: another process still holds it.
    """
    deadline = anyio.current_time() + wait_s
    while True:
        try:
            held.enter_context(holding_own_data_dir(settings))
            return
        except DataDirLocked:
            if anyio.current_time() >= deadline:
                raise
        if wait_s:
            logger.info(STOPPING, url, wait_s)
            wait_s = 0  # said once
        await anyio.sleep(LOCK_POLL_S)


async def _run_own_system(settings: SystemSettings, early: EarlyResponder | None) -> None:
    """Serve the edge over stdio (taking over from `early` if it began) while the agent system opens."""
    try:
        edge, limits = EdgeSettings(), ServedLimits.from_environment()
    except (RelayboardError, ValidationError, SettingsError) as exc:  # answered, not "server exited", in the IDE
        await refuse_over_stdio(f"relayboard mcp could not start: {configuration_message(exc)}", _taken_over(early))
        return
    handle = EdgeSystem()
    server = create_edge_server(handed(handle), edge, limits)
    async with anyio.create_task_group() as group:
        group.start_soon(_open_system, settings, handle)
        group.start_soon(
            _keep_manifest_cached,
            ManifestCache(settings.data_dir, described_facts(limits, edge.tool_descriptions)),
            early,
        )
        if early is None:
            await server.run_stdio_async()
        else:
            assert isinstance(server, ToolServer)
            await server.run_stdio_over(*_streams(early))
        group.cancel_scope.cancel()  # stdin closed: close the system, or stop opening it


async def _keep_manifest_cached(cache: ManifestCache, early: EarlyResponder | None) -> None:
    """Write the start-up manifest of settings the committed one does not describe, when there is none yet or the
    SDK answered otherwise than the cached one did; the next start with these settings answers from it."""
    if cache.facts == load_manifest()["facts"]:
        return
    if cache.load() is not None:
        if early is None:
            return
        if not await anyio.to_thread.run_sync(early.wait_for_difference, abandon_on_cancel=True):
            return  # only a stale one is rewritten
    else:
        await anyio.sleep(CACHE_DELAY_S)
    try:
        cache.store(await live_manifest())
    except (OSError, ValueError):  # a read-only data dir (or settings changed meanwhile) costs the next start only
        logger.warning("relayboard mcp: could not write the start-up manifest to %s", cache.path, exc_info=True)
        return
    logger.info(WROTE + " to %s", cache.path)


class _EarlyLines:
    """The lines `early` read, as the SDK's stdio transport reads its stdin."""

    def __init__(self, early: EarlyResponder) -> None:
        self._early = early

    def __aiter__(self) -> "_EarlyLines":
        return self

    async def __anext__(self) -> str:
        line = await anyio.to_thread.run_sync(self._early.next_line, abandon_on_cancel=True)
        if line is None:
            raise StopAsyncIteration
        return line


class _EarlyWrites:
    """The wire behind `early`, as the SDK's stdio transport writes its stdout."""

    def __init__(self, early: EarlyResponder) -> None:
        self._early = early

    async def write(self, text: str) -> None:
        await anyio.to_thread.run_sync(self._early.write_line, text)

    async def flush(self) -> None:
        return None  # write_line flushes


def _streams(early: EarlyResponder) -> tuple[anyio.AsyncFile[str], anyio.AsyncFile[str]]:
    """The stream `early` read, for the SDK's stdio transport: from now on the SDK answers everything."""
    early.hand_over()
    # The SDK's stdio transport only iterates its stdin and calls write and flush on its stdout.
    return cast("anyio.AsyncFile[str]", _EarlyLines(early)), cast("anyio.AsyncFile[str]", _EarlyWrites(early))


def _taken_over(early: EarlyResponder | None) -> tuple[anyio.AsyncFile[str], anyio.AsyncFile[str]] | None:
    """`early`'s stream, or None: the process's own stdin and stdout."""
    return _streams(early) if early is not None else None


def _stdio(early: EarlyResponder | None) -> AbstractAsyncContextManager[tuple[Any, Any]]:
    """The SDK's stdio transport over `early`'s stream, or over the process's own."""
    streams = _taken_over(early)
    return stdio_server(*streams) if streams is not None else stdio_server()


async def _open_system(settings: SystemSettings, handle: EdgeSystem) -> None:
    """Open the agent system for `handle` and keep it open until cancelled; a failure is what calls then say."""
    try:
        # The agent system's modules take seconds to import: in a thread, so the event loop answers the handshake
        # meanwhile (tests/gateway/test_mcp_edge_imports.py keeps them out of the handshake's imports).
        await anyio.to_thread.run_sync(importlib.import_module, "graph.system")
        from graph.system import open_system

        async with open_system(settings) as system:
            logger.info("relayboard mcp: agent system ready")
            handle.ready(system)
            await anyio.sleep_forever()
    except (RelayboardError, ValidationError, SettingsError) as exc:
        handle.failed(f"relayboard mcp could not start: {configuration_message(exc)}")
    except Exception as exc:  # reported to the IDE on each call as well as logged: an IDE shows no stderr
        logger.exception("relayboard mcp could not start")
        handle.failed(f"relayboard mcp could not start: {type(exc).__name__}: {exc} (details on stderr)")
