"""The README cannot rot: its configuration table is current and its example calls work."""

import json
import re
import shlex
from pathlib import Path

import httpx
import pytest

from gateway.settings_table import settings_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_configuration_table_matches_the_settings_classes() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- settings-table:start -->\n")[1].split("\n<!-- settings-table:end -->")[0]
    assert table == settings_table(), "regenerate it: python -m gateway.settings_table"


def test_a_working_call_comes_within_25_lines() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("curl -s localhost:8000/v1/ask") for line in lines[:25])


@pytest.mark.e2e
def test_the_readme_curl_examples_work_against_the_gateway(gateway_url: str) -> None:
    curls = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("curl ")]
    assert len(curls) == 2
    for line in curls:
        words = shlex.split(line)
        path = re.sub(r"^localhost:8000", "", next(w for w in words if w.startswith("localhost:8000")))
        body = json.loads(words[words.index("-d") + 1])
        response = httpx.post(f"{gateway_url}{path}", json=body, timeout=60)
        assert response.status_code == 200, response.text
        assert "final" in response.text if path.endswith("stream") else response.json()["found"]


@pytest.mark.e2e
def test_the_readme_cli_example_works_against_the_gateway(gateway_url: str) -> None:
    import subprocess
    import sys

    line = next(
        line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith(".venv/bin/relayboard ask")
    )
    question = shlex.split(line)[2]
    completed = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "ask", question, "--url", gateway_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "routes: retrieval -> summarise (extractive mode)" in completed.stdout
