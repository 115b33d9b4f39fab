"""A job runs only while the key that submitted it is live: revoked before it starts, or before it is resumed,
it fails naming the key (never the secret). The key store, jobs and workers are the real ones; the agent system
is a fake at its seam."""

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client, fake_app
from tests.support.sse import sse_events

ADMIN = "bootstrap-admin-key-0123456789abcdef"
KEYED = GatewaySettings(api_keys={ADMIN: {"name": "root"}})  # type: ignore[dict-item]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))  # the job database: jobs.sqlite here
    return tmp_path


async def create_key(admin: httpx.AsyncClient, name: str) -> dict[str, Any]:
    created = await admin.post("/v1/admin/keys", json={"name": name, "grants": ["agent:*", "tool:*:*"]})
    assert created.status_code == 201, created.text
    return dict(created.json())


async def finished(owner: httpx.AsyncClient, location: str) -> dict[str, Any]:
    """The job once it has finished (its event stream ends then: the bounded wait)."""
    events = sse_events((await owner.get(f"{location}/events")).text.splitlines())
    assert events[-1][0] == "job"
    return dict((await owner.get(location)).json())


def assert_failed_naming(job: dict[str, Any], key: dict[str, Any]) -> None:
    assert (job["status"], job["results"]) == ("failed", [])
    assert job["error"] == (
        f"the API key named 'bi' ({key['prefix']}) was revoked, so work submitted with it does not run: submit it "
        "again with a live key (`relayboard keys list` shows them)"
    )
    assert key["key"] not in job["error"]


async def test_a_job_whose_key_is_revoked_before_it_starts_fails_naming_the_key(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAYBOARD_JOBS_WORKERS", "0")  # an API tier: it accepts the job, a worker runs it later
    async with fake_app(FakeSystem(), settings=KEYED, data_dir=data_dir) as app, client(app, key=ADMIN) as admin:
        key = await create_key(admin, "bi")
        async with client(app, key=key["key"]) as bi:
            accepted = await bi.post("/v1/jobs", json={"kind": "ask", "question": "How many invoices?"})
        assert accepted.status_code == 202, accepted.text
        assert (await admin.delete(f"/v1/admin/keys/{key['prefix']}")).status_code == 200
        renewed = await create_key(admin, "bi")  # the holder's new key reads the job; the revoked one ran it

    monkeypatch.setenv("RELAYBOARD_JOBS_WORKERS", "2")
    system = FakeSystem()
    async with fake_app(system, settings=KEYED, data_dir=data_dir) as app, client(app, key=renewed["key"]) as bi:
        job = await finished(bi, accepted.headers["location"])
    assert_failed_naming(job, key)
    assert system.started.empty()  # nothing ran on the revoked key's grants


async def test_a_job_whose_key_is_revoked_while_it_runs_is_not_resumed_on_it(data_dir: Path) -> None:
    first = FakeSystem()
    first.holds["ask"] = asyncio.Event()  # never set: the question is in flight when the gateway stops
    async with fake_app(first, settings=KEYED, data_dir=data_dir) as app, client(app, key=ADMIN) as admin:
        key = await create_key(admin, "bi")
        async with client(app, key=key["key"]) as bi:
            location = (await bi.post("/v1/jobs", json={"kind": "ask", "question": "slow"})).headers["location"]
        assert await asyncio.wait_for(first.started.get(), 10) == "ask"
        assert (await admin.delete(f"/v1/admin/keys/{key['prefix']}")).status_code == 200
        renewed = await create_key(admin, "bi")
    # Stopping handed the running job back to the queue; the next gateway's worker takes it up.

    resumed = FakeSystem()
    async with fake_app(resumed, settings=KEYED, data_dir=data_dir) as app, client(app, key=renewed["key"]) as bi:
        job = await finished(bi, location)
    assert_failed_naming(job, key)
    assert job["attempts"] == 2 and resumed.started.empty()
