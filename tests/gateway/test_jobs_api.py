"""The job API in process: submit (202 + Location), poll, follow as server-sent events, resume them, cancel,
owned by the key that submitted, and every mistake a clear problem. The agent system is a fake at its seam;
the job store, queue and workers are the real ones (SQLite under a temporary data directory).
Durability (kill -9, a second gateway) needs real processes: tests/e2e/test_jobs.py."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from agents.contracts import ANONYMOUS, Principal
from gateway.settings import GatewaySettings
from tests.support.fake_system import FakeSystem, client, fake_app
from tests.support.sse import sse_events
from tools.errors import NotFound

TEAM_A, TEAM_B = "key-of-team-a-0123456789", "key-of-team-b-0123456789"
KEYED = GatewaySettings.model_validate({"api_keys": {TEAM_A: {"name": "team-a"}, TEAM_B: {"name": "team-b"}}})
ASK_EVENTS = ["route", "tool_call", "tool_result", "final"]  # what the fake's run yields, per question


class JobSystem(FakeSystem):
    """The fake system, with collections that exist (`notes`) and an ingest that reports what it indexed."""

    async def call_tool(
        self, agent: str, tool: str, arguments: dict[str, Any], *, principal: Principal = ANONYMOUS
    ) -> dict[str, Any]:
        answer = await super().call_tool(agent, tool, arguments, principal=principal)
        if tool == "describe_collection" and arguments["name"] != "notes":
            raise NotFound(f"no collection {arguments['name']!r}")
        if tool == "ingest_documents":
            documents = len(arguments["documents"])
            return {"documents": documents, "chunks": 2 * documents, "failures": []}
        return answer


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))  # the job database: jobs.sqlite here
    return tmp_path


@asynccontextmanager
async def gateway(system: JobSystem) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app around `system`, started and stopped in the test's own task (a fixture's teardown
    runs in another, which anyio's cancel scopes refuse)."""
    async with fake_app(system) as app, client(app) as caller:
        yield caller


def batch(count: int) -> dict[str, Any]:
    return {"kind": "batch", "questions": [{"question": f"question {i}"} for i in range(count)]}


async def events_of(api: httpx.AsyncClient, url: str, **headers: str) -> list[tuple[str, dict[str, Any]]]:
    """The job's events to the end of the stream (it ends once the job has finished: the bounded wait)."""
    response = await api.get(url, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    return sse_events(response.text.splitlines())


async def test_a_batch_job_is_accepted_followed_as_events_and_answers_every_question() -> None:
    async with gateway(JobSystem()) as api:
        accepted = await api.post("/v1/jobs", json=batch(2))
        assert accepted.status_code == 202
        job = accepted.json()
        assert accepted.headers["location"] == job["status_url"] == f"/v1/jobs/{job['id']}"
        assert job["events_url"] == f"/v1/jobs/{job['id']}/events"
        assert (job["kind"], job["status"], job["total"], job["done"], job["results"]) == ("batch", "queued", 2, 0, [])

        events = await events_of(api, job["events_url"])
        assert [(name, data.get("item")) for name, data in events] == [
            *((name, 0) for name in ASK_EVENTS),
            *((name, 1) for name in ASK_EVENTS),
            ("job", None),
        ]
        assert events[-1][1] == {"status": "succeeded", "error": None}

        done = (await api.get(job["status_url"])).json()
        assert (done["kind"], done["status"], done["done"], done["attempts"], done["error"]) == (
            "batch",
            "succeeded",
            2,
            1,
            None,
        )
        assert done["started_at"] <= done["finished_at"]
        assert [(r["item"], r["answer"]["answer"], r["error"]) for r in done["results"]] == [
            (0, "You asked: question 0", None),
            (1, "You asked: question 1", None),
        ]
        finals = [data["trace_id"] for name, data in events if name == "final"]
        assert finals == [r["answer"]["trace_id"] for r in done["results"]]


async def test_a_job_of_one_question_is_an_ask_job_and_stays_one() -> None:
    async with gateway(JobSystem()) as api:
        accepted = (await api.post("/v1/jobs", json={"kind": "ask", "question": "once"})).json()
        await events_of(api, accepted["events_url"])
        done = (await api.get(accepted["status_url"])).json()
    assert (accepted["kind"], done["kind"], done["status"], len(done["results"])) == ("ask", "ask", "succeeded", 1)


async def test_events_resume_after_the_last_event_id_a_client_saw() -> None:
    async with gateway(JobSystem()) as api:
        location = (await api.post("/v1/jobs", json={"kind": "ask", "question": "once"})).headers["location"]
        everything = await api.get(f"{location}/events")
        ids = [int(line.removeprefix("id: ")) for line in everything.text.splitlines() if line.startswith("id: ")]
        assert len(ids) == len(ASK_EVENTS) + 1 and ids == sorted(ids)

        rest = await events_of(api, f"{location}/events", **{"last-event-id": str(ids[1])})
        assert [name for name, _ in rest] == [*ASK_EVENTS[2:], "job"]


async def test_an_ingest_job_reports_its_progress_per_batch_of_25() -> None:
    async with gateway(JobSystem()) as api:
        documents = [{"id": f"n{i}", "text": f"Note {i} is filed.", "format": "text"} for i in range(30)]
        accepted = await api.post("/v1/jobs", json={"kind": "ingest", "collection": "notes", "documents": documents})
        assert accepted.status_code == 202 and accepted.json()["ingest"] == {
            "collection": "notes",
            "documents": 0,
            "chunks": 0,
            "failures": [],
        }

        events = await events_of(api, accepted.json()["events_url"])
        assert [(name, data.get("done")) for name, data in events] == [
            ("progress", 25),
            ("progress", 30),
            ("job", None),
        ]
        ingested = (await api.get(accepted.headers["location"])).json()
        assert (ingested["status"], ingested["done"], ingested["total"], ingested["results"]) == (
            "succeeded",
            30,
            30,
            None,
        )
        assert ingested["ingest"] == {"collection": "notes", "documents": 30, "chunks": 60, "failures": []}


async def test_a_cancelled_job_stops_its_work_and_keeps_what_it_recorded() -> None:
    system = JobSystem()
    async with gateway(system) as api:
        system.holds["ask"] = asyncio.Event()  # never set: the first question runs until it is cancelled
        location = (await api.post("/v1/jobs", json=batch(2))).headers["location"]
        assert await asyncio.wait_for(system.started.get(), 10) == "ask"

        cancelled = await api.delete(location)
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        await asyncio.wait_for(system.cancelled.wait(), 10)  # the question in flight was stopped, not left running
        events = await events_of(api, f"{location}/events")  # ends: the job has finished
        assert events[-1] == ("job", {"status": "cancelled", "error": None})
        later = (await api.get(location)).json()
        assert (later["status"], later["done"], later["results"]) == ("cancelled", 0, [])
        assert later["finished_at"] is not None

        again = await api.delete(location)  # a finished job is left as it is
        assert again.status_code == 200 and again.json()["finished_at"] == later["finished_at"]


async def test_a_job_is_seen_only_with_the_key_that_submitted_it() -> None:
    async with fake_app(JobSystem(), settings=KEYED) as app, client(app, key=TEAM_A) as team_a:
        async with client(app, key=TEAM_B) as team_b:
            location = (await team_a.post("/v1/jobs", json={"kind": "ask", "question": "mine"})).headers["location"]
            for method in ("GET", "DELETE"):
                foreign = await team_b.request(method, location)
                assert foreign.status_code == 404, foreign.text  # the same answer as no job: ids are not revealed
                assert foreign.headers["content-type"] == "application/problem+json"
            assert (await team_b.get(f"{location}/events")).status_code == 404
            assert (await events_of(team_a, f"{location}/events"))[-1][1]["status"] == "succeeded"


@pytest.mark.parametrize(
    ("body", "status", "mentions"),
    [
        # A 422 as the schema's `maxItems` says, not a 400.
        (batch(101), 422, "`questions`: the batch has 101 questions; the limit is 100 (RELAYBOARD_JOBS_MAX_BATCH)"),
        ({"kind": "batch", "questions": []}, 422, "questions"),
        ({"kind": "ask", "question": "\xa0\u3000"}, 422, "`ask.question` must not be empty"),
        ({"kind": "batch", "questions": [{"question": "\x1f"}]}, 422, "`batch.questions.0.question` must not be"),
        ({"kind": "ingest", "collection": "nope", "documents": [{"id": "a", "text": "x"}]}, 404, "'nope'"),
        ({"kind": "report"}, 422, "kind"),
    ],
)
async def test_job_mistakes_are_clear_problems(body: dict[str, Any], status: int, mentions: str) -> None:
    async with gateway(JobSystem()) as api:
        response = await api.post("/v1/jobs", json=body)
        assert response.status_code == status and response.headers["content-type"] == "application/problem+json"
        assert mentions in response.json()["detail"]


async def test_the_batch_limit_is_advertised_and_a_batch_of_that_many_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAYBOARD_JOBS_MAX_BATCH", "3")
    async with gateway(JobSystem()) as api:
        document = (await api.get("/openapi.json")).json()
        taken, refused = [(await api.post("/v1/jobs", json=batch(count))).status_code for count in (3, 4)]
    assert document["components"]["schemas"]["BatchJob"]["properties"]["questions"]["maxItems"] == 3
    assert (taken, refused) == (202, 422)


async def test_a_batch_with_one_question_over_the_length_limit_names_that_question() -> None:
    async with fake_app(JobSystem(), settings=GatewaySettings(max_question_chars=20)) as app, client(app) as api:
        body = {"kind": "batch", "questions": [{"question": "short"}, {"question": "x" * 21}]}
        response = await api.post("/v1/jobs", json=body)
        assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "question 1 has 21 characters; the limit is 20"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/jobs/no-such-job"), ("DELETE", "/v1/jobs/no-such-job"), ("GET", "/v1/jobs/no-such-job/events")],
)
async def test_an_unknown_job_id_is_a_404_naming_it(method: str, path: str) -> None:
    async with gateway(JobSystem()) as api:
        missing = await api.request(method, path)
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
        assert "no job 'no-such-job': check the id returned when it was submitted" in missing.json()["detail"]
