"""Limits across processes and connections: replicas on one Redis share a key's budget; a client that goes
away stops the work it started."""

import asyncio
import socket
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from gateway.limits import LimitSettings
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client, fake_app
from tests.support.redis import RedisUnavailable, running_redis

ALICE = "alice-key-0123456789abcdef"
KEYED = GatewaySettings(api_keys={ALICE: {"name": "alice"}})  # type: ignore[dict-item]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    try:
        with running_redis() as url:
            yield url
    except RedisUnavailable as exc:
        pytest.skip(f"Redis cannot start here, so shared counters are untested: {exc}")


async def test_two_replicas_on_one_redis_share_a_keys_requests_per_minute(redis_url: str) -> None:
    limits = LimitSettings(requests_per_minute=4, redis_url=SecretStr(redis_url))
    async with fake_app(FakeSystem(), limits, KEYED) as first, fake_app(FakeSystem(), limits, KEYED) as second:
        async with client(first, key=ALICE) as one, client(second, key=ALICE) as other:
            statuses = [(await replica.get("/v1/collections")).status_code for replica in (one, other, one, other)]
            assert statuses == [200, 200, 200, 200]
            refused = [await one.get("/v1/collections"), await other.get("/v1/collections")]
            assert [r.status_code for r in refused] == [429, 429]
            assert refused[1].headers["ratelimit"].startswith('"requests";r=0;')


async def test_a_streaming_client_that_disconnects_stops_its_tool_calls() -> None:
    system = FakeSystem()
    system.holds["ask"] = asyncio.Event()  # never set: only the disconnect can end the call
    listening = socket.socket()  # bound and listening before uvicorn starts: connections wait in the backlog
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    port = listening.getsockname()[1]
    async with fake_app(system, settings=GatewaySettings(port=port)) as app:
        server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
        serving = asyncio.create_task(server.serve(sockets=[listening]))
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as caller:
                async with caller.stream("POST", "/v1/ask/stream", json={"question": "slow query"}) as stream:
                    assert stream.status_code == 200
                    lines = stream.aiter_lines()
                    while "tool_call" not in await anext(lines):
                        pass
                    assert await asyncio.wait_for(system.started.get(), 5) == "ask"
                # leaving the block closes the connection mid-stream
            await asyncio.wait_for(system.cancelled.wait(), 10)
        finally:
            server.should_exit = True
            await asyncio.wait_for(serving, 10)


async def test_a_redis_that_goes_away_makes_readyz_not_ready_and_requests_503_naming_the_limits_store() -> None:
    with ExitStack() as redis:
        try:
            url = redis.enter_context(running_redis())
        except RedisUnavailable as exc:
            pytest.skip(f"Redis cannot start here: {exc}")
        limits = LimitSettings(redis_url=SecretStr(url))
        async with fake_app(FakeSystem(), limits) as app, client(app) as caller:
            assert (await caller.get("/v1/collections")).status_code == 200
            ready = await caller.get("/readyz")
            assert (ready.status_code, ready.json()["checks"]) == (200, {"fake": True, "redis": True})

            redis.close()  # the server is stopped and waited for: its port now refuses
            refused = await caller.get("/v1/collections")
            probe = await caller.get("/readyz")
    assert refused.status_code == 503
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == "5"
    assert refused.json() == {
        "type": "about:blank",
        "title": "Dependency unavailable",
        "status": 503,
        "detail": "the limits store (Redis at RELAYBOARD_REDIS_URL) does not answer, so this request cannot be "
        "counted against its limits and was not run: retry in 5 s; if it persists, the operator should check that "
        "Redis is up (GET /readyz names it)",
    }
    assert probe.status_code == 503
    body = probe.json()
    assert body["status"] == "not ready" and body["checks"] == {"fake": True, "redis": False}
    assert body["reasons"]["redis"].startswith("the limits store (Redis at RELAYBOARD_REDIS_URL) does not answer (")
    assert set(body["reasons"]) == {"redis"}
