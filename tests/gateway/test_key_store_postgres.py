"""The key store on a real PostgreSQL: keys created, listed, granted and revoked there authenticate (or stop
authenticating) through the gateway at once, and the request log and feedback share the database."""

import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from gateway.app import create_app
from gateway.governance.settings import GovernanceSettings
from gateway.governance.store import KeyStore
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client
from tools.grants import Grants

pytestmark = pytest.mark.postgres
ROOT = "root-key-0123456789abcdefg"


def _records(postgres: Any, data_dir: Path) -> GovernanceSettings:
    return GovernanceSettings(data_dir=data_dir, database_url=SecretStr(postgres.admin_url))


@asynccontextmanager
async def _gateway(records: GovernanceSettings) -> AsyncIterator[FastAPI]:
    @asynccontextmanager
    async def factory() -> AsyncIterator[Any]:
        yield FakeSystem()

    settings = GatewaySettings(api_keys={ROOT: {"name": "root"}})  # type: ignore[dict-item]  # the bootstrap admin
    app = create_app(settings, system_factory=factory, configure_telemetry=False, records=records)
    async with app.router.lifespan_context(app):
        yield app


def test_the_store_creates_lists_grants_and_revokes_keys_in_postgres(postgres: Any, tmp_path: Path) -> None:
    name = f"svc-{uuid.uuid4().hex[:8]}"
    store = KeyStore.open(_records(postgres, tmp_path).sqlalchemy_url())
    try:
        first = store.create_key(name, Grants.parse(["agent:sql", "table:Invoice"]))
        second = store.create_key(name)
        store.set_grants(name, Grants.parse(["agent:*"]))
        listed = {record.prefix: record for record in store.list() if record.principal == name}
        revoked = store.revoke(first.prefix)
        live = store.live_key(second.prefix)
        gone = store.live_key(first.prefix)
    finally:
        store.close()
    assert set(listed) == {first.prefix, second.prefix}
    assert all(record.grants == ["agent:*"] and not record.revoked for record in listed.values())
    assert revoked == [first.prefix] and gone is None
    assert live is not None and live.principal == name and live.grants.allows_agent("retrieval")


async def test_keys_made_through_the_admin_api_on_postgres_authenticate_until_revoked(
    postgres: Any, tmp_path: Path
) -> None:
    name = f"app-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as scratch:
        async with _gateway(_records(postgres, Path(scratch))) as app, client(app, key=ROOT) as root:
            created = await root.post("/v1/admin/keys", json={"name": name, "grants": ["agent:sql"]})
            assert created.status_code == 201, created.text
            key = created.json()["key"]
            async with client(app, key=key) as holder:
                asked = await holder.post("/v1/ask", json={"question": "How many invoices?"})
                not_admin = await holder.get("/v1/admin/keys")
                regranted = await root.put(f"/v1/admin/keys/{name}/grants", json={"grants": ["agent:sql", "admin"]})
                now_admin = await holder.get("/v1/admin/keys")
                judged = await holder.post("/v1/feedback", json={"trace_id": asked.json()["trace_id"], "rating": 1})
                own_usage = (await holder.get("/v1/usage")).json()["rows"]
                assert (await root.delete(f"/v1/admin/keys/{name}")).status_code == 200
                after_revoke = await holder.get("/v1/usage")
    assert asked.status_code == 200 and not_admin.status_code == 403
    assert regranted.status_code == 200 and now_admin.status_code == 200
    assert name in {entry["name"] for entry in now_admin.json()["keys"]}
    assert judged.status_code == 201, judged.text
    assert {row["route"] for row in own_usage if row["principal"] == name} >= {"/v1/ask", "/v1/admin/keys"}
    assert after_revoke.status_code == 401
