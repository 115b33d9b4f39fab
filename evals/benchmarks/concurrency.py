"""Throughput under concurrent clients: one client vs 20, through one gateway (and any number of them).

A fixed mix of SQL, retrieval and summarise questions in extractive mode; every run is bounded in requests, and a
run counts an error for any non-200 answer or transport failure. Each client has its own API key (`client_keys`),
as separate callers would: the per-key limits would otherwise refuse one caller's 20th request in flight.
The goal (`meets_goal`): at 20 clients at least 2.5x the single-client requests/s of the same run, no errors,
p95 under twice p50.
"""

import asyncio
import itertools
import time
from dataclasses import dataclass

import httpx
import numpy as np

MIX = (
    "How many invoices were issued in 2010?",
    "How does the retrieval agent rank results?",
    "Summarise this: The council met on Tuesday. Residents raised concerns about parking. "
    "Cyclists argued the lanes would reduce accidents. The council agreed to a trial.",
    "Which customers are from Brazil?",
    "How do I configure tracing?",
    "How many tracks are there?",
)
GOAL_SPEEDUP = 2.5
GOAL_TAIL = 2.0
CLIENTS = 20


def client_keys(count: int = CLIENTS) -> dict[str, dict[str, str]]:
    """Bootstrap keys (RELAYBOARD_API_KEYS) for `count` clients, each its own principal with full access."""
    return {key_of(client): {"name": f"bench-client-{client}"} for client in range(count)}


def key_of(client: int) -> str:
    return f"bench-client-key-{client:04d}-0123456789"


@dataclass(frozen=True)
class LoadResult:
    """One bounded run: `clients` concurrent clients sending `requests` questions in all."""

    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    statuses: dict[int, int]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


async def load(urls: list[str], *, clients: int, requests: int) -> LoadResult:
    """Send `requests` questions from `clients` concurrent clients, spread round-robin over `urls`."""
    questions = itertools.cycle(MIX)
    targets = itertools.cycle(urls)
    pending = [(next(targets), next(questions)) for _ in range(requests)]
    samples: list[float] = []
    errors = 0

    statuses: dict[int, int] = {}

    async def client(http: httpx.AsyncClient, number: int) -> None:
        nonlocal errors
        headers = {"authorization": f"Bearer {key_of(number)}"}
        while pending:
            url, question = pending.pop()
            started = time.perf_counter()
            try:
                response = await http.post(f"{url}/v1/ask", json={"question": question}, headers=headers)
                errors += response.status_code != 200
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            except httpx.HTTPError:
                errors += 1
            samples.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        for url in urls:  # warm-up: every route once on every gateway
            for question in MIX:
                await http.post(
                    f"{url}/v1/ask", json={"question": question}, headers={"authorization": f"Bearer {key_of(0)}"}
                )
        started = time.perf_counter()
        await asyncio.gather(*(client(http, number) for number in range(clients)))
        seconds = time.perf_counter() - started
    return LoadResult(
        clients,
        requests,
        errors,
        seconds,
        float(np.percentile(samples, 50)),
        float(np.percentile(samples, 95)),
        statuses,
    )


def meets_goal(single: LoadResult, many: LoadResult) -> bool:
    """The throughput goal of `make bench` for one run's single-client and many-client loads."""
    return (
        many.per_second >= GOAL_SPEEDUP * single.per_second
        and single.errors == many.errors == 0
        and many.p95_ms < GOAL_TAIL * many.p50_ms
    )


def run(urls: list[str], *, single_requests: int = 60, many_requests: int = 300) -> tuple[LoadResult, LoadResult]:
    """The single-client and the 20-client load against the same gateways."""
    single = asyncio.run(load(urls, clients=1, requests=single_requests))
    many = asyncio.run(load(urls, clients=CLIENTS, requests=many_requests))
    return single, many
