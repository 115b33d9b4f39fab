"""`relayboard mcp` answers its handshake from light modules. Before its first answer (the start-up manifest's,
gateway/mcp_edge/early.py) it loads nothing but pydantic and the settings: not the MCP SDK, which alone costs over
a second of CPU. Building the SDK's edge server and listing its tools then loads none of the stacks the agent
system needs (they are imported after the handshake, in a thread), nor the web stack."""

import json
import subprocess
import sys

from evals.harness.processes import REPO, system_environment

HEAVY = ("sentence_transformers", "torch", "numpy", "qdrant_client", "langgraph", "sqlglot", "sqlalchemy", "fastapi")
SDK = ("mcp", "mcp_types", "anyio", "httpx", "httpx2", "starlette", "uvicorn", "opentelemetry", "limits", "jsonschema")
# What the process imports before the start-up manifest answers `initialize` (its settings and the manifest's facts).
EARLY = """
import json, sys
from contextlib import ExitStack
import gateway.cli, gateway.cli.parser, gateway.cli.mcp
with ExitStack() as held:
    started = gateway.cli.mcp._early_start(held)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY + SDK)
print(json.dumps({"started": started is not None, "loaded": loaded}))
"""
# What the SDK's edge server needs to build and list its tools.
HANDSHAKE = """
import json, sys
import anyio
import gateway.mcp_stdio
from gateway.mcp_edge import EdgeSystem, create_edge_server, handed

async def listed():
    server = create_edge_server(handed(EdgeSystem()))
    return [tool.name for tool in await server.list_tools()]

names = anyio.run(listed)
print(json.dumps({"tools": names, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)}))
"""


def _run(script: str, tmp_path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\nSDK = {SDK!r}\n{script}"],
        capture_output=True,
        text=True,
        timeout=120,
        env=system_environment(tmp_path),
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_before_its_first_answer_relayboard_mcp_loads_neither_the_mcp_sdk_nor_any_heavy_stack(tmp_path) -> None:
    found = _run(EARLY, tmp_path)
    assert found == {"started": True, "loaded": []}


def test_building_the_edge_and_listing_its_tools_loads_no_model_store_graph_sql_or_web_stack(tmp_path) -> None:
    found = _run(HANDSHAKE, tmp_path)
    assert len(found["tools"]) == 9
    assert found["loaded"] == []
