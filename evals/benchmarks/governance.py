"""What governance costs and carries: gateway overhead with keys and limits on vs off, requests/s at 20 governed
clients, and questions/s through one `/v1/jobs` batch vs the same questions sent one by one to `/v1/ask`.

Both gateways are `relayboard serve` processes on the same data, run one after the other in one run; every loop is
bounded in count. "On" is bootstrap keys (one per client), the default limits and the request record; "off" is no
keys on loopback with every limit at 0. The request record has no off switch, so both sides write it: the ratio
is the cost of authentication and limits on top of it.
"""

import asyncio
import json
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

from evals.benchmarks import concurrency
from evals.harness.processes import serving_gateway, system_environment

CHEAP_CALLS = 200  # GET /v1/models: the middleware stack and no agent, so the overhead is not lost in the answer
ASK_CALLS = 30
LOAD_REQUESTS = 200
JOB_QUESTIONS = 24
ASK_QUESTION = "How many invoices were issued in 2010?"
LIMITS_OFF = {
    name: "0"
    for name in (
        "RELAYBOARD_REQUESTS_PER_MINUTE",
        "RELAYBOARD_CONCURRENT_REQUESTS",
        "RELAYBOARD_TOKENS_PER_MINUTE",
        "RELAYBOARD_AUTH_FAILURES_PER_MINUTE",
    )
}


@dataclass(frozen=True)
class Overhead:
    models_p50_ms: float
    ask_p50_ms: float


@dataclass(frozen=True)
class JobThroughput:
    questions: int
    sequential_per_s: float
    batch_per_s: float
    failed_items: int


@dataclass(frozen=True)
class GovernanceFigures:
    on: Overhead
    off: Overhead
    load: concurrency.LoadResult
    jobs: JobThroughput


def _p50(client: httpx.Client, method: str, path: str, count: int, **kwargs: object) -> float:
    client.request(method, path, **kwargs).raise_for_status()  # type: ignore[arg-type]  # warm-up
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        client.request(method, path, **kwargs).raise_for_status()  # type: ignore[arg-type]
        samples.append((time.perf_counter() - started) * 1000)
    return float(np.percentile(samples, 50))


def _overhead(url: str, headers: dict[str, str]) -> Overhead:
    with httpx.Client(base_url=url, timeout=60, headers=headers) as client:
        models = _p50(client, "GET", "/v1/models", CHEAP_CALLS)
        ask = _p50(client, "POST", "/v1/ask", ASK_CALLS, json={"question": ASK_QUESTION})
    return Overhead(models, ask)


def _job_throughput(url: str, headers: dict[str, str]) -> JobThroughput:
    questions = [concurrency.MIX[n % len(concurrency.MIX)] for n in range(JOB_QUESTIONS)]
    with httpx.Client(base_url=url, timeout=300, headers=headers) as client:
        started = time.perf_counter()
        for question in questions:
            client.post("/v1/ask", json={"question": question}).raise_for_status()
        sequential = time.perf_counter() - started

        started = time.perf_counter()
        batch = {"kind": "batch", "questions": [{"question": question} for question in questions]}
        accepted = client.post("/v1/jobs", json=batch)
        accepted.raise_for_status()
        job = accepted.json()
        # The job's event stream ends once it has finished: no polling.
        with client.stream("GET", job["events_url"]) as events:
            for line in events.iter_lines():
                if line == "event: job":
                    break
        finished = client.get(job["status_url"]).json()
        batch_seconds = time.perf_counter() - started
    failed = sum(1 for item in finished["results"] or [] if item["error"] is not None)
    if finished["status"] != "succeeded" or finished["done"] != JOB_QUESTIONS:
        raise RuntimeError(f"the benchmark job ended {finished['status']} with {finished['done']} answers")
    return JobThroughput(JOB_QUESTIONS, JOB_QUESTIONS / sequential, JOB_QUESTIONS / batch_seconds, failed)


def run(data_dir: Path) -> GovernanceFigures:
    keys = {"RELAYBOARD_API_KEYS": json.dumps(concurrency.client_keys())}
    governed = {"authorization": f"Bearer {concurrency.key_of(0)}"}
    with serving_gateway(system_environment(data_dir, **keys), data_dir / "bench-governed.log") as url:
        on = _overhead(url, governed)
        load = asyncio.run(concurrency.load([url], clients=concurrency.CLIENTS, requests=LOAD_REQUESTS))
        jobs = _job_throughput(url, {"authorization": f"Bearer {concurrency.key_of(1)}"})
    with serving_gateway(system_environment(data_dir, **LIMITS_OFF), data_dir / "bench-ungoverned.log") as url:
        off = _overhead(url, {})
    return GovernanceFigures(on, off, load, jobs)


def report(figures: GovernanceFigures) -> None:
    """Print the figures as `make bench` shows them."""
    on, off = figures.on, figures.off
    print("\n## Governance: keys + limits on vs off (the request record on in both), one run\n")
    print(f"p50 of {CHEAP_CALLS} sequential GET /v1/models and {ASK_CALLS} POST /v1/ask (SQL), after a warm-up.\n")
    print("| request | on p50 ms | off p50 ms | on/off | overhead ms |\n|---|---|---|---|---|")
    for label, governed, bare in (
        ("GET /v1/models", on.models_p50_ms, off.models_p50_ms),
        ("POST /v1/ask (SQL)", on.ask_p50_ms, off.ask_p50_ms),
    ):
        print(f"| {label} | {governed:.2f} | {bare:.2f} | {governed / bare:.2f}x | {governed - bare:.2f} |")
    load = figures.load
    print(f"\n{load.clients} governed clients (a key each), {load.requests} mixed questions: ", end="")
    print(f"{load.per_second:.1f} req/s, p50 {load.p50_ms:.0f} ms, p95 {load.p95_ms:.0f} ms, {load.errors} errors\n")
    jobs = figures.jobs
    print("| questions | sequential /v1/ask q/s | one /v1/jobs batch q/s | batch/sequential | failed items |")
    print("|---|---|---|---|---|")
    ratio = jobs.batch_per_s / jobs.sequential_per_s
    print(
        f"| {jobs.questions} | {jobs.sequential_per_s:.2f} | {jobs.batch_per_s:.2f} | {ratio:.2f}x "
        f"| {jobs.failed_items} |"
    )
