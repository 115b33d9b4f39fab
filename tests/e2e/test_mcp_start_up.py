"""`relayboard mcp` with its own agent system answers the handshake before its models and stores load, and a
call that comes sooner waits for them, saying so."""

import shutil
import sys
import time
from pathlib import Path

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import LoggingMessageNotificationParams

from evals.harness.processes import REPO, free_port, system_environment
from gateway.mcp_edge.settings import EDGE_TOOLS
from gateway.mcp_edge.system_handle import WAITING

pytestmark = pytest.mark.e2e
# The issue asks for 1 s. On this busy 2-core machine tools/list answers 1.1-3.2 s after start, by load (it was
# 3.5-5.1 s): importing the MCP SDK alone costs about 1.2 s of CPU here, so 1 s is out of reach with it. The bound is
# 1.6x the worst seen, for a loaded CI machine; it catches the models and stores (12-14 s) loading before the
# handshake again, and tests/gateway/test_mcp_edge_imports.py catches a heavy import creeping back, at any load.
BOUND_S = 5.0


async def test_relayboard_mcp_answers_initialize_and_tools_list_before_loading_and_says_when_a_call_waits(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = system_environment(data_dir, RELAYBOARD_PORT=str(free_port()))  # no gateway there: its own system
    command = StdioServerParameters(command=sys.executable, args=["-m", "gateway.cli", "mcp"], env=env, cwd=REPO)
    logged: list[str] = []

    async def on_log(params: LoggingMessageNotificationParams) -> None:
        logged.append(str(params.data))

    with (tmp_path / "stderr.log").open("w") as errlog, anyio.fail_after(180):
        started = time.perf_counter()
        async with stdio_client(command, errlog=errlog) as (read, write):
            async with ClientSession(read, write, logging_callback=on_log) as session:
                await session.initialize()
                initialized_s = time.perf_counter() - started
                names = {tool.name for tool in (await session.list_tools()).tools}
                listed_s = time.perf_counter() - started
                rows = await session.call_tool("run_sql", {"sql": "SELECT COUNT(*) AS n FROM Customer"})
    print(f"relayboard mcp: initialize {initialized_s:.2f} s, tools/list {listed_s:.2f} s after start")
    assert names == set(EDGE_TOOLS)
    assert rows.structured_content is not None and rows.structured_content["rows"] == [[59]]
    assert WAITING in logged  # the handshake came before the system opened
    assert listed_s < BOUND_S, f"tools/list {listed_s:.2f} s after start"
