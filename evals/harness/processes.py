"""Starting real Relayboard processes for tests: on 127.0.0.1, free ports, bounded waits, always stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]


def system_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a Relayboard process using `data_dir`, free of the caller's RELAYBOARD_*/OTEL_*.

    The SQL database is left to its default, `data_dir`/chinook.sqlite, so every process test checks that too."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RELAYBOARD_", "OTEL_"))}
    env.update(
        {
            "RELAYBOARD_DATA_DIR": str(data_dir),
            "PYTHONPATH": str(REPO),
            "HF_HUB_OFFLINE": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    predicate: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    process: subprocess.Popen[Any] | None = None,
    log: Path | None = None,
) -> None:
    """Poll `predicate` until it holds, failing early (with the log's tail) if `process` exits.

    Raises:
        RuntimeError: the process exited first.
        TimeoutError: `timeout` seconds passed.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text()[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what}: the process exited with {process.returncode}\n{tail}")
        if predicate():
            return
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} did not happen within {timeout}s\n{tail}")


def _http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running(
    command: Sequence[str],
    *,
    env: dict[str, str],
    log: Path,
    ready_url: str | None = None,
    ready_port: int | None = None,
    timeout: float = 120,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the block ends; wait for `ready_url` to answer 200 (or `ready_port` to accept)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(list(command), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            if ready_url:
                wait_until(
                    lambda: _http_ok(ready_url), timeout=timeout, what=f"{ready_url} ready", process=process, log=log
                )
            elif ready_port:

                def accepts() -> bool:
                    try:
                        socket.create_connection(("127.0.0.1", ready_port), 0.5).close()
                        return True
                    except OSError:
                        return False

                wait_until(accepts, timeout=timeout, what=f"port {ready_port} open", process=process, log=log)
            yield process
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)


@contextmanager
def serving_gateway(env: dict[str, str], log: Path) -> Iterator[str]:
    """`relayboard serve` on a free 127.0.0.1 port with `env`; yields its URL once /readyz answers 200."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    with running(command, env={**env, "RELAYBOARD_PORT": str(port)}, log=log, ready_url=f"{url}/readyz", timeout=180):
        yield url


@contextmanager
def serving_mcp_servers(env: dict[str, str], log_dir: Path) -> Iterator[dict[str, str]]:
    """Our three MCP servers over streamable HTTP on free 127.0.0.1 ports, with `env`; yields the gateway settings
    that point at them (RELAYBOARD_MCP_TRANSPORT=http and the three URLs)."""
    from contextlib import ExitStack

    settings = {"RELAYBOARD_MCP_TRANSPORT": "http"}
    with ExitStack() as stack:
        for name in ("retrieval", "sql", "summarise"):
            port = free_port()
            command = [sys.executable, "-m", f"mcp_servers.{name}", "--http", f"127.0.0.1:{port}"]
            stack.enter_context(
                running(command, env=env, log=log_dir / f"mcp-{name}.log", ready_port=port, timeout=180)
            )
            settings[f"RELAYBOARD_MCP_{name.upper()}_URL"] = f"http://127.0.0.1:{port}/mcp"
        yield settings
