"""One request is one trace with one root, in the MLflow/OpenInference hierarchy, across the MCP hop (stdio and
HTTP); failures show where they happened; probes and start-up leave no trace."""

import time

import httpx
import pytest

from evals.harness.otlp import OtlpReceiver, SpanRecord
from observability.kinds import MLFLOW_SPAN_TYPE_ATTRIBUTE, OPERATION_ATTRIBUTE, SPAN_KIND_ATTRIBUTE

pytestmark = pytest.mark.e2e

SERVER_KIND = 2  # OTLP's SPAN_KIND_SERVER
ERROR_STATUS = 2  # OTLP's STATUS_CODE_ERROR


def one(spans: list[SpanRecord], name: str, service: str | None = None) -> SpanRecord:
    found = [s for s in spans if s.name == name and (service is None or s.service == service)]
    assert len(found) == 1, f"expected one {name!r} span, got {[f'{s.service}:{s.name}' for s in spans]}"
    return found[0]


def roots(spans: list[SpanRecord]) -> list[SpanRecord]:
    ids = {s.span_id for s in spans}
    return [s for s in spans if s.parent_id not in ids]


def complete(spans: list[SpanRecord]) -> bool:
    names = {(s.service, s.name) for s in spans}
    return {
        ("relayboard-gateway", "POST /v1/ask"),
        ("relayboard-gateway", "relayboard.request"),
        ("relayboard-mcp-retrieval", "retrieve"),
        ("relayboard-mcp-retrieval", "tools/call search_documents"),
    } <= names


def assert_retrieval_trace(spans: list[SpanRecord]) -> None:
    http = one(spans, "POST /v1/ask", "relayboard-gateway")
    request = one(spans, "relayboard.request")
    supervisor = one(spans, "invoke_agent supervisor")
    agent = one(spans, "invoke_agent retrieval")
    client = one(spans, "execute_tool search_documents", "relayboard-gateway")
    transport = one(spans, "MCP send tools/call search_documents", "relayboard-gateway")
    server = one(spans, "tools/call search_documents", "relayboard-mcp-retrieval")
    retriever = one(spans, "retrieve", "relayboard-mcp-retrieval")
    embeddings = [s for s in spans if s.name == "embeddings" and s.service == "relayboard-mcp-retrieval"]

    assert roots(spans) == [http] and http.parent_id is None and http.kind == SERVER_KIND
    assert request.parent_id == http.span_id
    assert supervisor.parent_id == request.span_id
    assert agent.parent_id == supervisor.span_id
    assert client.parent_id == agent.span_id
    assert transport.parent_id == client.span_id
    assert server.parent_id == transport.span_id  # the W3C context crossed the MCP hop in params._meta
    assert retriever.parent_id == server.span_id
    assert embeddings and all(e.parent_id == retriever.span_id for e in embeddings)

    kinds = {
        span.name: span.attributes[SPAN_KIND_ATTRIBUTE]
        for span in (http, request, supervisor, agent, client, transport, server, retriever, embeddings[0])
    }
    assert kinds == {
        "POST /v1/ask": "CHAIN",
        "relayboard.request": "CHAIN",
        "invoke_agent supervisor": "AGENT",
        "invoke_agent retrieval": "AGENT",
        "execute_tool search_documents": "TOOL",
        "MCP send tools/call search_documents": "CHAIN",
        "tools/call search_documents": "TOOL",
        "retrieve": "RETRIEVER",
        "embeddings": "EMBEDDING",
    }
    for span in spans:
        assert {SPAN_KIND_ATTRIBUTE, MLFLOW_SPAN_TYPE_ATTRIBUTE, OPERATION_ATTRIBUTE} <= set(span.attributes), span

    # The tool's name, arguments and result on both sides of the hop.
    for side in (client, server):
        assert side.attributes["gen_ai.tool.name"] == "search_documents"
        assert "How are search results ranked?" in side.attributes["gen_ai.tool.call.arguments"]
        assert '"hits"' in side.attributes["gen_ai.tool.call.result"]
        # OpenInference's names for the same texts (what Phoenix shows), rendered once for both names.
        assert side.attributes["input.value"] == side.attributes["gen_ai.tool.call.arguments"]
        assert side.attributes["output.value"] == side.attributes["gen_ai.tool.call.result"]
    # Retrieved documents as OpenInference lists them (what Phoenix and MLflow show).
    count = retriever.attributes["retrieval.documents.count"]
    assert count > 0
    for i in range(count):
        assert retriever.attributes[f"retrieval.documents.{i}.document.id"]
        assert isinstance(retriever.attributes[f"retrieval.documents.{i}.document.score"], float)
        assert retriever.attributes[f"retrieval.documents.{i}.document.content"]


@pytest.mark.parametrize("stack", ["gateway_url", "http_gateway_url"], ids=["stdio", "streamable-http"])
def test_a_request_is_one_trace_with_one_root_across_the_mcp_hop(
    stack: str, request: pytest.FixtureRequest, otlp_receiver
) -> None:
    url = request.getfixturevalue(stack)
    response = httpx.post(f"{url}/v1/ask", json={"question": "How are search results ranked?"}, timeout=60)
    assert response.status_code == 200
    trace_id = response.json()["trace_id"]
    assert response.headers["traceparent"].split("-")[1] == trace_id
    assert_retrieval_trace(otlp_receiver.wait_for(trace_id, complete))


def test_a_callers_traceparent_makes_the_request_part_of_its_trace(
    gateway_url: str, otlp_receiver: OtlpReceiver
) -> None:
    caller_trace, caller_span = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    response = httpx.post(
        f"{gateway_url}/v1/ask",
        json={"question": "How many invoices were issued in 2008?"},
        headers={"traceparent": f"00-{caller_trace}-{caller_span}-01"},
        timeout=60,
    )
    assert response.json()["trace_id"] == caller_trace
    spans = otlp_receiver.wait_for(caller_trace, lambda s: any(x.name == "relayboard.request" for x in s))
    (http,) = [s for s in spans if s.parent_id == caller_span]  # one child of the caller's span, not two
    assert http.name == "POST /v1/ask"
    assert one(spans, "relayboard.request").parent_id == http.span_id


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/v1/ask", {"question": "x", "thread_id": "no-such-thread"}, 404),
        ("POST", "/v1/ask", {"no_question": True}, 422),
        ("GET", "/v1/nowhere", None, 404),
    ],
    ids=["unknown-thread", "invalid-body", "unknown-path"],
)
def test_error_responses_carry_the_traceparent_of_their_trace(
    gateway_url: str, otlp_receiver: OtlpReceiver, method: str, path: str, body: dict | None, status: int
) -> None:
    response = httpx.request(method, f"{gateway_url}{path}", json=body, timeout=30)
    assert response.status_code == status
    trace_id = response.headers["traceparent"].split("-")[1]
    (root,) = otlp_receiver.wait_for(trace_id, lambda spans: len(roots(spans)) == 1)
    assert root.kind == SERVER_KIND and root.attributes["http.response.status_code"] == status


def test_a_failed_tool_call_marks_its_path_with_the_stack_trace_only_where_raised(
    gateway_url: str, otlp_receiver
) -> None:
    response = httpx.post(f"{gateway_url}/v1/ask", json={"question": "SELECT COUNT(*) FROM Customers"}, timeout=60)
    assert response.status_code == 200  # the SQL agent answers around the failure
    spans = otlp_receiver.wait_for(
        response.json()["trace_id"], lambda s: any(x.name == "tools/call run_query" for x in s) and len(s) >= 7
    )
    failed = {s.name: s for s in spans if "error.type" in s.attributes}
    assert {
        "POST /v1/ask",
        "relayboard.request",
        "invoke_agent supervisor",
        "invoke_agent sql",
        "execute_tool run_query",
        "tools/call run_query",
    } <= set(failed), sorted(failed)
    assert (
        failed["execute_tool run_query"].attributes["error.type"] == failed["invoke_agent sql"].attributes["error.type"]
    )
    assert all(span.status == ERROR_STATUS for span in failed.values())
    # Two exceptions, each recorded once where raised: the database's in the server, ToolCallFailed in the caller.
    raised_in = sorted(f"{s.service}:{s.name}" for s in spans if "exception" in s.events)
    assert raised_in == ["relayboard-gateway:execute_tool run_query", "relayboard-mcp-sql:sql.query"]


def test_probes_and_start_up_leave_no_trace(gateway_url: str, otlp_receiver: OtlpReceiver) -> None:
    # The gateway is shared by the session, and earlier tests' MCP-edge sessions leave real `initialize` spans:
    # judge only what started in this test's window (start-up warm-ups are checked by the whole-session roots below).
    window_start = time.time_ns()
    for _ in range(3):
        assert httpx.get(f"{gateway_url}/readyz", timeout=30).status_code == 200
        assert httpx.get(f"{gateway_url}/healthz", timeout=30).status_code == 200
    # A traced request after the probes: once its spans arrived, the probes' would have too (same exporters).
    response = httpx.post(f"{gateway_url}/v1/ask", json={"question": "How are search results ranked?"}, timeout=60)
    otlp_receiver.wait_for(response.json()["trace_id"], complete)
    names = {s.name for s in otlp_receiver.spans if s.start_ns >= window_start}
    assert "relayboard.request" in names  # the window holds the request's spans, so it would hold the probes' too
    assert not names & {"GET /readyz", "GET /healthz", "MCP send ping", "ping", "initialize", "tools/list"}
    by_trace: dict[str, list[SpanRecord]] = {}
    for span in otlp_receiver.spans:
        by_trace.setdefault(span.trace_id, []).append(span)
    # Every trace is rooted in HTTP requests (start-up warm-ups leave none). A caller's own trace may hold several of
    # our requests under a parent we never see (an IDE's MCP session over the stdio proxy): each is a SERVER root.
    # A batch job's question is a trace of its own whose root follows from (links to) the submitting request.
    for trace_spans in by_trace.values():
        unlinked = {root.kind for root in roots(trace_spans) if not root.links}
        assert unlinked in ({SERVER_KIND}, set()), sorted(s.name for s in trace_spans)


def test_each_question_of_a_batch_job_is_a_trace_of_its_own_linked_to_the_submission(
    gateway_url: str, otlp_receiver: OtlpReceiver
) -> None:
    questions = ["How many invoices were issued in 2009?", "How are search results ranked?"]
    submitted = httpx.post(
        f"{gateway_url}/v1/jobs",
        json={"kind": "batch", "questions": [{"question": q} for q in questions]},
        timeout=60,
    )
    assert submitted.status_code == 202
    submission_trace, submission_span = submitted.headers["traceparent"].split("-")[1:3]
    events = httpx.get(f"{gateway_url}{submitted.json()['events_url']}", timeout=120)  # ends when the job has
    assert events.status_code == 200
    job = httpx.get(f"{gateway_url}{submitted.json()['status_url']}", timeout=30).json()
    assert job["status"] == "succeeded", job

    answer_traces = [result["answer"]["trace_id"] for result in job["results"]]
    assert len(set(answer_traces)) == len(questions) and submission_trace not in answer_traces
    for trace_id in answer_traces:
        spans = otlp_receiver.wait_for(trace_id, lambda s: any(x.name == "relayboard.request" for x in s))
        request = one(spans, "relayboard.request")
        assert roots(spans) == [request] and request.parent_id is None
        assert request.links == [(submission_trace, submission_span)]


def test_a_job_of_one_question_is_answered_in_the_submitting_requests_trace(
    gateway_url: str, otlp_receiver: OtlpReceiver
) -> None:
    submitted = httpx.post(
        f"{gateway_url}/v1/jobs", json={"kind": "ask", "question": "How many invoices were issued in 2010?"}, timeout=60
    )
    assert submitted.status_code == 202
    submission_trace = submitted.headers["traceparent"].split("-")[1]
    httpx.get(f"{gateway_url}{submitted.json()['events_url']}", timeout=120)
    job = httpx.get(f"{gateway_url}{submitted.json()['status_url']}", timeout=30).json()
    assert [result["answer"]["trace_id"] for result in job["results"]] == [submission_trace]
    spans = otlp_receiver.wait_for(submission_trace, lambda s: any(x.name == "relayboard.request" for x in s))
    assert one(spans, "relayboard.request").parent_id == one(spans, "POST /v1/jobs").span_id
