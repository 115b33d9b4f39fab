"""API keys that expire: set when created (CLI or admin API), validated where they enter, shown in listings, and
refused with their own 401 once passed, on /v1 and /mcp alike. A key's expiry is made to pass by writing an
instant already gone to the store, as time passing would (the boundaries refuse to set one)."""

import datetime
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.cli import main
from gateway.governance.expiry import shown
from gateway.governance.settings import GovernanceSettings
from gateway.governance.store import KeyStore
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client, fake_app

ADMIN = "bootstrap-admin-key-0123456789abcdef"
KEYED = GatewaySettings(api_keys={ADMIN: {"name": "root"}})  # type: ignore[dict-item]
MCP_ACCEPT = {"accept": "application/json, text/event-stream"}
DAY = 86400


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))
    return tmp_path


@asynccontextmanager
async def admin_of(data_dir: Path) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    async with fake_app(FakeSystem(), settings=KEYED, data_dir=data_dir) as app, client(app, key=ADMIN) as admin:
        yield app, admin


def expire(data_dir: Path, prefix: str, at: float) -> None:
    store = KeyStore.open(GovernanceSettings(data_dir=data_dir).sqlalchemy_url())
    try:
        store.set_expiry(prefix, at)
    finally:
        store.close()


async def test_an_expired_key_is_refused_saying_when_it_expired_on_v1_and_mcp_and_listed_as_expired(
    data_dir: Path,
) -> None:
    async with admin_of(data_dir) as (app, admin):
        created = await admin.post("/v1/admin/keys", json={"name": "bi", "grants": ["admin"], "expires_in_s": DAY})
        assert created.status_code == 201, created.text
        key = created.json()
        async with client(app, key=key["key"]) as bi:
            assert (await bi.get("/v1/admin/keys")).status_code == 200  # before its expiry it works
            passed = time.time() - 60
            expire(data_dir, key["prefix"], passed)
            on_v1 = await bi.get("/v1/admin/keys")
            on_mcp = await bi.post("/mcp", json={}, headers=MCP_ACCEPT)
        listed = (await admin.get("/v1/admin/keys")).json()["keys"]

    detail = f"this API key expired at {shown(passed)}; ask an operator for a new key"
    assert (on_v1.status_code, on_v1.json()["detail"]) == (401, detail)
    assert on_mcp.status_code == 401
    assert on_mcp.json()["error"]["message"].startswith(f"Unauthorized (HTTP 401): {detail} (")
    assert key["key"] not in on_v1.text + on_mcp.text
    assert [(k["prefix"], k["expires_at"], k["expired"], k["revoked"]) for k in listed] == [
        (key["prefix"], shown(passed), True, False)
    ]


async def test_a_wrong_secret_with_an_expired_keys_prefix_is_told_only_that_it_is_not_valid(data_dir: Path) -> None:
    async with admin_of(data_dir) as (app, admin):
        key = (await admin.post("/v1/admin/keys", json={"name": "bi", "expires_in_s": DAY})).json()
        expire(data_dir, key["prefix"], time.time() - 60)
        forged = f"{key['prefix']}_{'x' * 43}"
        async with client(app, key=forged) as guesser:
            refused = await guesser.get("/v1/admin/keys")
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("this API key is not valid (unknown or revoked)")


async def test_the_admin_api_sets_an_expiry_by_instant_or_seconds_and_refuses_bad_ones_naming_the_field(
    data_dir: Path,
) -> None:
    async with admin_of(data_dir) as (_, admin):
        by_instant = await admin.post("/v1/admin/keys", json={"name": "a", "expires_at": "2999-01-31T00:00:00"})
        offset = await admin.post("/v1/admin/keys", json={"name": "b", "expires_at": "2999-01-31T02:00:00+02:00"})
        never = await admin.post("/v1/admin/keys", json={"name": "c"})
        refusals: dict[str, dict[str, Any]] = {
            "past": {"expires_at": "2020-01-01T00:00:00Z"},
            "not an instant": {"expires_at": "next tuesday"},
            "zero": {"expires_in_s": 0},
            "negative": {"expires_in_s": -30},
            "both": {"expires_at": "2999-01-31T00:00:00Z", "expires_in_s": 60},
            "seconds too many": {"expires_in_s": 10**12},  # past the year 9999: once a 500 on listing the keys
            "a boolean": {"expires_in_s": True},  # once read as 1 second: a key made that expired at once
            "a numeric string": {"expires_in_s": "60"},  # not a JSON integer, as the schema says it must be
            "past datetime's range": {"expires_at": "9999-12-31T23:00:00-05:00"},  # in UTC, the year 10000
        }
        refused = {
            case: await admin.post("/v1/admin/keys", json={"name": "d", **fields}) for case, fields in refusals.items()
        }
        listed = (await admin.get("/v1/admin/keys")).json()["keys"]

    assert by_instant.status_code == 201 and by_instant.json()["expires_at"] == "2999-01-31T00:00:00Z"  # UTC assumed
    assert offset.json()["expires_at"] == "2999-01-31T00:00:00Z"
    assert never.json()["expires_at"] is None
    # A body its schema refuses is a 422 naming the field; a rule across two fields or against the clock, which JSON
    # Schema cannot state, is a 400 naming the fields (as the other cross-field rules of /v1 are).
    schema_refused = ("not an instant", "zero", "negative", "seconds too many", "a boolean", "a numeric string")
    assert {c: refused[c].status_code for c in refusals} == {c: 422 if c in schema_refused else 400 for c in refusals}
    fields = {case: [e["field"] for e in refused[case].json()["errors"]] for case in schema_refused}
    assert fields["not an instant"] == ["expires_at"]
    assert fields["zero"] == fields["negative"] == fields["seconds too many"] == ["expires_in_s"]
    assert fields["a boolean"] == fields["a numeric string"] == ["expires_in_s"]
    too_far = refused["past datetime's range"].json()["detail"]
    assert "`expires_at`: the instant is further away than a key may live (366000 days from now)" in too_far
    assert (
        "`expires_at`: " in refused["past"].json()["detail"]
        and "has already passed" in refused["past"].json()["detail"]
    )
    assert "`expires_at`, `expires_in_s`: give one of them, not both" in refused["both"].json()["detail"]
    assert "'next tuesday' is not an ISO 8601 instant: give" in refused["not an instant"].json()["detail"]
    assert [k["name"] for k in listed] == ["a", "b", "c"]  # nothing half-made by a refused request


async def test_patch_extends_an_expired_key_which_then_works_again_and_an_empty_body_is_refused(
    data_dir: Path,
) -> None:
    async with admin_of(data_dir) as (app, admin):
        key = (await admin.post("/v1/admin/keys", json={"name": "bi", "grants": ["admin"], "expires_in_s": 60})).json()
        expire(data_dir, key["prefix"], time.time() - 60)
        empty = await admin.patch(f"/v1/admin/keys/{key['prefix']}", json={})
        extended = await admin.patch(f"/v1/admin/keys/{key['prefix']}", json={"expires_at": "2999-01-01T00:00:00Z"})
        async with client(app, key=key["key"]) as bi:
            works = await bi.get("/v1/admin/keys")
        for_good = await admin.patch("/v1/admin/keys/bi", json={"expires_at": None})
        unknown = await admin.patch("/v1/admin/keys/nobody", json={"expires_in_s": 60})

    assert empty.status_code == 400 and "expires_at" in empty.json()["detail"]
    assert extended.json() == {"changed": [key["prefix"]], "expires_at": "2999-01-01T00:00:00Z"}
    assert works.status_code == 200
    assert for_good.json() == {"changed": [key["prefix"]], "expires_at": None}
    assert unknown.status_code == 404


def test_the_openapi_schema_documents_the_expiry_fields() -> None:
    from gateway.app import create_app

    schemas = create_app(GatewaySettings(), configure_telemetry=False).openapi()["components"]["schemas"]
    assert {"expires_at", "expires_in_s"} <= set(schemas["KeyIn"]["properties"])
    assert "ISO 8601" in json.dumps(schemas["KeyIn"]["properties"]["expires_at"])
    assert {"expires_at", "expired"} <= set(schemas["KeyOut"]["properties"])


def test_the_cli_creates_lists_and_extends_expiring_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "bi", "--expires-at", "2999-01-31T00:00:00Z"]) == 0
    created = capsys.readouterr().out.splitlines()
    assert main(["keys", "create", "ops", "--expires-in", "30d"]) == 0
    capsys.readouterr()
    assert main(["keys", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert main(["keys", "extend", "bi", "--never"]) == 0
    extended = capsys.readouterr().out
    assert main(["keys", "list"]) == 0
    table = capsys.readouterr().out.splitlines()

    prefix = created[0][: len("rb_12345678")]
    assert "expires 2999-01-31T00:00:00Z" in created[1]
    assert [(k["principal"], k["expired"]) for k in listed] == [("bi", False), ("ops", False)]
    assert listed[0]["expires_at"] == "2999-01-31T00:00:00Z"
    in_30_days = listed[1]["expires_at"]
    expires = datetime.datetime.fromisoformat(in_30_days).timestamp()
    assert abs(expires - time.time() - 30 * DAY) < 60
    assert extended == f"{prefix}: now never expire\n"
    assert table[0].startswith(f"{prefix}  bi  live  ") and "  never  " in table[0]
    assert table[1].split("  ")[2:5:2] == ["live", f"expires {in_30_days}"]


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--expires-in", "0d", "'0d' is not a positive duration"),
        ("--expires-in", "-5d", "'-5d' is not a positive duration"),
        ("--expires-in", "30", "'30' is not a duration: give a whole number and a unit"),
        ("--expires-at", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z has already passed"),
        ("--expires-at", "soon", "'soon' is not an ISO 8601 instant"),
        ("--expires-in", "99999999w", "'99999999w' is longer than a key may live (366000d)"),
        ("--expires-at", "9999-12-31T23:00:00-05:00", "the instant is further away than a key may live"),
    ],
)
def test_the_cli_refuses_a_bad_expiry_with_exit_2_naming_the_option(
    option: str, value: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["keys", "create", "bi", f"{option}={value}"])
    assert exited.value.code == 2
    assert f"argument {option}: {says}" in capsys.readouterr().err
    assert main(["keys", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # no key was made
