"""CPU per request in each process (gateway and its stdio MCP servers), the speed-up it allows, and MiniLM's encode
cost by batch size.

Requests/s on a shared machine move with other people's work; CPU seconds per request, read from Linux's
/proc for the gateway and the servers it started, move much less, so they show what a change saved. They also
bound the throughput goal: one client's requests/s times the CPU a request costs under load is the share of the
machine one client already keeps busy, and concurrency cannot buy more than the cores left (`speedup_ceiling`).
"""

import asyncio
import json
import os
import resource
import sys
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Phase:
    """One load phase: `clients` concurrent clients, their requests/s, and CPU ms per request by process."""

    clients: int
    per_second: float
    cpu_ms: dict[str, float]  # the gateway, each MCP server, and the load generator (this process)

    @property
    def total_ms(self) -> float:
        return sum(self.cpu_ms.values())

    @property
    def cores_busy(self) -> float:
        """Cores the phase kept busy on average: its requests/s times the CPU each took."""
        return self.per_second * self.total_ms / 1000


def speedup_ceiling(single: Phase, many: Phase, cores: int) -> float:
    """The most `many`'s clients can gain over `single`'s one: all `cores` spent at `many`'s CPU per request,
    over one client's requests/s. A speed-up above it would need less CPU per request, not more concurrency."""
    return cores * 1000 / many.total_ms / single.per_second


def per_process(data_dir: Path, *, clients: int = concurrency.CLIENTS, requests: int = 300) -> list[Phase]:
    """One client, then `clients` clients, sending the mix through a gateway with stdio servers (after one warm-up
    each); [] without Linux's /proc."""
    if not Path("/proc/self/stat").exists():
        return []
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = system_environment(
        data_dir, RELAYBOARD_PORT=str(port), RELAYBOARD_API_KEYS=json.dumps(concurrency.client_keys())
    )
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    phases = []
    with running(command, env=env, log=data_dir / "bench-cpu.log", ready_url=f"{url}/readyz", timeout=180) as gateway:
        pids = {_name(pid): pid for pid in [gateway.pid, *_children(gateway.pid)]}
        asyncio.run(concurrency.load([url], clients=1, requests=len(concurrency.MIX)))  # every route warm
        for phase_clients, phase_requests in ((1, requests // 3), (clients, requests)):
            before = {name: _cpu_seconds(pid) for name, pid in pids.items()}
            own = _own_cpu()
            result = asyncio.run(concurrency.load([url], clients=phase_clients, requests=phase_requests))
            used = {name: _cpu_seconds(pid) - before[name] for name, pid in sorted(pids.items())}
            used["load generator"] = _own_cpu() - own
            answered = phase_requests + len(concurrency.MIX)  # `load` warms every route once more first
            cpu_ms = {name: seconds * 1000 / answered for name, seconds in used.items()}
            phases.append(Phase(phase_clients, result.per_second, cpu_ms))
    return phases


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
    print("\n## CPU per request by process (the throughput mix, stdio servers)\n")
    phases = per_process(data_dir)
    if not phases:
        print("skipped: needs Linux's /proc")
    else:
        names = list(phases[0].cpu_ms)
        print("| clients | req/s | " + " | ".join(f"{name} ms" for name in names) + " | total ms | cores busy |")
        print("|---" * (len(names) + 4) + "|")
        for phase in phases:
            shares = " | ".join(f"{phase.cpu_ms[name]:.1f}" for name in names)
            print(
                f"| {phase.clients} | {phase.per_second:.1f} | {shares} | {phase.total_ms:.1f} "
                f"| {phase.cores_busy:.2f} |"
            )
        cores = len(os.sched_getaffinity(0))
        single, many = phases
        print(
            f"\nCeiling of the {many.clients}-client speed-up on {cores} cores: {cores} x 1000 / "
            f"({many.total_ms:.1f} ms per request x {single.per_second:.1f} req/s of one client) = "
            f"{speedup_ceiling(single, many, cores):.2f}x (goal {concurrency.GOAL_SPEEDUP}x)"
        )
    started = time.perf_counter()
    by_batch = encode_cost_by_batch()
    print(f"\n## Embedding CPU per text by batch size (short questions, {time.perf_counter() - started:.0f} s)\n")
    print("| " + " | ".join(f"batch {size}" for size in by_batch) + " |\n" + "|---" * len(by_batch) + "|")
    print("| " + " | ".join(f"{ms:.2f} ms" for ms in by_batch.values()) + " |")
