"""Limits at the HTTP edge: failed logins per address, requests and tokens per key, requests in progress, the
expensive kinds' fair share, the body cap; all refusals are problem+json that say when to retry."""

import asyncio
import time

import httpx
import pytest

from gateway.limits import LimitSettings
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client, fake_app

ALICE = "alice-key-0123456789abcdef"
BOB = "bob-key-0123456789abcdefgh"
KEYED = GatewaySettings(api_keys={ALICE: {"name": "alice"}, BOB: {"name": "bob"}})  # type: ignore[dict-item]
QUESTION = {"question": "How many invoices were issued in 2010?"}


def assert_problem(response: httpx.Response, status: int, *phrases: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    for phrase in phrases:
        assert phrase in response.json()["detail"]


async def test_three_hundred_wrong_key_guesses_meet_429_after_the_failure_budget() -> None:
    async with fake_app(FakeSystem(), LimitSettings(auth_failures_per_minute=10), KEYED) as app:
        async with client(app, "198.51.100.7") as guesser, client(app, "192.0.2.10", ALICE) as alice:
            started = time.perf_counter()
            responses = [
                await guesser.get("/v1/collections", headers={"authorization": f"Bearer guess-{n:020d}"})
                for n in range(300)
            ]
            elapsed = time.perf_counter() - started
            statuses = [r.status_code for r in responses]
            assert statuses == [401] * 10 + [429] * 290, f"{elapsed:.2f} s"
            assert_problem(responses[-1], 429, "too many failed authentications from 198.51.100.7")
            assert 1 <= int(responses[-1].headers["retry-after"]) <= 60
            assert responses[-1].headers["ratelimit-policy"] == '"auth-failures";q=10;w=60'
            # The right key from the same address waits too; other addresses are not held back.
            right = await guesser.get("/v1/collections", headers={"authorization": f"Bearer {ALICE}"})
            assert right.status_code == 429
            assert (await alice.get("/v1/collections")).status_code == 200


async def test_a_key_over_its_requests_per_minute_gets_429_with_ratelimit_headers_and_others_do_not() -> None:
    async with fake_app(FakeSystem(), LimitSettings(requests_per_minute=3), KEYED) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob:
            allowed = [await alice.get("/v1/collections") for _ in range(3)]
            refused = await alice.get("/v1/collections")
            assert [r.status_code for r in allowed] == [200, 200, 200]
            assert [r.headers["ratelimit"] for r in allowed] == [
                f'"requests";r={left};t={allowed[n].headers["ratelimit"].rsplit("=", 1)[1]}'
                for n, left in enumerate((2, 1, 0))
            ]
            assert allowed[0].headers["ratelimit-policy"] == '"requests";q=3;w=60'
            assert_problem(refused, 429, "alice has used its 3 requests per minute", "RELAYBOARD_REQUESTS_PER_MINUTE")
            assert 1 <= int(refused.headers["retry-after"]) <= 60
            assert (await bob.get("/v1/collections")).status_code == 200
            assert (await alice.get("/healthz")).status_code == 200  # probes are never limited


async def test_a_key_with_its_most_requests_in_progress_gets_429_until_one_finishes() -> None:
    system = FakeSystem()
    hold = system.holds["list_collections"] = asyncio.Event()
    async with fake_app(system, LimitSettings(concurrent_requests=2), KEYED) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob:
            running = [asyncio.create_task(alice.get("/v1/collections")) for _ in range(2)]
            for _ in running:
                await asyncio.wait_for(system.started.get(), 5)
            third = await alice.get("/v1/collections")
            assert_problem(third, 429, "alice already has 2 requests in progress", "RELAYBOARD_CONCURRENT_REQUESTS")
            assert third.headers["retry-after"] == "1"
            other = asyncio.create_task(bob.get("/v1/collections"))
            await asyncio.wait_for(system.started.get(), 5)  # bob's request runs meanwhile
            hold.set()
            assert [r.status_code for r in await asyncio.gather(*running, other)] == [200, 200, 200]
            assert (await alice.get("/v1/collections")).status_code == 200


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_generative_answers_spend_the_tokens_per_minute_and_the_next_request_waits() -> None:
    async with fake_app(FakeSystem(tokens=700), LimitSettings(tokens_per_minute=1000), KEYED) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob:
            assert (await alice.post("/v1/ask", json=QUESTION)).status_code == 200  # 700 of 1000
            assert (await alice.post("/v1/ask", json=QUESTION)).status_code == 200  # 1400: finished, over
            refused = await alice.post("/v1/ask", json=QUESTION)
            assert_problem(refused, 429, "alice has used its 1000 model tokens per minute")
            assert refused.headers["ratelimit-policy"] == '"tokens";q=1000;w=60'
            assert (await bob.post("/v1/ask", json=QUESTION)).status_code == 200


async def test_one_key_cannot_take_every_question_slot_and_a_full_queue_is_503() -> None:
    system = FakeSystem()
    hold = system.holds["ask"] = asyncio.Event()
    limits = LimitSettings(ask_concurrency=2, queue_depth=0)
    async with fake_app(system, limits, KEYED) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob:
            slow = asyncio.create_task(alice.post("/v1/ask", json=QUESTION))
            await asyncio.wait_for(system.started.get(), 5)
            second = await alice.post("/v1/ask", json=QUESTION)
            assert_problem(second, 429, "alice already has 1 ask requests running or waiting", "other keys get a turn")
            cheap = asyncio.create_task(bob.post("/v1/ask", json=QUESTION))
            await asyncio.wait_for(system.started.get(), 5)  # bob's runs beside alice's slow one
            hold.set()
            assert [r.status_code for r in await asyncio.gather(slow, cheap)] == [200, 200]


async def test_a_full_queue_of_questions_is_a_503_that_says_how_to_make_room() -> None:
    system = FakeSystem()
    hold = system.holds["ask"] = asyncio.Event()
    async with fake_app(system, LimitSettings(ask_concurrency=1, queue_depth=0), KEYED) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob:
            slow = asyncio.create_task(alice.post("/v1/ask", json=QUESTION))
            await asyncio.wait_for(system.started.get(), 5)
            busy = await bob.post("/v1/ask", json=QUESTION)
            assert_problem(busy, 503, "ask requests are all busy", "RELAYBOARD_ASK_CONCURRENCY")
            assert busy.headers["retry-after"] == "1"
            assert (await bob.get("/v1/collections")).status_code == 200  # cheap routes are not queued
            hold.set()
            assert (await slow).status_code == 200


async def test_bodies_over_the_cap_are_413_whether_declared_or_streamed() -> None:
    async with fake_app(FakeSystem(), LimitSettings(max_body_bytes=4096)) as app:
        async with client(app) as anyone:
            declared = await anyone.post("/v1/ask", json={"question": "x" * 5000})
            assert_problem(declared, 413, "larger than 4096 bytes", "RELAYBOARD_MAX_BODY_BYTES")

            async def chunks():
                yield b'{"question": "'
                for _ in range(10):
                    yield b"y" * 1000
                yield b'"}'

            streamed = await anyone.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
            assert_problem(streamed, 413, "larger than 4096 bytes")
            response = await anyone.put("/v1/collections/notes", content=b"{}" + b" " * 5000)
            assert_problem(response, 413, "larger than 4096 bytes")
            # /mcp answers in its own protocol: a JSON-RPC error an MCP client shows, at the same HTTP status.
            refused = await anyone.post("/mcp", content=b"{}" + b" " * 5000)
            assert refused.status_code == 413 and "larger than 4096 bytes" in refused.json()["error"]["message"]
            assert (await anyone.post("/v1/ask", json={"question": "small"})).status_code == 200
