"""The MCP edge as an IDE meets it: how soon `relayboard mcp` answers the handshake (with its own system at the
default settings, at other settings on their first start and once their start-up manifest is cached, and through
a running gateway), and
`ask` latency over each transport (`relayboard mcp` over stdio with its own agent system, the gateway's `/mcp` over
streamable HTTP).

Bounded counts; every process is started here on a copy of the data dir and stopped at the end.
"""

import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import anyio
import numpy as np
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from evals.harness.processes import REPO, free_port, serving_gateway, system_environment, wait_until

START_UPS = 5
ASKS = 20
QUESTIONS = ("How many invoices were issued in 2010?", "How does the retrieval agent rank results?")
BOUND_S = 300  # any one measurement; a hung process fails the bench instead of stalling it
OTHER_SETTINGS = {"RELAYBOARD_SQL_ROW_LIMIT": "100"}  # not the committed start-up manifest's facts
OWN, CACHED, PROXY = "own system, default settings", "own system, other settings (cached manifest)", "through a gateway"
FIRST = "own system, other settings, first start (restated manifest)"


def _relayboard_mcp(data_dir: Path, **extra: str) -> StdioServerParameters:
    """`relayboard mcp` on `data_dir`; with its own system unless `extra` names a gateway (RELAYBOARD_URL)."""
    env = system_environment(data_dir, **({"RELAYBOARD_PORT": str(free_port())} | extra))
    return StdioServerParameters(command=sys.executable, args=["-m", "gateway.cli", "mcp"], env=env, cwd=REPO)


@asynccontextmanager
async def _stdio_session(data_dir: Path, **extra: str) -> AsyncIterator[ClientSession]:
    with (data_dir / "bench-mcp-stdio.log").open("a") as errlog:
        async with stdio_client(_relayboard_mcp(data_dir, **extra), errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                yield session


async def _cache_manifest(data_dir: Path) -> None:
    """One start at `OTHER_SETTINGS`, held open until it has cached their start-up manifest."""
    cache = data_dir / "mcp-edge"
    with anyio.fail_after(BOUND_S):
        async with _stdio_session(data_dir, **OTHER_SETTINGS) as session:
            await session.initialize()
            cached = partial(wait_until, lambda: any(cache.glob("manifest-*.json")), timeout=BOUND_S, what="cached")
            await anyio.to_thread.run_sync(cached)


async def _start_up(data_dir: Path, extra: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting `relayboard mcp` to its initialize result, and to its tools/list result."""
    with anyio.fail_after(BOUND_S):
        started = time.perf_counter()
        async with _stdio_session(data_dir, **extra) as session:
            await session.initialize()
            initialized = time.perf_counter() - started
            await session.list_tools()
            listed = time.perf_counter() - started
    return initialized, listed


async def _asks(session: ClientSession) -> list[float]:
    """`ask` latencies in ms after one warm-up call per question (the first also waits for the system to open)."""
    with anyio.fail_after(BOUND_S):
        for question in QUESTIONS:
            await _ask(session, question)
        samples = []
        for n in range(ASKS):
            started = time.perf_counter()
            await _ask(session, QUESTIONS[n % len(QUESTIONS)])
            samples.append((time.perf_counter() - started) * 1000)
    return samples


async def _ask(session: ClientSession, question: str) -> None:
    result = await session.call_tool("ask", {"question": question})
    if result.is_error:
        raise RuntimeError(f"ask {question!r} failed: {result.content}")


async def _stdio_asks(data_dir: Path) -> list[float]:
    async with _stdio_session(data_dir) as session:
        await session.initialize()
        return await _asks(session)


async def _http_asks(url: str) -> list[float]:
    async with streamable_http_client(f"{url}/mcp") as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await _asks(session)


@dataclass(frozen=True)
class EdgeFigures:
    """Seconds from start to each handshake result (initialize, tools/list), per start, per mode; `ask` latencies
    in ms, per transport."""

    start_ups: dict[str, list[tuple[float, float]]]
    ask_ms: dict[str, list[float]]


def run(data_dir: Path) -> EdgeFigures:
    """`START_UPS` starts of `relayboard mcp` in each mode, then `ASKS` calls of `ask` over each transport."""
    own = data_dir.parent / "mcp-edge-data"
    # A copy, as the gateway below holds `data_dir`; without cached manifests, so that first starts are first.
    shutil.copytree(data_dir, own, ignore=shutil.ignore_patterns("*.log", "mcp-edge"))
    starts = {OWN: [anyio.run(_start_up, own, {}) for _ in range(START_UPS)]}
    # A row cap per start that no start before used: each is the first start with its settings.
    firsts = ({"RELAYBOARD_SQL_ROW_LIMIT": str(101 + n)} for n in range(START_UPS))
    starts[FIRST] = [anyio.run(_start_up, own, settings) for settings in firsts]
    anyio.run(_cache_manifest, own)
    starts[CACHED] = [anyio.run(_start_up, own, OTHER_SETTINGS) for _ in range(START_UPS)]
    stdio = anyio.run(_stdio_asks, own)
    with serving_gateway(system_environment(data_dir), data_dir / "bench-mcp-gateway.log") as url:
        starts[PROXY] = [anyio.run(_start_up, data_dir, {"RELAYBOARD_URL": url}) for _ in range(START_UPS)]
        http = anyio.run(_http_asks, url)
    return EdgeFigures(starts, {"relayboard mcp (stdio, own system)": stdio, "gateway /mcp (streamable HTTP)": http})


def start_up_rows(start_ups: dict[str, list[tuple[float, float]]]) -> list[str]:
    """The start-up table: per mode, median and max seconds to each handshake result."""
    rows = ["| `relayboard mcp` | initialize, median (max) s | tools/list, median (max) s |\n|---|---|---|"]
    for mode, starts in start_ups.items():
        initialized, listed = [start[0] for start in starts], [start[1] for start in starts]
        rows.append(
            f"| {mode} | {np.median(initialized):.2f} ({max(initialized):.2f}) "
            f"| {np.median(listed):.2f} ({max(listed):.2f}) |"
        )
    return rows


def section(data_dir: Path) -> str:
    """The bench output's section for the edge, as Markdown."""
    figures = run(data_dir)
    lines = [
        "\n## The MCP edge: `relayboard mcp` start-up, and `ask` over each transport\n",
        f"Start-up: {START_UPS} starts of `relayboard mcp` per mode; goal: tools/list within 1 s.\n",
        *start_up_rows(figures.start_ups),
        f"\n`ask`: {ASKS} sequential calls per transport ({len(QUESTIONS)} questions alternating), after warm-up.\n",
        "| transport | p50 ms | p95 ms |\n|---|---|---|",
    ]
    lines += [
        f"| {label} | {np.percentile(samples, 50):.1f} | {np.percentile(samples, 95):.1f} |"
        for label, samples in figures.ask_ms.items()
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    source = REPO / ".relayboard"
    if not (source / "chinook.sqlite").exists():
        sys.exit("run `make demo-data` first (make bench does)")
    with tempfile.TemporaryDirectory(prefix="relayboard-bench-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("logs", "downloads", "threads.sqlite*"))
        print(section(copy))
