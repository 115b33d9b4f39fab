"""The start-up responder of `relayboard mcp`: answers `initialize`, `ping` and the listings from a start-up manifest
(the edge's, gateway/mcp_edge/manifest.json, one cached for other settings, or the running gateway's, fetched
without the SDK) while the MCP SDK is still importing, then hands the stream to the SDK.

Importing the SDK costs over a second of CPU, longer than an IDE should wait for the handshake. This module is
stdlib only. It claims stdin and stdout as the SDK's stdio transport does (fd 0 reads the null device, fd 1
writes to stderr, the wire goes through private duplicates), reads the wire on one thread, and answers only what
it is sure of: the first request if it is a well-formed `initialize`, then `ping` and the unpaged listings the
manifest holds (`tools/list`, `prompts/list`, `resources/templates/list`).
Everything else waits for the SDK. Every line it reads, answered or not, is replayed to the SDK session in order,
so the session's state (initialized, the client's capabilities, the protocol version) is what it would be had it
answered itself; the SDK's own answers to the requests answered here are dropped, after a check that they are
the same (a difference is logged: the manifest is stale).

    wire stdin -> reader thread -> answers from the manifest (until `hand_over`)
                               `-> every line, in order -> `next_line` -> the SDK's stdio transport
    the SDK's writes -> `write_line` -> (answered here already? dropped) -> wire stdout
"""

import json
import logging
import os
import queue
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
STALE = "relayboard mcp: the early answer to %s from %s differs from the MCP SDK's: %s"
REGENERATE = "regenerate it (python -m gateway.mcp_edge.manifest)"
ANSWERED_BY = "relayboard mcp: answered initialize (protocol %s) from %s while the MCP SDK loads"
REFUSED_LATER = "relayboard mcp: the MCP SDK answered %s with an error after it was answered early: %s"
MODERN_ENVELOPE = "io.modelcontextprotocol/protocolVersion"  # its presence opens a 2026-era connection
EARLY_METHODS = ("initialize", "ping", "tools/list", "prompts/list", "resources/templates/list")
Json = dict[str, Any]
ManifestSource = Callable[[], "Json | None"]


def committed_manifest_bytes() -> bytes:
    """The committed manifest file as it is on disk."""
    return Path(__file__).with_name(MANIFEST).read_bytes()


def load_manifest() -> Json:
    """The committed manifest: `facts` (what its texts and limits were built from) and, per handshake protocol
    version, the wire result of each listing method."""
    manifest: Json = json.loads(committed_manifest_bytes())
    return manifest


def _id_key(request_id: Any) -> str | None:
    """A request id as a set key, or None if it is not a JSON-RPC id (a string or an integer)."""
    if isinstance(request_id, bool) or not isinstance(request_id, str | int):
        return None
    return json.dumps(request_id)


def _plain_params(params: Any) -> bool:
    """No parameters but possibly `_meta` (a progress token) of the handshake era: nothing that changes a result."""
    if params is None:
        return True
    if not isinstance(params, dict) or set(params) - {"_meta"}:
        return False
    meta = params.get("_meta", {})
    return isinstance(meta, dict) and MODERN_ENVELOPE not in meta


def _initialize_version(params: Any, versions: dict[str, Json], latest: str) -> str | None:
    """The version the SDK would negotiate for these `initialize` params, or None unless they are surely valid."""
    if not isinstance(params, dict) or set(params) - {"protocolVersion", "capabilities", "clientInfo", "_meta"}:
        return None
    requested, capabilities = params.get("protocolVersion"), params.get("capabilities")
    client = params.get("clientInfo")
    if not isinstance(requested, str) or not isinstance(capabilities, dict) or not isinstance(client, dict):
        return None
    if not all(isinstance(value, dict) for value in capabilities.values()):
        return None
    if not isinstance(client.get("name"), str) or not isinstance(client.get("version"), str):
        return None
    if not isinstance(params.get("_meta", {}), dict):
        return None
    return requested if requested in versions else latest


class EarlyResponder:
    """Serves the handshake from a manifest until `hand_over`; then only relays lines for the SDK's transport.

    `manifest` is the manifest, or what fetches it (it may block, and return None when there is none to answer
    from: the SDK then answers everything); it is called once, on the client's `initialize`. `origin` names it
    in the log, and `if_stale` says there what to do when the SDK answers otherwise."""

    def __init__(
        self, manifest: "Json | ManifestSource", origin: str = "the start-up manifest", if_stale: str = REGENERATE
    ) -> None:
        self._source: ManifestSource = manifest if callable(manifest) else lambda: manifest
        self._origin, self._if_stale = origin, if_stale
        self._versions: dict[str, Json] = {}
        self._latest = ""
        self._differed = False  # the SDK answered a request answered here otherwise
        self._settled = threading.Event()  # set when it did, or on `close`
        self._lock = threading.Lock()
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._answered: dict[str, tuple[str, Json]] = {}  # id key -> (method, the result sent)
        self._version: str | None = None  # negotiated by the initialize answered here
        self._first = True
        self._handed_over = False
        self._claims: list[tuple[int, int]] = []  # (standard fd, private duplicate of the wire)
        self._wire_in: BinaryIO | None = None
        self._wire_out: BinaryIO | None = None

    def start(self) -> None:
        """Claim stdin and stdout and start reading the wire."""
        self._wire_in = os.fdopen(self._claim(0, os.open(os.devnull, os.O_RDONLY)), "rb", closefd=False)
        self._wire_out = os.fdopen(self._claim(1, os.dup(2)), "wb", closefd=False)
        threading.Thread(target=self._read, name="mcp-early-stdin", daemon=True).start()

    def _claim(self, fd: int, diversion: int) -> int:
        import fcntl  # POSIX, as `relayboard mcp` is

        private = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
        os.dup2(diversion, fd)
        os.close(diversion)
        self._claims.append((fd, private))
        return private

    def close(self) -> None:
        """Point the standard descriptors back at the wire (the reader thread may still block on its duplicate),
        and release a thread still waiting in `next_line` or `wait_for_difference`, which would keep the
        interpreter from exiting."""
        self._lines.put(None)
        self._settled.set()
        for fd, private in self._claims:
            with suppress(OSError):
                os.dup2(private, fd)
        self._claims.clear()

    def hand_over(self) -> None:
        """From now on the SDK answers everything; what was answered here stays answered."""
        with self._lock:
            self._handed_over = True

    def wait_for_difference(self) -> bool:
        """Block until the SDK answers a request answered here otherwise (True: the manifest is stale), or until
        `close` (False)."""
        self._settled.wait()
        return self._differed

    def _differ(self) -> None:
        self._differed = True
        self._settled.set()

    def next_line(self) -> str | None:
        """The next line for the SDK (replayed ones first), or None when the client closed stdin. Blocks."""
        return self._lines.get()

    def write_line(self, text: str) -> None:
        """Write one of the SDK's lines to the wire, unless it answers a request answered here already."""
        if not self._answered:  # nothing is added after `hand_over`: the SDK's later lines pass unparsed
            self._write(text.encode("utf-8"))
            return
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        if isinstance(message, dict) and "id" in message and ("result" in message or "error" in message):
            key = _id_key(message["id"])
            with self._lock:
                earlier = self._answered.pop(key, None) if key is not None else None
            if earlier is not None:
                method, sent = earlier
                if "error" in message:  # the SDK's path could not start after all: later requests say why
                    logger.warning(REFUSED_LATER, method, message["error"].get("message"))
                    self._differ()
                elif message.get("result") != sent:
                    logger.warning(STALE, method, self._origin, self._if_stale)
                    self._differ()
                return
        self._write(text.encode("utf-8"))

    def _write(self, data: bytes) -> None:
        assert self._wire_out is not None, "write before start"
        with self._lock:
            self._wire_out.write(data)
            self._wire_out.flush()

    def _read(self) -> None:
        assert self._wire_in is not None, "read before start"
        try:
            for raw in self._wire_in:
                line = raw.decode("utf-8", errors="replace")
                with self._lock:
                    reply = None if self._handed_over else self._answer(line)
                    self._lines.put(line)
                if reply is not None:
                    self._write(reply)
        except (OSError, ValueError):  # the wire broke or was closed under us: the SDK sees the end of stdin
            logger.debug("stdin closed while reading", exc_info=True)
        finally:
            self._lines.put(None)

    def _answer(self, line: str) -> bytes | None:
        """The wire answer to `line` from the manifest, or None if the SDK must answer it (called under the lock)."""
        first, self._first = self._first, False
        try:
            message = json.loads(line)
        except ValueError:
            return None
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0" or "method" not in message:
            return None
        key = _id_key(message.get("id"))
        method, params = message["method"], message.get("params")
        if key is None or key in self._answered:
            return None
        result: Json | None = None
        if method == "initialize" and first:
            result = self._initialize(params)
        elif method in EARLY_METHODS[1:] and self._version is not None and _plain_params(params):
            result = self._versions[self._version].get(method)
        if result is None:
            return None
        self._answered[key] = (method, result)
        reply = {"jsonrpc": "2.0", "id": message["id"], "result": result}
        return (json.dumps(reply, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def _initialize(self, params: Any) -> Json | None:
        """The result for the client's `initialize`, if its params are surely valid and there is a manifest."""
        if not isinstance(params, dict) or not isinstance(params.get("protocolVersion"), str):
            return None
        manifest = self._source()
        if manifest is None:
            return None
        self._versions, self._latest = manifest["versions"], manifest["latest"]
        self._version = _initialize_version(params, self._versions, self._latest)
        if self._version is None:
            return None
        logger.info(ANSWERED_BY, self._version, self._origin)
        result: Json = self._versions[self._version]["initialize"]
        return result
