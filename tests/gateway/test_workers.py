"""RELAYBOARD_WORKERS: several gateway worker processes on one port where they can share the MCP servers, and a
one-line refusal where their stdio servers would fight over one embedded store."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from evals.harness.processes import serving_gateway, serving_mcp_servers, system_environment, wait_until

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
