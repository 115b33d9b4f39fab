"""The governance benchmark's baseline: the same gateway app less the key check, the limits and the request record."""

from pathlib import Path

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.ungoverned import ungoverned_app

KEYS = {"bench-key-0123456789abcdef": {"name": "bench"}}


async def status_without_key(app: object) -> int:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
        return (await client.get("/v1/models")).status_code


@pytest.fixture
def keyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GatewaySettings:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))
    return GatewaySettings.model_validate({"api_keys": KEYS})


async def test_the_governed_gateway_refuses_a_request_without_a_key(keyed: GatewaySettings) -> None:
    assert await status_without_key(create_app(keyed, configure_telemetry=False)) == 401


async def test_the_ungoverned_baseline_serves_the_same_request_without_checking_keys(keyed: GatewaySettings) -> None:
    assert await status_without_key(ungoverned_app(keyed, configure_telemetry=False)) == 200


def test_the_baseline_keeps_every_layer_but_the_governed_ones(keyed: GatewaySettings) -> None:
    governed = {layer.cls for layer in create_app(keyed, configure_telemetry=False).user_middleware}
    bare = {layer.cls for layer in ungoverned_app(keyed, configure_telemetry=False).user_middleware}
    assert bare < governed
    assert len(governed - bare) == 4
