"""What governance costs and carries: gateway overhead with keys, limits and the request record on vs off, requests/s
at 20 governed clients, and questions/s through one `/v1/jobs` batch vs the same questions sent one by one to
`/v1/ask`.

Overhead compares three gateway processes of the same kind, each on its own copy of the data dir (an embedded store
has one owner), with requests alternated between them so drift of the machine falls on all alike:

- **governed**: `relayboard serve` with a key per client, the default rate/concurrency/token limits and a request
  record per request;
- **record only**: `relayboard serve` on loopback without keys and with every limit at 0, so only the request
  record is left;
- **ungoverned**: the same app without the key check, the limits and the request record (`gateway/ungoverned.py`,
  a bench-only entry point: evals may not import the gateway, so it runs as a process).

Each is timed on `GET /v1/models` (the middleware stack and no agent, so the overhead is not lost in an answer) and
on the question mix through `POST /v1/ask`. Every loop is bounded in count; processes listen on 127.0.0.1 on free
ports and are stopped at the end.
"""

import asyncio
import json
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

from evals.benchmarks import concurrency
from evals.harness.processes import free_port, running, serving_gateway, system_environment

CHEAP_ROUNDS = 200
ASK_ROUNDS = 10  # each round asks every question of the mix once of each gateway
LOAD_REQUESTS = 200
JOB_QUESTIONS = 30
LIMITS_OFF = {
    name: "0"
    for name in (
        "RELAYBOARD_REQUESTS_PER_MINUTE",
        "RELAYBOARD_CONCURRENT_REQUESTS",
        "RELAYBOARD_TOKENS_PER_MINUTE",
        "RELAYBOARD_AUTH_FAILURES_PER_MINUTE",
    )
}
SETUPS = ("governed", "record only", "ungoverned")


@dataclass(frozen=True)
class Overhead:
    """p50 latencies of one gateway setup."""

    models_p50_ms: float
    ask_p50_ms: float


@dataclass(frozen=True)
class JobThroughput:
    questions: int
    batch_per_s: float
    sequential_per_s: float
    status: str


@dataclass(frozen=True)
class GovernanceFigures:
    overhead: dict[str, Overhead]  # by SETUPS name
    ask_requests: int
    load: concurrency.LoadResult
    jobs: JobThroughput


@contextmanager
def serving_ungoverned(env: dict[str, str], log: Path) -> Iterator[str]:
    """gateway/ungoverned.py on a free port, as `serving_gateway` serves `relayboard serve`."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gateway.ungoverned"]
    with running(command, env={**env, "RELAYBOARD_PORT": str(port)}, log=log, ready_url=f"{url}/readyz", timeout=180):
        yield url


def _timed(client: httpx.Client, method: str, url: str, headers: dict[str, str], body: object | None) -> float:
    started = time.perf_counter()
    client.request(method, url, headers=headers, json=body).raise_for_status()
    return (time.perf_counter() - started) * 1000


def _rotated(urls: dict[str, str], round_: int) -> list[tuple[str, str]]:
    """The setups in an order that turns by one each round: alternated, and none always first (a warm cache or a
    connection just opened would otherwise favour one setup) or always last."""
    items = list(urls.items())
    shift = round_ % len(items)
    return items[shift:] + items[:shift]


def _overhead(urls: dict[str, str], headers: dict[str, dict[str, str]]) -> dict[str, Overhead]:
    models: dict[str, list[float]] = {name: [] for name in urls}
    asks: dict[str, list[float]] = {name: [] for name in urls}
    with httpx.Client(timeout=120) as client:
        for name, url in urls.items():  # warm-up: every path once on each
            _timed(client, "GET", f"{url}/v1/models", headers[name], None)
            for question in concurrency.MIX:
                _timed(client, "POST", f"{url}/v1/ask", headers[name], {"question": question})
        for round_ in range(CHEAP_ROUNDS):
            for name, url in _rotated(urls, round_):
                models[name].append(_timed(client, "GET", f"{url}/v1/models", headers[name], None))
        for round_ in range(ASK_ROUNDS):
            for question in concurrency.MIX:
                for name, url in _rotated(urls, round_):
                    asks[name].append(_timed(client, "POST", f"{url}/v1/ask", headers[name], {"question": question}))
    return {
        name: Overhead(float(np.percentile(models[name], 50)), float(np.percentile(asks[name], 50))) for name in urls
    }


def _jobs_vs_asks(url: str, key: str) -> JobThroughput:
    questions = [concurrency.MIX[i % len(concurrency.MIX)] for i in range(JOB_QUESTIONS)]
    headers = {"authorization": f"Bearer {key}"}
    with httpx.Client(base_url=url, timeout=600, headers=headers) as client:
        started = time.perf_counter()
        for question in questions:
            client.post("/v1/ask", json={"question": question}).raise_for_status()
        sequential = time.perf_counter() - started

        started = time.perf_counter()
        body = {"kind": "batch", "questions": [{"question": question} for question in questions]}
        job = client.post("/v1/jobs", json=body)
        job.raise_for_status()
        with client.stream("GET", job.json()["events_url"]) as events:
            for line in events.iter_lines():  # the stream ends after the job's final `job` event
                if line == "event: job":
                    break
        batch = time.perf_counter() - started
        final = client.get(job.json()["status_url"]).json()
    status = f"{final['status']}, {final['done']}/{final['total']} done"
    return JobThroughput(len(questions), len(questions) / batch, len(questions) / sequential, status)


def run(data_dir: Path) -> GovernanceFigures:
    """The figures, each gateway on its own copy of `data_dir`."""
    copies = {name: data_dir.parent / f"governance-{name.replace(' ', '-')}" for name in SETUPS}
    for copy in copies.values():
        shutil.copytree(data_dir, copy, dirs_exist_ok=True)
    keys = concurrency.client_keys()
    key = concurrency.key_of(0)
    environments = {
        "governed": system_environment(copies["governed"], RELAYBOARD_API_KEYS=json.dumps(keys)),
        "record only": system_environment(copies["record only"], **LIMITS_OFF),
        "ungoverned": system_environment(copies["ungoverned"]),
    }
    headers: dict[str, dict[str, str]] = {name: {} for name in SETUPS} | {
        "governed": {"authorization": f"Bearer {key}"}
    }
    with ExitStack() as stack:
        urls = {
            name: stack.enter_context(
                (serving_ungoverned if name == "ungoverned" else serving_gateway)(
                    environments[name], copies[name] / "bench-gateway.log"
                )
            )
            for name in SETUPS
        }
        overhead = _overhead(urls, headers)
        load = asyncio.run(concurrency.load([urls["governed"]], clients=concurrency.CLIENTS, requests=LOAD_REQUESTS))
        jobs = _jobs_vs_asks(urls["governed"], key)
    return GovernanceFigures(overhead, ASK_ROUNDS * len(concurrency.MIX), load, jobs)


def report(figures: GovernanceFigures) -> None:
    """Print the figures as `make bench` shows them."""
    print("\n## Governance: keys, limits and the request record on vs off, one run\n")
    print(
        f"p50 of {CHEAP_ROUNDS} GET /v1/models and {figures.ask_requests} POST /v1/ask (the question mix) per setup, "
        "alternated between three gateways after a warm-up.\n"
    )
    bare = figures.overhead["ungoverned"]
    print("| setup | /v1/models p50 ms | vs ungoverned | /v1/ask p50 ms | vs ungoverned | ask overhead ms |")
    print("|---|---|---|---|---|---|")
    for name in SETUPS:
        setup = figures.overhead[name]
        print(
            f"| {name} | {setup.models_p50_ms:.2f} | {setup.models_p50_ms / bare.models_p50_ms:.2f}x "
            f"| {setup.ask_p50_ms:.1f} | {setup.ask_p50_ms / bare.ask_p50_ms:.2f}x "
            f"| {setup.ask_p50_ms - bare.ask_p50_ms:.1f} |"
        )
    load = figures.load
    print(f"\n{load.clients} concurrent clients, own keys, governed gateway:\n")
    print("| requests | req/s | p50 ms | p95 ms | errors |\n|---|---|---|---|---|")
    print(f"| {load.requests} | {load.per_second:.1f} | {load.p50_ms:.0f} | {load.p95_ms:.0f} | {load.errors} |")
    jobs = figures.jobs
    print(f"\n{jobs.questions} questions, one `/v1/jobs` batch vs one after another through `/v1/ask`:\n")
    print("| batch questions/s | sequential questions/s | ratio | job |\n|---|---|---|---|")
    print(
        f"| {jobs.batch_per_s:.2f} | {jobs.sequential_per_s:.2f} "
        f"| {jobs.batch_per_s / jobs.sequential_per_s:.2f}x | {jobs.status} |"
    )
