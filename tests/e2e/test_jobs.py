"""Durable jobs over HTTP with the real agent system: a batch followed as events, a question and an ingest run to
completion, one job completed once after a kill -9 of the gateway, and by another gateway sharing the job
database. Cancelling, ownership and mistakes need no real process: tests/gateway/test_jobs_api.py."""

import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.harness.processes import free_port, running, system_environment, wait_until
from tests.support.sse import sse_events

pytestmark = pytest.mark.e2e
QUESTION = "How many invoices in 2010?"  # the curated query: 82 invoices
KEY_A, KEY_B = "key-of-team-a-0123456789", "key-of-team-b-0123456789"
KEYS = json.dumps({KEY_A: {"name": "team-a"}, KEY_B: {"name": "team-b"}})


def batch(count: int) -> dict[str, Any]:
    return {"kind": "batch", "questions": [{"question": QUESTION} for _ in range(count)]}


def job_of(client: httpx.Client, location: str) -> dict[str, Any]:
    response = client.get(location)
    assert response.status_code == 200, response.text
    return response.json()


def finished(client: httpx.Client, location: str, *, timeout: float = 180) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def done() -> bool:
        seen.update(job_of(client, location))
        return seen["status"] not in {"queued", "running"}

    wait_until(done, timeout=timeout, what=f"{location} finished")
    return seen


def events_of(client: httpx.Client, url: str) -> list[tuple[str, dict[str, Any]]]:
    with client.stream("GET", url) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        return sse_events(response.iter_lines())


def test_a_batch_job_is_accepted_followed_as_ask_stream_events_and_answers_every_question(gateway_url: str) -> None:
    with httpx.Client(base_url=gateway_url, timeout=60) as client:
        accepted = client.post("/v1/jobs", json=batch(2))
        assert accepted.status_code == 202
        job = accepted.json()
        assert accepted.headers["location"] == job["status_url"] == f"/v1/jobs/{job['id']}"
        assert (job["status"], job["total"], job["kind"]) == ("queued", 2, "batch")

        events = events_of(client, job["events_url"])
        names = [name for name, _ in events]
        for item in (0, 1):
            mine = [name for name, data in events if data.get("item") == item]
            assert mine[0] == "route" and mine[-1] == "final"
            assert mine.index("tool_call") < mine.index("tool_result") < mine.index("delta")
        assert names[-1] == "job" and events[-1][1]["status"] == "succeeded"

        done = job_of(client, job["status_url"])
        assert (done["status"], done["done"], done["attempts"]) == ("succeeded", 2, 1)
        assert [r["item"] for r in done["results"]] == [0, 1]
        assert all(r["answer"]["sql"][0]["rows"] == [[82]] and r["error"] is None for r in done["results"])
        finals = [data["trace_id"] for name, data in events if name == "final"]
        assert finals == [r["answer"]["trace_id"] for r in done["results"]]


def test_one_question_job_and_an_ingest_job_run_to_completion(gateway_url: str) -> None:
    with httpx.Client(base_url=gateway_url, timeout=60) as client:
        one = client.post("/v1/jobs", json={"kind": "ask", "question": QUESTION})
        assert one.status_code == 202
        answered = finished(client, one.headers["location"])
        assert answered["status"] == "succeeded" and answered["results"][0]["answer"]["sql"][0]["rows"] == [[82]]

        assert client.put("/v1/collections/jobnotes", json={}).status_code == 200
        documents = [
            {"id": f"n{i}", "title": f"Note {i}", "text": f"Note {i} is filed.", "format": "text"} for i in range(30)
        ]
        ingest = client.post("/v1/jobs", json={"kind": "ingest", "collection": "jobnotes", "documents": documents})
        assert ingest.status_code == 202
        ingested = finished(client, ingest.headers["location"])
        assert ingested["status"] == "succeeded" and ingested["done"] == 30
        assert ingested["ingest"]["documents"] == 30 and ingested["results"] is None
        assert [name for name, _ in events_of(client, ingested["events_url"])] == ["progress", "progress", "job"]
        assert client.get("/v1/collections/jobnotes").json()["points"] == 30
        assert client.delete("/v1/collections/jobnotes").status_code == 200


@contextmanager
def gateway(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """A gateway process on a free port: its URL and pid (its process group: MCP servers included)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gateway.cli", "serve"]
    with running(
        command, env={**env, "RELAYBOARD_PORT": str(port)}, log=log, ready_url=f"{url}/readyz", timeout=180
    ) as process:
        yield url, process.pid


@pytest.fixture
def own_data_dir(demo_data_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_data_dir, target)
    return target


def test_a_job_accepted_before_kill_9_completes_once_after_the_restart(own_data_dir: Path) -> None:
    env = system_environment(own_data_dir, RELAYBOARD_API_KEYS=KEYS, RELAYBOARD_JOBS_LEASE_S="2")
    team_a, team_b = ({"authorization": f"Bearer {key}"} for key in (KEY_A, KEY_B))
    with gateway(env, own_data_dir / "first.log") as (url, pid):
        with httpx.Client(base_url=url, timeout=60, headers=team_a) as client:
            location = client.post("/v1/jobs", json=batch(40)).headers["location"]
            wait_until(lambda: job_of(client, location)["done"] >= 2, timeout=120, what="two answers recorded")
            before = job_of(client, location)
            assert httpx.get(f"{url}{location}", headers=team_b, timeout=30).status_code == 404  # not team b's
        os.killpg(pid, signal.SIGKILL)
    assert before["status"] == "running" and before["done"] < 40

    with gateway(env, own_data_dir / "second.log") as (url, _):
        with httpx.Client(base_url=url, timeout=60, headers=team_a) as client:
            after = finished(client, location)
    assert (after["status"], after["done"], after["attempts"]) == ("succeeded", 40, 2)
    assert [r["item"] for r in after["results"]] == list(range(40))  # each question answered, once
    assert all(r["answer"]["sql"][0]["rows"] == [[82]] for r in after["results"])
    kept = {r["item"]: r["answer"]["trace_id"] for r in before["results"]}
    assert kept == {r["item"]: r["answer"]["trace_id"] for r in after["results"] if r["item"] in kept}


@pytest.mark.postgres
@pytest.mark.slow  # in `make test-all`: keeps `make test` inside its 15 minutes
def test_a_job_accepted_by_one_gateway_is_run_by_another_sharing_postgres(
    demo_data_dir: Path, tmp_path: Path, postgres: Any
) -> None:
    dirs = [tmp_path / "a", tmp_path / "b"]  # each gateway owns its embedded store; the jobs are shared
    for data_dir in dirs:
        shutil.copytree(demo_data_dir, data_dir)
    shared = {"RELAYBOARD_DATABASE_URL": postgres.admin_url}
    accepting = system_environment(dirs[0], **shared, RELAYBOARD_JOBS_WORKERS="0")  # accepts jobs, runs none
    working = system_environment(dirs[1], **shared)
    with (
        gateway(accepting, dirs[0] / "gateway.log") as (url_a, _),
        gateway(working, dirs[1] / "gateway.log") as (
            url_b,
            _,
        ),
    ):
        with httpx.Client(base_url=url_a, timeout=60) as client_a, httpx.Client(base_url=url_b, timeout=60) as client_b:
            location = client_a.post("/v1/jobs", json=batch(3)).headers["location"]
            seen_on_a = finished(client_a, location)
            seen_on_b = job_of(client_b, location)
    assert seen_on_a["status"] == "succeeded" and seen_on_a["done"] == 3
    assert seen_on_b == seen_on_a
