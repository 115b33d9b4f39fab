"""One request is one trace, with the MLflow/OpenInference hierarchy, across the MCP hop (stdio and HTTP)."""

import httpx
import pytest

from evals.harness.otlp import SpanRecord
from observability.kinds import MLFLOW_SPAN_TYPE_ATTRIBUTE, OPERATION_ATTRIBUTE, SPAN_KIND_ATTRIBUTE

pytestmark = pytest.mark.e2e


def one(spans: list[SpanRecord], name: str, service: str | None = None) -> SpanRecord:
    found = [s for s in spans if s.name == name and (service is None or s.service == service)]
    assert len(found) == 1, f"expected one {name!r} span, got {[f'{s.service}:{s.name}' for s in spans]}"
    return found[0]


def complete(spans: list[SpanRecord]) -> bool:
    names = {(s.service, s.name) for s in spans}
    return {
        ("relayboard-gateway", "relayboard.request"),
        ("relayboard-mcp-retrieval", "retrieve"),
        ("relayboard-mcp-retrieval", "tools/call search_documents"),
    } <= names


def assert_retrieval_trace(spans: list[SpanRecord]) -> None:
    root = one(spans, "relayboard.request")
    supervisor = one(spans, "invoke_agent supervisor")
    agent = one(spans, "invoke_agent retrieval")
    client = one(spans, "MCP send tools/call search_documents", "relayboard-gateway")
    server = one(spans, "tools/call search_documents", "relayboard-mcp-retrieval")
    retriever = one(spans, "retrieve", "relayboard-mcp-retrieval")
    embeddings = [s for s in spans if s.name == "embeddings" and s.service == "relayboard-mcp-retrieval"]

    assert root.parent_id is None
    assert supervisor.parent_id == root.span_id
    assert agent.parent_id == supervisor.span_id
    assert client.parent_id == agent.span_id
    assert server.parent_id == client.span_id  # the W3C context crossed the MCP hop in params._meta
    assert retriever.parent_id == server.span_id
    assert embeddings and all(e.parent_id == retriever.span_id for e in embeddings)

    kinds = {
        span.name: span.attributes[SPAN_KIND_ATTRIBUTE]
        for span in (root, supervisor, agent, client, server, retriever, embeddings[0])
    }
    assert kinds == {
        "relayboard.request": "CHAIN",
        "invoke_agent supervisor": "AGENT",
        "invoke_agent retrieval": "AGENT",
        "MCP send tools/call search_documents": "TOOL",
        "tools/call search_documents": "TOOL",
        "retrieve": "RETRIEVER",
        "embeddings": "EMBEDDING",
    }
    for span in spans:
        assert {SPAN_KIND_ATTRIBUTE, MLFLOW_SPAN_TYPE_ATTRIBUTE, OPERATION_ATTRIBUTE} <= set(span.attributes), span


@pytest.mark.parametrize("stack", ["gateway_url", "http_gateway_url"], ids=["stdio", "streamable-http"])
def test_a_request_is_one_trace_across_the_mcp_hop(stack: str, request: pytest.FixtureRequest, otlp_receiver) -> None:  # type: ignore[no-untyped-def]
    url = request.getfixturevalue(stack)
    response = httpx.post(f"{url}/v1/ask", json={"question": "How are search results ranked?"}, timeout=60)
    assert response.status_code == 200
    trace_id = response.json()["trace_id"]
    assert_retrieval_trace(otlp_receiver.wait_for(trace_id, complete))


def test_a_callers_traceparent_makes_the_request_part_of_its_trace(gateway_url: str, otlp_receiver) -> None:  # type: ignore[no-untyped-def]
    caller_trace, caller_span = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    response = httpx.post(
        f"{gateway_url}/v1/ask",
        json={"question": "How many invoices were issued in 2008?"},
        headers={"traceparent": f"00-{caller_trace}-{caller_span}-01"},
        timeout=60,
    )
    assert response.json()["trace_id"] == caller_trace
    spans = otlp_receiver.wait_for(caller_trace, lambda s: any(x.name == "relayboard.request" for x in s))
    assert one(spans, "relayboard.request").parent_id == caller_span
