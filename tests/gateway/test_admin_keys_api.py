"""The admin API for keys and grants, under the `admin` grant; and no open gateway beyond loopback."""

import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.harness.processes import system_environment
from gateway.app import create_app
from gateway.settings import GatewaySettings
from tools.errors import ConfigurationError

BOOTSTRAP = "bootstrap-admin-key-0123456789abcdef"


class NoSystem:
    """The admin routes never reach the agent system."""

    mode = "extractive"

    async def readiness(self) -> dict[str, bool]:
        return {}

    def servers_up(self) -> dict[str, bool]:
        return {}


@asynccontextmanager
async def gateway(settings: GatewaySettings) -> AsyncIterator[httpx.AsyncClient]:
    @asynccontextmanager
    async def factory() -> AsyncIterator[Any]:
        yield NoSystem()

    app = create_app(settings, system_factory=factory, configure_telemetry=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://127.0.0.1:{settings.port}") as client:
            yield client


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))
    return tmp_path


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


async def test_an_admin_creates_lists_regrants_and_revokes_keys_and_only_an_admin_may() -> None:
    settings = GatewaySettings(api_keys={BOOTSTRAP: {"name": "root"}})  # type: ignore[dict-item]
    async with gateway(settings) as client:
        created = await client.post(
            "/v1/admin/keys", json={"name": "bi", "grants": ["agent:sql", "table:Invoice"]}, headers=bearer(BOOTSTRAP)
        )
        assert created.status_code == 201
        new = created.json()
        assert new["name"] == "bi" and new["grants"] == ["agent:sql", "table:Invoice"]
        assert new["key"].startswith(new["prefix"] + "_")

        refused = await client.get("/v1/admin/keys", headers=bearer(new["key"]))
        assert refused.status_code == 403 and "lacks the `admin` grant" in refused.json()["detail"]

        listed = (await client.get("/v1/admin/keys", headers=bearer(BOOTSTRAP))).json()["keys"]
        assert [(k["prefix"], k["name"], k["revoked"]) for k in listed] == [(new["prefix"], "bi", False)]
        assert new["key"] not in str(listed)

        bad = await client.put("/v1/admin/keys/bi/grants", json={"grants": ["root"]}, headers=bearer(BOOTSTRAP))
        assert bad.status_code == 422 and "root" in str(bad.json()), bad.json()
        regranted = await client.put("/v1/admin/keys/bi/grants", json={"grants": ["admin"]}, headers=bearer(BOOTSTRAP))
        assert regranted.json() == {"name": "bi", "grants": ["admin"]}
        assert (await client.get("/v1/admin/keys", headers=bearer(new["key"]))).status_code == 200  # at once

        revoked = await client.delete(f"/v1/admin/keys/{new['prefix']}", headers=bearer(BOOTSTRAP))
        assert revoked.json() == {"revoked": [new["prefix"]]}
        assert (await client.get("/v1/admin/keys", headers=bearer(new["key"]))).status_code == 401
        missing = await client.delete("/v1/admin/keys/nobody", headers=bearer(BOOTSTRAP))
        assert missing.status_code == 404


MISSING = "no API key was sent; send `Authorization: Bearer <key>` (or `X-API-Key: <key>`)"
NOT_VALID = (
    "this API key is not valid (unknown or revoked); send a live key as `Authorization: Bearer <key>` "
    "(an administrator lists keys with `relayboard keys list` and issues one with `relayboard keys create NAME`)"
)
MCP_ACCEPT = {"accept": "application/json, text/event-stream"}


async def test_a_missing_key_and_a_wrong_or_revoked_one_are_told_apart_on_v1_and_mcp_without_echoing_it() -> None:
    settings = GatewaySettings(api_keys={BOOTSTRAP: {"name": "root"}})  # type: ignore[dict-item]
    async with gateway(settings) as client:
        new = (await client.post("/v1/admin/keys", json={"name": "bi"}, headers=bearer(BOOTSTRAP))).json()
        await client.delete(f"/v1/admin/keys/{new['prefix']}", headers=bearer(BOOTSTRAP))
        wrong = "wrong-key-0123456789abcdef"
        cases = {
            "missing": ({}, MISSING),
            "empty": ({"authorization": "Bearer "}, MISSING),
            "unknown": (bearer(wrong), NOT_VALID),
            "unknown by X-API-Key": ({"x-api-key": wrong}, NOT_VALID),
            "revoked": (bearer(new["key"]), NOT_VALID),
        }
        for case, (headers, detail) in cases.items():
            refused = await client.get("/v1/collections", headers=headers)
            assert (refused.status_code, refused.json()["detail"]) == (401, detail), case
            on_mcp = await client.post("/mcp", json={}, headers={**headers, **MCP_ACCEPT})
            assert on_mcp.status_code == 401, case
            assert on_mcp.json()["error"]["message"].startswith(f"Unauthorized (HTTP 401): {detail} ("), case
            assert wrong not in refused.text + on_mcp.text and new["key"] not in refused.text + on_mcp.text


async def test_on_loopback_without_keys_every_caller_is_the_anonymous_admin_until_a_key_exists() -> None:
    async with gateway(GatewaySettings()) as client:
        created = await client.post("/v1/admin/keys", json={"name": "first", "grants": ["admin"]})
        assert created.status_code == 201
        assert (await client.get("/v1/admin/keys")).status_code == 401  # a key exists now: keys are required
        assert (await client.get("/v1/admin/keys", headers=bearer(created.json()["key"]))).status_code == 200


async def test_an_app_listening_beyond_loopback_without_keys_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match=r"relayboard keys create admin --grant admin"):
        async with gateway(GatewaySettings(host="0.0.0.0")):
            pass


def test_serve_on_every_address_without_keys_is_refused_saying_how_to_create_one(data_dir: Path) -> None:
    env = system_environment(data_dir)
    served = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "serve", "--host", "0.0.0.0", "--port", "8799"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert served.returncode == 2
    assert "no API key exists" in served.stderr and "relayboard keys create admin --grant admin" in served.stderr
    assert "Traceback" not in served.stderr
