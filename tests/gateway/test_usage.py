"""Every request leaves one record (principal, route, tools, model and tokens, latency, status, trace id), and
`GET /v1/usage` sums them by key, route and day."""

from pathlib import Path

import pytest

from gateway.settings import GatewaySettings
from gateway.usage.settings import UsageSettings
from gateway.usage.store import UsageStore
from tests.support.fake_system import FakeSystem, client, fake_app

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

            store = await UsageStore.open(UsageSettings(data_dir=tmp_path).sqlalchemy_url())
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
