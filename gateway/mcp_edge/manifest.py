"""The edge's start-up manifest, built from the live SDK server: what `relayboard mcp` answers before the SDK has
loaded (gateway/mcp_edge/early.py). `python -m gateway.mcp_edge.manifest` rewrites manifest.json; a test fails when
the committed file differs from what the live server serves.

Each listing is what the server writes on stdio (its own transport and serialisation) for a client that opens
with `initialize` at each handshake protocol version, since the SDK shapes results per version.
"""

import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import anyio
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, LATEST_HANDSHAKE_VERSION

from gateway.limits import LimitSettings
from gateway.mcp_edge.descriptions import ServedLimits, described_facts
from gateway.mcp_edge.early import MANIFEST
from gateway.mcp_edge.server import create_edge_server, handed
from gateway.mcp_edge.settings import EdgeSettings
from gateway.mcp_edge.system_handle import EdgeSystem
from mcp_servers.errors import ToolServer

Json = dict[str, Any]
LISTINGS = ("ping", "tools/list", "resources/templates/list", "prompts/list")
CLIENT = {"name": "relayboard-manifest", "version": "1"}


class _Script:
    """The client's side of one stdio session: sends `lines`, collects the server's, ends stdin once every
    request is answered."""

    def __init__(self, lines: list[Json]) -> None:
        self._lines = [json.dumps(line) + "\n" for line in lines]
        self._pending = {line["id"] for line in lines if "id" in line}
        self.answers: dict[int, Json] = {}
        self._done = anyio.Event()

    async def __aiter__(self) -> AsyncIterator[str]:
        for line in self._lines:
            yield line
        await self._done.wait()

    async def write(self, text: str) -> None:
        message = json.loads(text)
        if message.get("id") in self._pending:
            self.answers[message["id"]] = message
            self._pending.discard(message["id"])
            if not self._pending:
                self._done.set()

    async def flush(self) -> None:
        return None


async def _listings(server: ToolServer[Any], version: str) -> Json:
    methods = ("initialize", *LISTINGS)
    hello = {"protocolVersion": version, "capabilities": {}, "clientInfo": CLIENT}
    lines: list[Json] = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello}]
    lines.append({"jsonrpc": "2.0", "method": "notifications/initialized"})
    lines += [{"jsonrpc": "2.0", "id": n, "method": method} for n, method in enumerate(LISTINGS, 2)]
    script = _Script(lines)
    stream = cast("anyio.AsyncFile[str]", script)  # the two methods the SDK's stdio transport uses
    with anyio.fail_after(60):
        await server.run_stdio_over(stream, stream)
    found: Json = {}
    for n, method in enumerate(methods, 1):
        answer = script.answers[n]
        if "result" not in answer:
            raise RuntimeError(f"the edge server refused {method} at {version}: {answer}")
        found[method] = answer["result"]
    return found


async def served_manifest(server: ToolServer[Any]) -> Json:
    """Per handshake protocol version, the wire result of `initialize` and each listing the server serves."""
    versions = {version: await _listings(server, version) for version in HANDSHAKE_PROTOCOL_VERSIONS}
    return {"latest": LATEST_HANDSHAKE_VERSION, "versions": versions}


async def live_manifest() -> Json:
    """The manifest of the edge as the settings in the environment make it, from a server of its own (so it can be
    built beside the edge that serves a client)."""
    edge, body = EdgeSettings(), LimitSettings()
    limits = ServedLimits.from_environment(body)
    server = create_edge_server(handed(EdgeSystem()), edge, limits, body=body)
    assert isinstance(server, ToolServer)
    return {"facts": described_facts(limits, edge.tool_descriptions)} | await served_manifest(server)


def build_manifest() -> Json:
    """`live_manifest`, outside an event loop (build the committed one in an environment without RELAYBOARD_*)."""
    return anyio.run(live_manifest)


def manifest_text(manifest: Json) -> str:
    return json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = Path(__file__).with_name(MANIFEST)
    target.write_text(manifest_text(build_manifest()), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
