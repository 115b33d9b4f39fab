"""`relayboard mcp` driven line by line over its stdin and stdout, as an IDE's MCP client writes JSON-RPC to it."""

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from evals.harness.processes import REPO


class RawStdio:
    """`relayboard mcp` driven line by line, as an IDE's client writes JSON-RPC to it; answers read with a bound."""

    def __init__(self, env: dict[str, str], errlog: Path) -> None:
        self._errlog = errlog.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "mcp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errlog,
            env=env,
            cwd=REPO,
        )
        self._lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def send(self, *messages: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"".join(json.dumps(m).encode() + b"\n" for m in messages))
        self.process.stdin.flush()

    def answers(self, ids: set[int], within_s: float = 120) -> dict[int, dict[str, Any]]:
        """The responses to `ids` (whatever else the server sends is skipped)."""
        found: dict[int, dict[str, Any]] = {}
        deadline = time.monotonic() + within_s
        while set(found) != ids:
            message = json.loads(self._lines.get(timeout=max(deadline - time.monotonic(), 0.01)))
            if message.get("id") in ids:
                found[message["id"]] = message
        return found

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self._errlog.close()


def request(n: int, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": n, "method": method, **({"params": params} if params is not None else {})}


def hello(version: str) -> dict[str, Any]:
    return {"protocolVersion": version, "capabilities": {"roots": {}}, "clientInfo": {"name": "raw", "version": "1"}}


INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


HANDSHAKE = ("initialize", "tools/list", "prompts/list", "resources/templates/list", "ping")
EXPLAIN = {"name": "explain_table", "arguments": {"table": "Customer"}}  # answered by the SDK alone


def handshake(mcp: RawStdio, version: str) -> dict[str, Any]:
    """The results of `HANDSHAKE`, sent pipelined, then of a request only the SDK answers: once that is answered,
    the SDK has answered (and the responder compared) the replayed ones."""
    mcp.send(request(1, "initialize", hello(version)), INITIALIZED)
    mcp.send(*(request(n, method) for n, method in enumerate(HANDSHAKE[1:], 2)))
    found = mcp.answers(set(range(1, len(HANDSHAKE) + 1)))
    mcp.send(request(9, "prompts/get", EXPLAIN))
    assert "result" in mcp.answers({9})[9]
    return {method: found[n]["result"] for n, method in enumerate(HANDSHAKE, 1)}
