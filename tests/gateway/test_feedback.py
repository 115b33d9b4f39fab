"""`POST /v1/feedback` judges an answer: kept with its request record, only by the key that asked (or an admin),
and added to the trace as a span linked to the answer's, carrying a `gen_ai.evaluation.result` event."""

from pathlib import Path

import httpx
import pytest

from evals.harness.otlp import OtlpReceiver
from gateway.governance.settings import GovernanceSettings
from gateway.settings import GatewaySettings
from gateway.usage.store import UsageStore
from tests.support.fake_system import FakeSystem, client, fake_app

ALICE, BOB, ROOT = "alice-key-0123456789abcdef", "bob-key-0123456789abcdefgh", "root-key-0123456789abcdefg"
KEYS = GatewaySettings.model_validate(
    {
        "api_keys": {
            ALICE: {"name": "alice", "grants": ["agent:*"]},
            BOB: {"name": "bob", "grants": ["agent:*"]},
            ROOT: {"name": "root"},  # no grants listed: the bootstrap admin
        }
    }
)


async def _feedback(store_dir: Path, trace_id: str) -> list[dict[str, object]]:
    store = await UsageStore.open(GovernanceSettings(data_dir=store_dir).usage_url())
    try:
        return await store.feedback(trace_id)
    finally:
        await store.close()


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_only_the_key_that_asked_or_an_admin_may_judge_an_answer_and_each_judgement_is_kept(
    tmp_path: Path,
) -> None:
    async with fake_app(FakeSystem(), settings=KEYS, data_dir=tmp_path) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob, client(app, key=ROOT) as root:
            trace_id = (await alice.post("/v1/ask", json={"question": "How many invoices?"})).json()["trace_id"]
            judged = {"trace_id": trace_id, "rating": -1, "comment": "It counted 2009 too", "corrected_answer": "83"}

            by_bob = await bob.post("/v1/feedback", json=judged)
            unknown = await alice.post("/v1/feedback", json={**judged, "trace_id": "0" * 32})
            by_alice = await alice.post("/v1/feedback", json=judged)
            by_root = await root.post("/v1/feedback", json={"trace_id": trace_id, "rating": 1})
            not_an_answer = (await alice.get("/v1/collections")).headers["traceparent"].split("-")[1]
            on_a_listing = await alice.post("/v1/feedback", json={"trace_id": not_an_answer, "rating": 1})
            bad_rating = await alice.post("/v1/feedback", json={**judged, "rating": 5})

    for refused in (by_bob, unknown, on_a_listing):
        assert refused.status_code == 404, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert "no answer with trace_id" in refused.json()["detail"]
    assert bad_rating.status_code == 422 and "rating" in bad_rating.text
    assert by_alice.status_code == 201, by_alice.text
    assert {k: by_alice.json()[k] for k in ("trace_id", "rating", "label")} == {
        "trace_id": trace_id,
        "rating": -1,
        "label": "negative",
    }
    assert by_root.status_code == 201 and by_root.json()["label"] == "positive"
    kept = await _feedback(tmp_path, trace_id)
    assert [(row["principal"], row["rating"], row["comment"], row["corrected_answer"]) for row in kept] == [
        ("alice", -1, "It counted 2009 too", "83"),
        ("root", 1, None, None),
    ]
    assert kept[0]["feedback_trace_id"] == by_alice.json()["feedback_trace_id"]


def test_feedback_reaches_the_trace_as_an_evaluation_event_on_a_span_linked_to_the_answer(
    gateway_url: str, otlp_receiver: OtlpReceiver
) -> None:
    answer = httpx.post(f"{gateway_url}/v1/ask", json={"question": "How many invoices are there?"}, timeout=60)
    assert answer.status_code == 200, answer.text
    trace_id, root_span_id = answer.json()["traceparent"].split("-")[1:3]
    given = httpx.post(
        f"{gateway_url}/v1/feedback",
        json={"trace_id": trace_id, "rating": 1, "comment": "Right, and quick"},
        timeout=30,
    )
    assert given.status_code == 201, given.text
    feedback_trace = given.json()["feedback_trace_id"]
    assert feedback_trace and feedback_trace != trace_id

    def evaluated(spans: list) -> bool:
        return any(span.name == "evaluate relayboard.user_feedback" for span in spans)

    (span,) = [s for s in otlp_receiver.wait_for(feedback_trace, evaluated) if s.name.startswith("evaluate ")]
    assert span.links == [(trace_id, root_span_id)]
    assert span.attributes["relayboard.evaluation.trace_id"] == trace_id
    assert span.events == ["gen_ai.evaluation.result"]
    assert span.event_attributes == [
        {
            "gen_ai.evaluation.name": "relayboard.user_feedback",
            "gen_ai.evaluation.score.value": 1.0,
            "gen_ai.evaluation.score.label": "positive",
            "gen_ai.evaluation.explanation": "Right, and quick",
        }
    ]
    # The link names a span that exists: the answer's root span, in the answer's trace.
    otlp_receiver.wait_for(trace_id, lambda spans: any(s.span_id == root_span_id for s in spans))


@pytest.mark.usefixtures("sdk_tracer_provider")
async def test_an_answer_a_job_gave_can_be_judged_by_the_key_that_submitted_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAYBOARD_DATA_DIR", str(tmp_path))  # the job database
    async with fake_app(FakeSystem(), settings=KEYS, data_dir=tmp_path) as app:
        async with client(app, key=ALICE) as alice, client(app, key=BOB) as bob:
            batch = {"kind": "batch", "questions": [{"question": "How many invoices?"}, {"question": "And tracks?"}]}
            job = (await alice.post("/v1/jobs", json=batch)).json()
            async with alice.stream("GET", job["events_url"]) as events:  # it ends when the job has finished
                assert "event: job" in [line async for line in events.aiter_lines()]
            results = (await alice.get(job["status_url"])).json()["results"]
            trace_ids = [result["answer"]["trace_id"] for result in results]
            by_alice = [await alice.post("/v1/feedback", json={"trace_id": t, "rating": 1}) for t in trace_ids]
            by_bob = await bob.post("/v1/feedback", json={"trace_id": trace_ids[0], "rating": -1})

    assert [response.status_code for response in by_alice] == [201, 201], [r.text for r in by_alice]
    assert by_bob.status_code == 404
    assert [len(await _feedback(tmp_path, trace_id)) for trace_id in trace_ids] == [1, 1]
