"""RELAYBOARD_WORKERS: several gateway worker processes on one port where they can share the MCP servers, and a
one-line refusal where their stdio servers would fight over one embedded store."""

import asyncio
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import httpx
import pytest
import uvicorn

from evals.harness.processes import serving_gateway, serving_mcp_servers, system_environment, wait_until
from gateway.workers import serve_workers

QUESTION = "How many invoices were issued in 2010?"
READY = "relayboard ready in extractive mode"


def test_several_workers_over_stdio_servers_and_the_embedded_store_are_refused_naming_the_fixes(
    tmp_path: Path,
) -> None:
    env = system_environment(tmp_path / "data", RELAYBOARD_WORKERS="2")
    refused = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "serve"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1, refused.stderr  # one line, no traceback
    for fix in ("RELAYBOARD_MCP_TRANSPORT=http", "RELAYBOARD_STORE_BACKEND=server", "RELAYBOARD_WORKERS=1"):
        assert fix in refused.stderr


@pytest.mark.e2e
@pytest.mark.slow
def test_two_workers_share_mcp_servers_over_http_and_both_answer(demo_data_dir: Path, tmp_path: Path) -> None:
    servers_dir, gateway_dir = tmp_path / "servers", tmp_path / "gateway"
    shutil.copytree(demo_data_dir, servers_dir)
    secret = {"RELAYBOARD_CALL_TOKEN_SECRET": "workers-call-token-secret-0123456789abcdef"}
    with serving_mcp_servers(system_environment(servers_dir, **secret), servers_dir) as servers:
        env = system_environment(gateway_dir, **secret, **servers, RELAYBOARD_WORKERS="2")
        with serving_gateway(env, gateway_dir / "gateway.log") as url, httpx.Client(base_url=url, timeout=60) as client:
            log = gateway_dir / "gateway.log"
            wait_until(lambda: log.read_text().count(READY) == 2, timeout=180, what="both workers ready", log=log)
            answers = [client.post("/v1/ask", json={"question": QUESTION}) for _ in range(8)]
    assert [answer.status_code for answer in answers] == [200] * 8
    assert all(answer.json()["sql"][0]["rows"] == [[82]] for answer in answers)
    started = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
    assert len(started) == 2  # two processes, each with its own agent system, on the one port


async def _nodelay_of_a_connection_accepted_on(listener: socket.socket) -> int:
    """TCP_NODELAY of the server side of one connection that an asyncio server (as each worker runs) accepts."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            connection = transport.get_extra_info("socket")
            accepted.set_result(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    async with server:
        _, writer = await asyncio.open_connection(*listener.getsockname())
        nodelay = await asyncio.wait_for(accepted, timeout=10)
        writer.close()
    return nodelay


def test_workers_accept_connections_with_nagle_off_so_keep_alive_answers_wait_on_no_delayed_ack() -> None:
    listeners: list[socket.socket] = []

    class Supervisor:
        def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
            listeners.extend(sockets)

        def run(self) -> None:
            pass

    config = uvicorn.Config("gateway.workers:worker_app", factory=True, workers=2, host="127.0.0.1", port=0)
    with patch("gateway.workers.Multiprocess", Supervisor):
        serve_workers(config)
    [listener] = listeners
    with listener:
        assert listener.proto == socket.IPPROTO_TCP
        assert asyncio.run(_nodelay_of_a_connection_accepted_on(listener)) != 0
