"""DNS-rebinding protection: every route refuses Host and Origin names the gateway does not serve."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from tools.errors import ConfigurationError


class RecordingSystem:
    """Stands in for the agent system behind the routes: records the tool calls that got through."""

    mode = "extractive"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def call_tool(self, agent: str, tool: str, arguments: dict[str, Any], **_: Any) -> dict[str, Any]:
        self.calls.append((agent, tool))
        if tool == "list_collections":
            return {"collections": []}
        chunking = {"strategy": "markdown", "max_chars": 1200, "chunk_tokens": 256, "overlap_tokens": 32}
        return {"name": arguments.get("name", ""), "chunking": chunking, "points": 0}

    async def readiness(self) -> dict[str, bool]:
        return {"relayboard-retrieval": True}

    def servers_up(self) -> dict[str, bool]:
        return {"relayboard-retrieval": True}


@asynccontextmanager
async def gateway(settings: GatewaySettings, system: RecordingSystem) -> AsyncIterator[httpx.AsyncClient]:
    @asynccontextmanager
    async def factory() -> AsyncIterator[Any]:
        yield system

    app = create_app(settings, system_factory=factory, configure_telemetry=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://127.0.0.1:{settings.port}") as client:
            yield client


REBOUND = [
    "rebind.evil.example",
    "127.0.0.1:8121.evil.com",
    "localhost:8000.evil.com",
    "127.0.0.1:9999",
    "",
    "a@localhost:8000",
]


@pytest.mark.parametrize("host", REBOUND)
async def test_writes_and_reads_with_a_foreign_host_header_are_refused_without_keys(host: str) -> None:
    system = RecordingSystem()
    async with gateway(GatewaySettings(port=8000), system) as client:
        put = await client.put("/v1/collections/notes", json={}, headers={"host": host})
        delete = await client.delete("/v1/collections/docs", headers={"host": host})
        health = await client.get("/healthz", headers={"host": host})
        mcp = await client.post("/mcp", json={}, headers={"host": host})
    for response in (put, delete, health):
        assert response.status_code == 421
        assert response.headers["content-type"] == "application/problem+json"
        assert "RELAYBOARD_ALLOWED_HOSTS" in response.json()["detail"]
    # The MCP endpoint's refusals are JSON-RPC errors, the form an MCP client shows.
    assert mcp.status_code == 421 and mcp.headers["content-type"] == "application/json"
    assert "RELAYBOARD_ALLOWED_HOSTS" in mcp.json()["error"]["message"]
    assert system.calls == []


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"])
async def test_loopback_names_on_the_served_port_are_served(host: str) -> None:
    system = RecordingSystem()
    async with gateway(GatewaySettings(port=8000), system) as client:
        put = await client.put("/v1/collections/notes", json={}, headers={"host": host})
    assert put.status_code == 200 and put.json()["name"] == "notes"
    assert system.calls == [("retrieval", "create_collection")]


@pytest.mark.parametrize(
    "origin", ["http://rebind.evil.example", "http://localhost:3000.evil.com", "http://localhost:3000", "null"]
)
async def test_a_foreign_origin_is_refused_with_403(origin: str) -> None:
    system = RecordingSystem()
    async with gateway(GatewaySettings(port=8000), system) as client:
        response = await client.delete("/v1/collections/docs", headers={"origin": origin})
    assert response.status_code == 403
    assert origin in response.json()["detail"] and "RELAYBOARD_ALLOWED_HOSTS" in response.json()["detail"]
    assert system.calls == []


async def test_the_gateways_own_origin_is_served() -> None:
    async with gateway(GatewaySettings(port=8000), RecordingSystem()) as client:
        response = await client.get("/v1/collections", headers={"origin": "http://localhost:8000"})
    assert response.status_code == 200


async def test_configured_names_replace_the_defaults_and_the_old_variable_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RELAYBOARD_MCP_ALLOWED_HOSTS", '["relayboard.internal:8000", "proxy.internal"]')
    async with gateway(GatewaySettings(port=8000), RecordingSystem()) as client:
        named = await client.get("/v1/collections", headers={"host": "relayboard.internal:8000"})
        default_port = await client.get("/v1/collections", headers={"host": "proxy.internal"})
        loopback = await client.get("/v1/collections", headers={"host": "127.0.0.1:8000"})
    assert (named.status_code, default_port.status_code, loopback.status_code) == (200, 200, 421)


def test_the_default_names_follow_the_served_port_and_a_specific_listen_address() -> None:
    assert GatewaySettings(port=8121).trusted_hosts() == ["127.0.0.1:8121", "localhost:8121", "[::1]:8121"]
    assert "10.0.0.5:8000" in GatewaySettings(host="10.0.0.5").trusted_hosts()
    assert GatewaySettings(host="0.0.0.0").trusted_hosts() == ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"]


def test_a_malformed_allowed_host_stops_start_up_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match=r"RELAYBOARD_ALLOWED_HOSTS: '127.0.0.1:80x' is not HOST"):
        GatewaySettings(allowed_hosts=["127.0.0.1:80x"])


@pytest.mark.e2e
def test_the_running_gateway_refuses_a_rebound_host(gateway_url: str) -> None:
    rebound = httpx.delete(f"{gateway_url}/v1/collections/docs", headers={"host": "rebind.evil.example"}, timeout=10)
    assert rebound.status_code == 421 and "RELAYBOARD_ALLOWED_HOSTS" in rebound.json()["detail"]
    assert httpx.get(f"{gateway_url}/v1/collections/docs", timeout=30).status_code == 200
