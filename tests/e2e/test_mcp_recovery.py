"""A gateway outlives its MCP servers: a killed server means 503 + Retry-After, then recovery without a restart.

Each test runs its own gateway (never the shared session stacks, which other tests rely on) and kills a real
server process: a stdio child of the gateway, or a separate streamable-HTTP server.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from evals.harness.processes import free_port, running, system_environment, wait_until

pytestmark = pytest.mark.e2e

SQL_QUESTION = "SELECT COUNT(*) AS invoices FROM Invoice"
# Reconnect attempts at most a second apart, so recovery is measured in seconds.
FAST_RETRY = {"RELAYBOARD_MCP_RETRY_MAX_S": "1"}


@pytest.fixture
def data_dir(demo_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data: an embedded collection is locked by the process that opens it."""
    target = tmp_path / "data"
    shutil.copytree(demo_data_dir, target)
    return target


@contextmanager
def gateway(env: dict[str, str], log: Path, *, ready: bool = True) -> Iterator[tuple[str, subprocess.Popen]]:
    """`relayboard serve` as a process; yields its URL and process (once /readyz answers 200 if `ready`)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    ready_url = f"{url}/readyz" if ready else None
    with running(command, env={**env, "RELAYBOARD_PORT": str(port)}, log=log, ready_url=ready_url, timeout=180) as p:
        yield url, p


def http_server(name: str, port: int, env: dict[str, str], log: Path):
    return running(
        [sys.executable, "-m", f"mcp_servers.{name}", "--http", f"127.0.0.1:{port}"],
        env=env,
        log=log,
        ready_port=port,
        timeout=180,
    )


def children(pid: int) -> list[int]:
    pids: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            pids += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return pids


def stdio_server_pid(gateway_pid: int, module: str) -> int:
    """The pid of the gateway's stdio child running `python -m <module>`."""
    for pid in children(gateway_pid):
        try:
            if module in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[2].decode():
                return pid
        except (OSError, IndexError):
            continue
    raise AssertionError(f"no child of the gateway runs {module}: {children(gateway_pid)}")


def is_gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")  # a zombie is dead
    except OSError:
        return True


def ask(url: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/ask", json={"question": SQL_QUESTION}, timeout=60)


def assert_names_the_sql_server_and_when_to_retry(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "relayboard-sql" in response.json()["detail"]
    assert int(response.headers["Retry-After"]) >= 1


def answers_until_ok(url: str, *, within: float) -> list[httpx.Response]:
    """Ask repeatedly (traffic) until one answer is 200; every answer on the way, the 200 last."""
    seen: list[httpx.Response] = []

    def ok() -> bool:
        seen.append(ask(url))
        return seen[-1].status_code == 200

    wait_until(ok, timeout=within, what="an answer after the server came back")
    return seen


def test_a_killed_stdio_server_is_restarted_and_requests_recover(data_dir: Path) -> None:
    env = system_environment(data_dir, **FAST_RETRY)
    with gateway(env, data_dir / "gateway.log") as (url, process):
        assert ask(url).json()["sql"][0]["rows"] == [[412]]
        killed = stdio_server_pid(process.pid, "mcp_servers.sql")
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: is_gone(killed), timeout=10, what="the SQL server died")

        assert_names_the_sql_server_and_when_to_retry(ask(url))
        started = time.monotonic()
        seen = answers_until_ok(url, within=60)
        recovered_in = time.monotonic() - started

        for failed in seen[:-1]:
            assert_names_the_sql_server_and_when_to_retry(failed)
        assert seen[-1].json()["sql"][0]["rows"] == [[412]]
        assert stdio_server_pid(process.pid, "mcp_servers.sql") != killed
        assert httpx.get(f"{url}/readyz", timeout=30).status_code == 200
        assert process.poll() is None, "the gateway itself was never restarted"
        print(f"stdio SQL server restarted and answering {recovered_in:.1f}s after the first 503")


def test_readiness_answers_within_its_wait_while_a_server_is_paused_and_the_server_is_kept(data_dir: Path) -> None:
    env = system_environment(data_dir, **FAST_RETRY, RELAYBOARD_MCP_READY_TIMEOUT_S="1")
    with gateway(env, data_dir / "gateway.log") as (url, process):
        paused = stdio_server_pid(process.pid, "mcp_servers.sql")
        os.kill(paused, signal.SIGSTOP)  # alive, its pipes open, answering nothing: a hung server
        try:
            # Before the wait existed a probe hung for the 30 s connection timeout, past any probe's own deadline.
            for _ in range(2):
                probe = httpx.get(f"{url}/readyz", timeout=10)
                assert probe.status_code == 503, probe.text
                assert probe.json()["checks"] == {
                    "relayboard-retrieval": True,
                    "relayboard-sql": False,
                    "relayboard-summarise": True,
                }
        finally:
            os.kill(paused, signal.SIGCONT)
        log = (data_dir / "gateway.log").read_text()
        assert "MCP server relayboard-sql is not ready: no answer within 1s" in log
        wait_until(lambda: httpx.get(f"{url}/readyz", timeout=10).status_code == 200, timeout=30, what="ready again")
        assert stdio_server_pid(process.pid, "mcp_servers.sql") == paused, "a pause shorter than 30 s is not a restart"
        assert ask(url).json()["sql"][0]["rows"] == [[412]]


@pytest.mark.slow  # in `make test-all`: keeps `make test` inside its 15 minutes
def test_readiness_recovers_after_a_probe_meets_a_dead_stdio_server(data_dir: Path) -> None:
    env = system_environment(data_dir, **FAST_RETRY)
    with gateway(env, data_dir / "gateway.log") as (url, process):
        killed = stdio_server_pid(process.pid, "mcp_servers.summarise")
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: is_gone(killed), timeout=10, what="the summarise server died")

        probe = httpx.get(f"{url}/readyz", timeout=30)
        assert probe.status_code == 503 and probe.json()["checks"]["relayboard-summarise"] is False
        # The log says why (a JSON line: the log is not a terminal).
        lines = [
            json.loads(line) for line in (data_dir / "gateway.log").read_text().splitlines() if "not ready" in line
        ]
        assert lines and lines[0]["level"] == "WARNING", lines
        assert lines[0]["message"].startswith("MCP server relayboard-summarise is not ready: "), lines
        assert "unavailable" in lines[0]["message"] or "closed" in lines[0]["message"], lines
        wait_until(lambda: httpx.get(f"{url}/readyz", timeout=30).status_code == 200, timeout=60, what="ready again")
        assert ask(url).status_code == 200
        assert process.poll() is None


@contextmanager
def http_stack(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen, dict[str, int], ExitStack]]:
    """Three streamable-HTTP MCP servers and a gateway using them; the SQL server alone in its own stack."""
    env = system_environment(data_dir, **FAST_RETRY)
    ports = {name: free_port() for name in ("retrieval", "sql", "summarise")}
    urls = {f"RELAYBOARD_MCP_{name.upper()}_URL": f"http://127.0.0.1:{port}/mcp" for name, port in ports.items()}
    with ExitStack() as servers, ExitStack() as sql:
        for name in ("retrieval", "summarise"):
            servers.enter_context(http_server(name, ports[name], env, data_dir / f"mcp-{name}.log"))
        sql.enter_context(http_server("sql", ports["sql"], env, data_dir / "mcp-sql.log"))
        gateway_env = {**env, "RELAYBOARD_MCP_TRANSPORT": "http", **urls}
        with gateway(gateway_env, data_dir / "gateway.log") as (url, process):
            yield url, process, ports, sql


def test_a_killed_http_server_means_503_until_it_returns_then_200(data_dir: Path) -> None:
    env = system_environment(data_dir)
    with http_stack(data_dir) as (url, process, ports, sql):
        assert ask(url).status_code == 200
        sql.close()  # stops the SQL server; SIGKILL below makes sure nothing of it is left to answer
        for _ in range(3):
            assert_names_the_sql_server_and_when_to_retry(ask(url))
        probe = httpx.get(f"{url}/readyz", timeout=30)
        assert probe.status_code == 503 and probe.json()["checks"]["relayboard-sql"] is False

        with http_server("sql", ports["sql"], env, data_dir / "mcp-sql-again.log"):
            started = time.monotonic()
            seen = answers_until_ok(url, within=15)
            recovered_in = time.monotonic() - started
            for failed in seen[:-1]:
                assert_names_the_sql_server_and_when_to_retry(failed)
            assert seen[-1].json()["sql"][0]["rows"] == [[412]]
            assert httpx.get(f"{url}/readyz", timeout=30).status_code == 200
            assert process.poll() is None, "the gateway itself was never restarted"
            print(f"HTTP SQL server answering through the gateway {recovered_in:.1f}s after it listened again")


@pytest.mark.slow  # in `make test-all`: keeps `make test` inside its 15 minutes
def test_the_gateway_waits_for_a_server_that_is_still_coming_up(data_dir: Path) -> None:
    env = system_environment(data_dir)
    ports = {name: free_port() for name in ("retrieval", "sql", "summarise")}
    urls = {f"RELAYBOARD_MCP_{name.upper()}_URL": f"http://127.0.0.1:{port}/mcp" for name, port in ports.items()}
    patient = {**env, "RELAYBOARD_MCP_TRANSPORT": "http", "RELAYBOARD_MCP_START_TIMEOUT_S": "170", **urls}
    with ExitStack() as stack:
        url, process = stack.enter_context(gateway(patient, data_dir / "gateway.log", ready=False))
        for name, port in ports.items():  # the servers start after the gateway
            stack.enter_context(http_server(name, port, env, data_dir / f"mcp-{name}.log"))
        wait_until(lambda: _ready(url), timeout=120, what="the gateway ready", process=process)
        assert ask(url).status_code == 200


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_server_that_never_answers_stops_start_up_with_its_name(data_dir: Path) -> None:
    nowhere = {
        f"RELAYBOARD_MCP_{name.upper()}_URL": f"http://127.0.0.1:{free_port()}/mcp"
        for name in ("retrieval", "sql", "summarise")
    }
    env = {
        **system_environment(data_dir),
        "RELAYBOARD_MCP_TRANSPORT": "http",
        "RELAYBOARD_MCP_START_TIMEOUT_S": "2",
        **nowhere,
    }
    log = data_dir / "gateway.log"
    with gateway(env, log, ready=False) as (_, process):
        assert process.wait(timeout=120) != 0
    text = log.read_text()
    assert "MCP server relayboard-retrieval did not answer within 2s" in text
    assert "All connection attempts failed" in text.split("did not answer within 2s")[1].splitlines()[0]
