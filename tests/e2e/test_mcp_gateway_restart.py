"""`relayboard mcp` serving through a gateway that restarts: the IDE keeps its server. While the gateway is down a
request says so (a tool call as a tool error, anything else as a JSON-RPC error); once it is back, requests work
again, without restarting `relayboard mcp`."""

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mcp.client.session import ClientSession
from mcp.shared.exceptions import MCPError
from mcp.types import TextContent

from evals.harness.processes import free_port, running, system_environment
from tests.support.relayboard_mcp import proxied_session

pytestmark = pytest.mark.e2e


@contextmanager
def gateway(data_dir: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    env = system_environment(data_dir, RELAYBOARD_PORT=str(port))
    with running(command, env=env, log=log, ready_url=f"http://127.0.0.1:{port}/readyz", timeout=180) as process:
        yield process


def kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # no graceful shutdown: as a crash or an OOM kill would
    process.wait(60)


async def tables(session: ClientSession) -> str:
    result = await session.call_tool("list_tables", {})
    assert not result.is_error, result.content
    assert isinstance(result.content[0], TextContent)
    return result.content[0].text


@pytest.mark.slow  # about 136 s (three gateway starts): in `make test-all`, keeping `make test` inside 15 minutes
async def test_relayboard_mcp_survives_a_gateway_restart_and_says_the_gateway_is_down_meanwhile(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    down = f"the Relayboard gateway at {url}/mcp is not reachable ("
    with gateway(data_dir, port, tmp_path / "gateway-1.log") as first:
        async with proxied_session(url, data_dir, tmp_path / "stderr.log", within_s=600) as (session, _):
            assert "Customer" in await tables(session)
            kill(first)

            while_down = await session.call_tool("list_tables", {})
            with pytest.raises(MCPError) as listing_while_down:
                await session.list_tools()

            with gateway(data_dir, port, tmp_path / "gateway-2.log") as second:
                after_restart = await tables(session)
                kill(second)
            with gateway(data_dir, port, tmp_path / "gateway-3.log"):
                # No request while it was down: the first one meets a gateway that does not know the session.
                after_a_quiet_restart = await tables(session)
                names = {tool.name for tool in (await session.list_tools()).tools}
    assert while_down.is_error
    assert isinstance(while_down.content[0], TextContent)
    assert while_down.content[0].text.startswith(down)
    assert "relayboard serve" in while_down.content[0].text
    assert "\n" not in while_down.content[0].text
    assert str(listing_while_down.value).startswith(down)
    assert "Customer" in after_restart and "Customer" in after_a_quiet_restart
    assert "run_sql" in names
    log = (tmp_path / "stderr.log").read_text()
    assert "Traceback" not in log
    # It exited after the third gateway had stopped: quietly, though that session could not be ended there.
    assert "Session termination failed" not in log and "WARNING:mcp." not in log
