"""The request record from a running gateway: a real question's record names its tools and their servers, and
`relayboard usage` prints the sums."""

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from evals.harness.processes import serving_gateway, system_environment

pytestmark = pytest.mark.e2e
KEY = "usage-test-key-0123456789abcdef"


def test_a_real_question_leaves_a_record_with_its_tool_calls_and_the_cli_prints_usage(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = system_environment(data_dir, RELAYBOARD_API_KEYS=json.dumps({KEY: {"name": "reporting"}}))
    with serving_gateway(env, data_dir / "gateway.log") as url:
        headers = {"authorization": f"Bearer {KEY}"}
        question = {"question": "How many invoices were issued in 2010?"}
        answer = httpx.post(f"{url}/v1/ask", json=question, headers=headers, timeout=120).json()
        printed = subprocess.run(
            [sys.executable, "-m", "gateway.cli", "usage", "--url", url],
            env={**env, "RELAYBOARD_API_KEY": KEY},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert printed.returncode == 0, printed.stderr
    assert "reporting" in printed.stdout and "/v1/ask" in printed.stdout
    with sqlite3.connect(data_dir / "usage.sqlite") as db:
        db.row_factory = sqlite3.Row
        (record,) = db.execute("SELECT * FROM request_log WHERE trace_id = ?", (answer["trace_id"],)).fetchall()
    assert (record["principal"], record["route"], record["status"]) == ("reporting", "/v1/ask", 200)
    assert json.loads(record["routes"]) == ["sql"]
    tools = json.loads(record["tools"])
    assert tools and all(tool["server"] == "relayboard-sql" and tool["status"] == "ok" for tool in tools)
