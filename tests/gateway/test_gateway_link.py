"""The stdio proxy's session with the gateway (gateway/gateway_link.py) says each cause in its log once: a refusal
that repeats on every reconnect is a warning the first time, and a session its gateway took away ends quietly."""

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest
import uvicorn
from mcp.server.mcpserver import MCPServer
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.gateway_link import SDK_TRANSPORT_LOGGER, GatewayLink, GatewayUnreachable
from gateway.refusals import refusal

KEYED = {"authorization": "Bearer sk-relayboard-test-key-0123456789"}


@asynccontextmanager
async def serving(app: ASGIApp) -> AsyncIterator[tuple[str, uvicorn.Server]]:
    """`app` on a loopback port (its lifespan run) while the block runs; yields its /mcp URL and the server."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1))
    task = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}/mcp", server
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


class ScriptedGateway:
    """Refuses each new session as the gateway does (gateway/refusals.py) with the next status of `script`; a
    None in it lets that session open, on a real MCP server."""

    def __init__(self, script: list[int | None]) -> None:
        self._script, self._mcp = script, MCPServer("stand-in").streamable_http_app()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        opening = scope["type"] == "http" and b"mcp-session-id" not in {key.lower() for key, _ in scope["headers"]}
        if opening and scope["method"] == "POST" and self._script:
            status = self._script.pop(0)
            if status is not None:
                title = {401: "Unauthorized", 403: "Forbidden"}[status]
                await refusal(scope, status, title, "this API key is not valid")(scope, receive, send)
                return
        await self._mcp(scope, receive, send)


def link_log(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "gateway.gateway_link"]


async def test_a_refused_key_is_warned_once_per_cause_and_again_once_a_session_opened_between(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="gateway.gateway_link")
    gateway = ScriptedGateway([401, 401, 401, 403, 403, None, 401, 401])
    async with serving(gateway) as (endpoint, _), anyio.create_task_group() as group:
        link = GatewayLink(endpoint, KEYED, group)
        outcomes = []
        for _ in range(8):
            try:
                await link.open()
                outcomes.append("opened")
            except GatewayUnreachable as exc:
                outcomes.append("HTTP 401" if "HTTP 401" in str(exc) else "HTTP 403")
        link.close()
    assert outcomes == ["HTTP 401"] * 3 + ["HTTP 403"] * 2 + ["opened"] + ["HTTP 401"] * 2
    said = [(level, message) for level, message in link_log(caplog) if "refused the key" in message]
    warned = [message for level, message in said if level == logging.WARNING]
    assert len(said) == 7  # every refusal is in the log, at debug when it is no news
    assert len(warned) == 3
    assert "(HTTP 401)" in warned[0] and "(HTTP 403)" in warned[1] and "(HTTP 401)" in warned[2]
    warning, debug = logging.WARNING, logging.DEBUG
    assert [level for level, _ in said] == [warning, debug, debug, warning, debug, warning, debug]


async def test_ending_a_session_whose_gateway_is_gone_is_one_debug_line_not_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with anyio.create_task_group() as group:
        async with serving(ScriptedGateway([])) as (endpoint, server):
            link = GatewayLink(endpoint, {}, group)
            await link.open()
        assert server.should_exit  # the gateway has stopped; the proxy exits after it
        caplog.clear()
        link.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    ours = [r.getMessage() for r in caplog.records if r.name == "gateway.gateway_link"]
    assert warnings == []
    assert len(ours) == 1 and ours[0].startswith(
        "relayboard mcp: the session was not ended at the gateway, which is gone ("
    )
    assert not [r for r in caplog.records if r.name == SDK_TRANSPORT_LOGGER and "termination" in r.getMessage()]
