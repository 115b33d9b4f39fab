"""`relayboard mcp` answers its handshake from light modules: building the edge server and listing its tools loads
none of the stacks the agent system needs (they are imported after the handshake, in a thread), nor the web stack."""

import json
import subprocess
import sys

from evals.harness.processes import REPO, system_environment

HEAVY = ("sentence_transformers", "torch", "numpy", "qdrant_client", "langgraph", "sqlglot", "sqlalchemy", "fastapi")
# What the process imports before it answers `initialize`, then what tools/list needs (the schemas and descriptions).
HANDSHAKE = """
import json, sys
import anyio
import gateway.cli.mcp
from gateway.mcp_edge import EdgeSystem, create_edge_server, handed

async def listed():
    server = create_edge_server(handed(EdgeSystem()))
    return [tool.name for tool in await server.list_tools()]

names = anyio.run(listed)
print(json.dumps({"tools": names, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)}))
"""


def test_building_the_edge_and_listing_its_tools_loads_no_model_store_graph_sql_or_web_stack(tmp_path) -> None:
    script = f"HEAVY = {HEAVY!r}\n{HANDSHAKE}"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=system_environment(tmp_path),
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert len(found["tools"]) == 9
    assert found["loaded"] == []
