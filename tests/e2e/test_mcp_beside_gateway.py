"""`relayboard mcp` beside a running gateway on the same data dir: it serves through the gateway, and when it
cannot start at all, `initialize` fails with one line naming the cause and the fix."""

import json
import os
import shutil
import signal
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

from evals.harness.processes import free_port, running, system_environment
from gateway.data_dir_lock import holding_data_dir
from gateway.mcp_edge.early import ANSWERED_BY
from gateway.mcp_edge.settings import EDGE_TOOLS
from gateway.mcp_stdio import STOPPING, STOPPING_GATEWAY_S
from tests.support.raw_stdio import INITIALIZED, RawStdio, handshake, hello, request
from tests.support.relayboard_mcp import proxied_session, relayboard_mcp

pytestmark = pytest.mark.e2e


def locked(data_dir: Path) -> str:
    return f"the data dir {data_dir.resolve()} is locked by another Relayboard process (pid "


async def test_relayboard_mcp_serves_through_the_gateway_that_holds_its_data_dir(
    gateway_url: str, gateway_data_dir: Path, tmp_path: Path
) -> None:
    async with proxied_session(gateway_url, gateway_data_dir, tmp_path / "stderr.log", within_s=120) as (session, _):
        names = {tool.name for tool in (await session.list_tools()).tools}
        rows = await session.call_tool("run_sql", {"sql": "SELECT COUNT(*) AS n FROM Customer"})
        refused = await session.call_tool("run_sql", {"sql": "DROP TABLE Customer"})
    assert names == set(EDGE_TOOLS)
    assert not rows.is_error and rows.structured_content is not None
    assert rows.structured_content["rows"] == [[59]]
    assert refused.is_error and "`DROP` is not allowed" in refused.content[0].text  # type: ignore[union-attr]
    assert f"through the gateway at {gateway_url}/mcp" in (tmp_path / "stderr.log").read_text()


@pytest.mark.parametrize("version", ["2025-06-18", pytest.param("1999-01-01", marks=pytest.mark.slow)])
def test_through_the_gateway_the_handshake_is_answered_from_the_gateways_before_the_sdk_loads_and_is_the_proxys(
    gateway_url: str, gateway_data_dir: Path, tmp_path: Path, version: str
) -> None:
    env = system_environment(gateway_data_dir, RELAYBOARD_URL=gateway_url)
    mcp = RawStdio(env, tmp_path / "stderr.log")
    try:
        early = handshake(mcp, version)  # its last request waits for the SDK's proxy, which checks the early answers
    finally:
        mcp.close()
    log = (tmp_path / "stderr.log").read_text()
    negotiated = "2025-11-25" if version == "1999-01-01" else version
    assert ANSWERED_BY % (negotiated, f"the gateway at {gateway_url}") in log
    assert f"through the gateway at {gateway_url}/mcp" in log
    assert (
        "differs from the MCP SDK" not in log and "after it was answered early" not in log
    )  # the proxy answered the same
    assert early["initialize"]["protocolVersion"] == negotiated
    assert early["initialize"]["serverInfo"]["title"] == "Relayboard"
    assert [tool["name"] for tool in early["tools/list"]["tools"]] == list(EDGE_TOOLS)
    assert {prompt["name"] for prompt in early["prompts/list"]["prompts"]} >= {"explain_table"}
    assert early["resources/templates/list"]["resourceTemplates"][0]["name"] == "document"


async def test_relayboard_mcp_on_a_locked_data_dir_fails_initialize_with_one_line(
    gateway_url: str, gateway_data_dir: Path, tmp_path: Path
) -> None:
    nobody = free_port()  # no gateway answers there, so relayboard mcp tries to open the data dir itself
    with (tmp_path / "stderr.log").open("w") as errlog, anyio.fail_after(120):
        async with stdio_client(relayboard_mcp(gateway_data_dir, nobody), errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                with pytest.raises(MCPError) as refused:
                    await session.initialize()
    message = str(refused.value)
    assert "\n" not in message
    assert locked(gateway_data_dir) in message
    assert f"run it as the gateway (`relayboard serve`) at http://127.0.0.1:{nobody}" in message


@pytest.mark.parametrize("holds_on_s", [5.0, pytest.param(0.0, marks=pytest.mark.slow)], ids=["stopping", "gone"])
def test_a_gateway_that_stops_after_answering_the_handshake_leaves_relayboard_mcp_serving_with_its_own_system(
    demo_data_dir: Path, tmp_path: Path, holds_on_s: float
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [sys.executable, "-m", "gateway.cli", "serve"]
    env = system_environment(data_dir, RELAYBOARD_PORT=str(port))
    with running(serve, env=env, log=tmp_path / "gateway.log", ready_url=f"{url}/readyz", timeout=180) as gateway:
        mcp = RawStdio(system_environment(data_dir, RELAYBOARD_URL=url), tmp_path / "stderr.log")
        try:
            mcp.send(request(1, "initialize", hello("2025-06-18")), INITIALIZED)
            answered = mcp.answers({1})[1]
            # Before the SDK has loaded (over a second). A gateway stopping gracefully holds the data dir while it
            # closes its MCP servers: this test holds it for that long in the killed gateway's place.
            os.killpg(gateway.pid, signal.SIGKILL)
            gateway.wait(60)
            with holding_data_dir(data_dir) if holds_on_s else nullcontext():
                mcp.send(request(2, "tools/list"), request(3, "tools/call", {"name": "list_tables", "arguments": {}}))
                time.sleep(holds_on_s)
            later = mcp.answers({2, 3})
        finally:
            mcp.close()
    log = (tmp_path / "stderr.log").read_text()
    assert ANSWERED_BY % ("2025-06-18", f"the gateway at {url}") in log
    assert answered["result"]["serverInfo"]["title"] == "Relayboard"
    assert [tool["name"] for tool in later[2]["result"]["tools"]] == list(EDGE_TOOLS)
    assert "Customer" in json.dumps(later[3]["result"]["structuredContent"])
    assert "after it was answered early" not in log and "differs from the MCP SDK" not in log
    assert (STOPPING % (url, STOPPING_GATEWAY_S) in log) == bool(holds_on_s)
