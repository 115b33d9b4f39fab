"""schemathesis, with all its checks, finds no answer of a real gateway that breaks the OpenAPI document it serves.

The gateway runs as `relayboard serve` (its MCP servers as subprocesses, extractive mode) with a real key, so
routes answer what they do for a caller rather than 401. Its limits are raised so that 429s do not stand in
for the answers under test (429 is documented; the limits have their own tests).
"""

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.harness.processes import serving_gateway, system_environment

pytestmark = pytest.mark.e2e

KEY = "conformance-key-0123456789abcdef"
CONFIG = Path(__file__).with_name("schemathesis.toml")  # the few allowances, each with its reason
SEED = "20261203"  # the bounded run is the same run every time; the larger one explores from a new seed


@pytest.fixture(scope="module")
def keyed_gateway(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gateway on its own copy of the demo data (the run creates and deletes collections and keys)."""
    data_dir = tmp_path_factory.mktemp("conformance") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = system_environment(
        data_dir,
        RELAYBOARD_API_KEYS=json.dumps({KEY: {"name": "admin"}}),
        RELAYBOARD_REQUESTS_PER_MINUTE="100000",
        RELAYBOARD_AUTH_FAILURES_PER_MINUTE="100000",
    )
    with serving_gateway(env, data_dir / "gateway.log") as url:
        yield url


def schemathesis(url: str, *options: str, timeout: float, cwd: Path) -> str:
    """`schemathesis run` over every operation of the gateway's own schema, with every check: its failures
    (each with a curl command that reproduces it), or "" when there are none."""
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", f"{url}/openapi.json"),
        # Every check is on by default; `--checks all` would also override schemathesis.toml's per-operation allowances.
        *("--header", f"Authorization: Bearer {KEY}"),
        *("--request-timeout", "30", "--no-color"),
        *options,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, cwd=cwd)
    return "" if run.returncode == 0 else run.stdout[run.stdout.find("FAILURES") :][:30000] + run.stderr[-4000:]


def assert_none(failures: str) -> None:
    """Fails with schemathesis's report whole: an assertion's diff would cut it before the failing case."""
    if failures:
        pytest.fail(failures, pytrace=False)


def test_a_bounded_schemathesis_run_finds_no_conformance_failure(keyed_gateway: str, tmp_path: Path) -> None:
    phases = ("--phases", "examples,coverage,fuzzing")
    failures = schemathesis(keyed_gateway, "--max-examples", "5", "--seed", SEED, *phases, timeout=240, cwd=tmp_path)
    assert_none(failures)


@pytest.mark.slow
@pytest.mark.timeout(900)  # about three minutes alone on 2 cores; room for a shared machine
def test_a_larger_schemathesis_run_with_stateful_links_finds_no_conformance_failure(
    keyed_gateway: str, tmp_path: Path
) -> None:
    assert_none(schemathesis(keyed_gateway, "--max-examples", "50", timeout=800, cwd=tmp_path))
