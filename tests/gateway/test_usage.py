"""Every request leaves one record (principal, route, tools, model and tokens, latency, status, trace id), and
`GET /v1/usage` sums them by key, route and day."""

import asyncio
import logging
from pathlib import Path

import httpx
import pytest

from gateway.governance.settings import GovernanceSettings
from gateway.settings import GatewaySettings
from gateway.usage.store import UsageStore
from tests.support.fake_system import FakeSystem, client, fake_app
from tests.support.served import listening_socket, served

ALICE = "alice-key-0123456789abcdef"
KEYED = GatewaySettings(api_keys={ALICE: {"name": "alice"}})  # type: ignore[dict-item]


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_each_request_leaves_one_record_and_usage_sums_them_by_key_route_and_day(tmp_path: Path) -> None:
    async with fake_app(FakeSystem(tokens=120), settings=KEYED, data_dir=tmp_path) as app:
        async with client(app, key=ALICE) as alice, client(app, key="wrong-0123456789abcdef") as stranger:
            answer = (await alice.post("/v1/ask", json={"question": "How many invoices?"})).json()
            await alice.post("/v1/ask", json={"question": "And in 2010?"})
            await alice.get("/v1/collections")
            assert (await stranger.get("/v1/collections")).status_code == 401
            report = (await alice.get("/v1/usage")).json()["rows"]

            store = await UsageStore.open(GovernanceSettings(data_dir=tmp_path).usage_url())
            try:
                (record,) = await store.records(answer["trace_id"])
            finally:
                await store.close()
    assert {k: record[k] for k in ("principal", "method", "route", "status", "routes", "model")} == {
        "principal": "alice",
        "method": "POST",
        "route": "/v1/ask",
        "status": 200,
        "routes": ["sql"],
        "model": "fake-model",
    }
    assert (record["tokens_in"], record["tokens_out"]) == (60, 60)
    (tool,) = record["tools"]
    assert (tool["server"], tool["tool"], tool["status"]) == ("relayboard-sql", "run_query", "ok")
    assert tool["latency_ms"] >= 0 and record["latency_ms"] > 0
    by_route = {(row["principal"], row["route"]): row for row in report}
    assert set(by_route) == {("alice", "/v1/ask"), ("alice", "/v1/collections"), ("anonymous", "/v1/collections")}
    ask = by_route["alice", "/v1/ask"]
    assert (ask["requests"], ask["errors"], ask["tokens_in"], ask["tokens_out"]) == (2, 0, 120, 120)
    assert by_route["anonymous", "/v1/collections"]["errors"] == 1  # the refused guess is on record too


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_a_key_without_the_admin_grant_reads_only_its_own_usage(tmp_path: Path) -> None:
    bob = "bob-key-0123456789abcdefgh"
    settings = GatewaySettings(api_keys={ALICE: {"name": "alice"}, bob: {"name": "bob", "grants": ["agent:sql"]}})  # type: ignore[dict-item]
    async with fake_app(FakeSystem(tokens=10), settings=settings, data_dir=tmp_path) as app:
        async with client(app, key=ALICE) as alice, client(app, key=bob) as bobs:
            await alice.get("/v1/collections")
            await bobs.get("/v1/usage")
            own = (await bobs.get("/v1/usage")).json()["rows"]
            other = await bobs.get("/v1/usage", params={"key": "alice"})
            everyone = (await alice.get("/v1/usage")).json()["rows"]
    assert {row["principal"] for row in own} == {"bob"}
    assert other.status_code == 403 and "admin" in other.json()["detail"]
    assert {row["principal"] for row in everyone} == {"alice", "bob"}


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_records_queued_when_the_gateway_stops_are_written_before_it_has_stopped(tmp_path: Path) -> None:
    async with fake_app(FakeSystem(tokens=10), settings=KEYED, data_dir=tmp_path) as app:
        async with client(app, key=ALICE) as alice:
            answers = [await alice.post("/v1/ask", json={"question": f"How many invoices in {n}?"}) for n in range(40)]
    store = await UsageStore.open(GovernanceSettings(data_dir=tmp_path).usage_url())
    try:
        (row,) = await store.report(principal="alice")
    finally:
        await store.close()
    assert [answer.status_code for answer in answers] == [200] * 40
    assert (row["route"], row["requests"], row["errors"]) == ("/v1/ask", 40, 0)


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_a_stream_whose_client_leaves_early_is_logged_and_recorded_as_499(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    system = FakeSystem()
    system.holds["ask"] = asyncio.Event()  # never set: the answer is still coming when the client leaves
    listening, port = listening_socket()
    caplog.set_level(logging.INFO, logger="gateway.requests")
    async with fake_app(system, settings=GatewaySettings(port=port), data_dir=tmp_path) as app:
        async with served(app, listening) as url, httpx.AsyncClient(base_url=url, timeout=10) as caller:
            async with caller.stream("POST", "/v1/ask/stream", json={"question": "slow query"}) as stream:
                assert stream.status_code == 200  # the status line went out before the client left
                trace_id = stream.headers["traceparent"].split("-")[1]
                lines = stream.aiter_lines()
                while "tool_call" not in await anext(lines):
                    pass
            # leaving the block closes the connection mid-stream
            await asyncio.wait_for(system.cancelled.wait(), 10)
        await app.state.usage.flushed()  # the server has stopped: the request's record is queued
        store = await UsageStore.open(GovernanceSettings(data_dir=tmp_path).usage_url())
        try:
            (record,) = await store.records(trace_id)
        finally:
            await store.close()
    assert (record["route"], record["status"]) == ("/v1/ask/stream", 499)
    (logged,) = [r for r in caplog.records if r.name == "gateway.requests" and "/v1/ask/stream" in r.getMessage()]
    assert getattr(logged, "http.response.status_code") == 499
    assert logged.levelno == logging.INFO  # the client's leaving is not the gateway's failure
