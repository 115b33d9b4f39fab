"""A job runs only while the key that submitted it is live: revoked before it starts, or before it is resumed,
it fails naming the key (never the secret); revoked while it runs, it stops before its next question. The key
store, jobs and workers are the real ones; the agent system is a fake at its seam."""

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.governance.expiry import shown
from gateway.governance.settings import GovernanceSettings
from gateway.governance.store import KeyStore
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


async def test_a_batch_job_whose_key_is_revoked_during_its_first_question_stops_before_the_next_keeping_it(
    data_dir: Path,
) -> None:
    system = FakeSystem()
    system.holds["ask"] = answering = asyncio.Event()
    questions = [{"question": f"Question {n}?"} for n in range(3)]
    async with fake_app(system, settings=KEYED, data_dir=data_dir) as app, client(app, key=ADMIN) as admin:
        key, renewed = await create_key(admin, "bi"), await create_key(admin, "bi")
        async with client(app, key=key["key"]) as bi:
            accepted = await bi.post("/v1/jobs", json={"kind": "batch", "questions": questions})
        assert accepted.status_code == 202, accepted.text
        assert await asyncio.wait_for(system.started.get(), 10) == "ask"  # the first question is being answered
        assert (await admin.delete(f"/v1/admin/keys/{key['prefix']}")).status_code == 200
        answering.set()
        async with client(app, key=renewed["key"]) as bi:
            job = await finished(bi, accepted.headers["location"])

    assert job["status"] == "failed"
    assert job["error"] == (
        f"the API key named 'bi' ({key['prefix']}) was revoked, so work submitted with it does not run: submit it "
        "again with a live key (`relayboard keys list` shows them)"
    )
    assert [(r["item"], r["answer"]["answer"]) for r in job["results"]] == [(0, "You asked: Question 0?")]
    assert (job["done"], job["total"]) == (1, 3)
    assert system.started.empty()  # the second question never began


async def test_a_job_whose_key_expired_before_it_starts_fails_naming_the_key_and_the_instant(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAYBOARD_JOBS_WORKERS", "0")
    async with fake_app(FakeSystem(), settings=KEYED, data_dir=data_dir) as app, client(app, key=ADMIN) as admin:
        created = await admin.post("/v1/admin/keys", json={"name": "bi", "grants": ["agent:*"], "expires_in_s": 60})
        key, renewed = created.json(), await create_key(admin, "bi")
        async with client(app, key=key["key"]) as bi:
            accepted = await bi.post("/v1/jobs", json={"kind": "ask", "question": "How many invoices?"})
        assert accepted.status_code == 202, accepted.text
    passed = time.time() - 1  # the key's minute passes before any worker takes the job up
    store = KeyStore.open(GovernanceSettings(data_dir=data_dir).sqlalchemy_url())
    store.set_expiry(key["prefix"], passed)
    store.close()

    monkeypatch.setenv("RELAYBOARD_JOBS_WORKERS", "2")
    system = FakeSystem()
    async with fake_app(system, settings=KEYED, data_dir=data_dir) as app, client(app, key=renewed["key"]) as bi:
        job = await finished(bi, accepted.headers["location"])
    assert (job["status"], job["results"]) == ("failed", [])
    assert job["error"] == (
        f"the API key named 'bi' ({key['prefix']}) expired at {shown(passed)}, so work submitted with it does not "
        "run: submit it again with a live key (`relayboard keys list` shows them)"
    )
    assert system.started.empty()


async def test_an_ingest_job_whose_key_is_revoked_during_its_first_batch_stops_before_the_next_keeping_it(
    data_dir: Path,
) -> None:
    system = FakeSystem()
    system.holds["ingest_documents"] = ingesting = asyncio.Event()
    documents = [{"id": f"n{i}", "text": f"Note {i} is filed.", "format": "text"} for i in range(30)]  # 2 batches
    async with fake_app(system, settings=KEYED, data_dir=data_dir) as app, client(app, key=ADMIN) as admin:
        created = await admin.post("/v1/admin/keys", json={"name": "bi", "grants": ["admin"]})
        key, renewed = created.json(), await create_key(admin, "bi")
        async with client(app, key=key["key"]) as bi:
            job = {"kind": "ingest", "collection": "notes", "documents": documents}
            accepted = await bi.post("/v1/jobs", json=job)
        assert accepted.status_code == 202, accepted.text
        while await asyncio.wait_for(system.started.get(), 10) != "ingest_documents":
            pass  # the submission's own look at the collection, first
        assert (await admin.delete(f"/v1/admin/keys/{key['prefix']}")).status_code == 200
        ingesting.set()
        async with client(app, key=renewed["key"]) as bi:
            ingested = await finished(bi, accepted.headers["location"])

    assert (ingested["status"], ingested["done"], ingested["total"]) == ("failed", 25, 30)
    assert ingested["error"].startswith(f"the API key named 'bi' ({key['prefix']}) was revoked, so work submitted")
    assert ingested["ingest"]["documents"] == 25
    assert [call[1] for call in system.tool_calls].count("ingest_documents") == 1  # the second batch never went
