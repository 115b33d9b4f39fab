"""CPU per request in each process (gateway and its stdio MCP servers), and MiniLM's encode cost by batch size.

Requests/s on a shared machine move with other people's work; CPU seconds per request, read from Linux's
/proc for the gateway and the servers it started, move much less, so they show what a change saved.
"""

import asyncio
import json
import os
import resource
import sys
import time
from pathlib import Path

from evals.benchmarks import concurrency
from evals.harness.processes import free_port, running, system_environment

PROCESS_NAMES = {"mcp_servers.retrieval": "retrieval", "mcp_servers.sql": "sql", "mcp_servers.summarise": "summarise"}
BATCH_SIZES = (1, 2, 4, 8, 16)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except OSError:
            continue  # exited meanwhile
    return found


def _name(pid: int) -> str:
    command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    return next((name for module, name in PROCESS_NAMES.items() if module in command), "gateway")


def per_process(data_dir: Path, *, clients: int = concurrency.CLIENTS, requests: int = 300) -> dict[str, float]:
    """CPU ms per request of each process while `clients` send `requests` of the mix (after one warm-up each)."""
    if not Path("/proc/self/stat").exists():
        return {}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = system_environment(
        data_dir, RELAYBOARD_PORT=str(port), RELAYBOARD_API_KEYS=json.dumps(concurrency.client_keys())
    )
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    with running(command, env=env, log=data_dir / "bench-cpu.log", ready_url=f"{url}/readyz", timeout=180) as gateway:
        pids = {_name(pid): pid for pid in [gateway.pid, *_children(gateway.pid)]}
        asyncio.run(concurrency.load([url], clients=1, requests=len(concurrency.MIX)))  # every route warm
        before = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        asyncio.run(concurrency.load([url], clients=clients, requests=requests))
        used = {name: _cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    answered = requests + len(concurrency.MIX)  # `load` warms every route once more before it starts the clock
    return {name: seconds * 1000 / answered for name, seconds in sorted(used.items())}


def encode_cost_by_batch(rounds: int = 60) -> dict[int, float]:
    """CPU ms per text of the configured embedder, encoding short questions `size` at a time."""
    from tools.embeddings import configured_embedder

    embedder = configured_embedder()
    embedder.load()
    questions = [question[:80] for question in concurrency.MIX]
    costs = {}
    for size in BATCH_SIZES:
        texts = (questions * size)[:size]
        embedder.encode(texts)
        started = _own_cpu()
        for _ in range(rounds):
            embedder.encode(texts)
        costs[size] = (_own_cpu() - started) * 1000 / (rounds * size)
    return costs


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(data_dir: Path) -> None:
    """Print both tables (markdown), for `make bench`."""
    print("\n## CPU per request by process (20 clients, the throughput mix, stdio servers)\n")
    costs = per_process(data_dir)
    if not costs:
        print("skipped: needs Linux's /proc")
    else:
        print("| " + " | ".join(costs) + " | total |\n" + "|---" * (len(costs) + 1) + "|")
        print("| " + " | ".join(f"{ms:.1f}" for ms in costs.values()) + f" | {sum(costs.values()):.1f} |")
    started = time.perf_counter()
    by_batch = encode_cost_by_batch()
    print(f"\n## Embedding CPU per text by batch size (short questions, {time.perf_counter() - started:.0f} s)\n")
    print("| " + " | ".join(f"batch {size}" for size in by_batch) + " |\n" + "|---" * len(by_batch) + "|")
    print("| " + " | ".join(f"{ms:.2f} ms" for ms in by_batch.values()) + " |")
