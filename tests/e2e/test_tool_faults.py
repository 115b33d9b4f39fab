"""Whose fault a failed tool call is decides the answer: our bugs are 5xx with a trace id and no internals,
another server's refusal is that server's account, never blamed on the caller as a 400."""

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from evals.harness.otlp import OtlpReceiver
from evals.harness.processes import REPO, serving_gateway, system_environment
from tests.conftest import _copy_data_dir, tracing_env
from tests.support.faulty_mcp import SECRET

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def faulty_gateway_url(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, otlp_receiver: OtlpReceiver
) -> Iterator[str]:
    """The gateway with two more servers for the SQL agent, whose tools replace ours of the same name."""
    data_dir = _copy_data_dir(demo_data_dir, tmp_path_factory, "gateway-faulty")

    def server(kind: str) -> dict[str, object]:
        args = ["-m", "tests.support.faulty_mcp", kind]
        return {"agent": "sql", "command": sys.executable, "args": args, "env": {"PYTHONPATH": str(REPO)}}

    external = {"faulty-ours": server("ours"), "faulty-theirs": server("theirs")}
    env = system_environment(data_dir, RELAYBOARD_MCP_SERVERS=json.dumps(external), **tracing_env(otlp_receiver))
    with serving_gateway(env, data_dir / "gateway.log") as url:
        yield url


def test_a_bug_in_a_tool_is_a_500_problem_with_the_trace_id_and_no_internals(
    faulty_gateway_url: str, otlp_receiver
) -> None:
    response = httpx.post(f"{faulty_gateway_url}/v1/ask", json={"question": "Which tables are there?"}, timeout=60)

    assert response.status_code == 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Internal error"
    assert body["detail"] == "an internal error happened; the server log has the details under this trace_id"
    # The trace it names is the request's, down to the failed call in the faulty server.
    # Spans reach the receiver in batches as they end: wait for the root too, which ends after the failed call.
    wanted = {"MCP send tools/call list_tables", "relayboard.request"}
    spans = otlp_receiver.wait_for(body["trace_id"], lambda s: wanted <= {x.name for x in s})
    assert wanted <= {span.name for span in spans}
    assert SECRET not in response.text and "RuntimeError" not in response.text


def test_a_bug_in_a_tool_ends_a_stream_with_an_error_event_naming_the_trace(faulty_gateway_url: str) -> None:
    with httpx.stream(
        "POST", f"{faulty_gateway_url}/v1/ask/stream", json={"question": "Which tables are there?"}, timeout=60
    ) as response:
        text = response.read().decode()
        trace_id = response.headers["traceparent"].split("-")[1]
    error = json.loads(text.split("event: error\ndata: ")[1].split("\n")[0])
    assert error == {
        "status": 500,
        "title": "Internal error",
        "detail": "an internal error happened; the server log has the details under this trace_id",
        "trace_id": trace_id,
    }
    assert SECRET not in text


def test_another_servers_refusal_is_the_agents_declined_answer_in_that_servers_words(faulty_gateway_url: str) -> None:
    response = httpx.post(f"{faulty_gateway_url}/v1/ask", json={"question": "Describe the table Invoice"}, timeout=60)

    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["routes"] == ["sql"] and answer["found"] is False
    assert "the tool `describe_table` failed: the vendor quota is exhausted" in answer["answer"]
