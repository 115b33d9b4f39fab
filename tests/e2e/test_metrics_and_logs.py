"""Metrics an operator can scrape (Prometheus) and receive (OTLP), and logs a collector can parse: a real gateway
process with keys, its MCP servers and two faulty ones, under traffic."""

import json
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from evals.harness.otlp import MetricPoint, OtlpReceiver
from evals.harness.processes import REPO, serving_gateway, system_environment
from tests.conftest import tracing_env

pytestmark = pytest.mark.e2e

KEY = "metrics-test-key-0123456789abcdef"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture(scope="module")
def gateway(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, otlp_receiver: OtlpReceiver
) -> Iterator[tuple[str, Path]]:
    """(url, log file) of a gateway whose key belongs to "ops-tester", with a buggy SQL tool server beside ours."""
    data_dir = tmp_path_factory.mktemp("gateway-metrics") / "data"
    shutil.copytree(demo_data_dir, data_dir)
    faulty = {
        "agent": "sql",
        "command": sys.executable,
        "args": ["-m", "tests.support.faulty_mcp", "ours"],
        "env": {"PYTHONPATH": str(REPO)},
    }
    env = system_environment(
        data_dir,
        RELAYBOARD_API_KEYS=json.dumps({KEY: {"name": "ops-tester"}}),
        RELAYBOARD_MCP_SERVERS=json.dumps({"faulty-ours": faulty}),
        **tracing_env(otlp_receiver),
    )
    log = data_dir / "gateway.log"
    with serving_gateway(env, log) as url:
        yield url, log


def ask(url: str, question: str) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/ask", json={"question": question}, headers={"authorization": f"Bearer {KEY}"}, timeout=60
    )


def scrape(url: str) -> Samples:
    response = httpx.get(f"{url}/metrics", timeout=10)  # no key: scrapers, like probes, need none
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of the samples called `name` whose labels include `labels` (0 when there is none)."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= have)


def test_metrics_count_requests_agents_and_tools_by_route_status_server_and_tool(gateway: tuple[str, Path]) -> None:
    url, _ = gateway
    before = scrape(url)

    answers = [ask(url, "How are search results ranked?") for _ in range(3)]
    failed = ask(url, "Which tables are there?")  # the faulty server's list_tables has a bug: a 500
    invalid = ask(url, "")
    refused = httpx.post(f"{url}/v1/ask", json={"question": "Hello?"}, timeout=10)  # no key
    after = scrape(url)

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert (failed.status_code, invalid.status_code, refused.status_code) == (500, 422, 401)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "http_server_request_duration_seconds_count"
    assert grew(requests, http_route="/v1/ask", http_response_status_code="200") == 3
    assert grew(requests, http_route="/v1/ask", http_response_status_code="500", error_type="500") == 1
    assert grew(requests, http_route="/v1/ask", http_response_status_code="422") == 1
    assert grew(requests, http_response_status_code="401") == 1
    assert grew("http_server_request_duration_seconds_bucket", http_route="/v1/ask", le="+Inf") == 5

    tools = "gen_ai_execute_tool_duration_seconds_count"
    assert grew(tools, gen_ai_tool_name="search_documents", relayboard_mcp_server="relayboard-retrieval") >= 3
    assert (
        grew(tools, gen_ai_tool_name="list_tables", relayboard_mcp_server="faulty-ours", error_type="InternalFault")
        == 1
    )
    assert grew("gen_ai_invoke_agent_duration_seconds_count", gen_ai_agent_name="retrieval") >= 3
    assert grew("gen_ai_invoke_agent_duration_seconds_count", gen_ai_agent_name="supervisor") == 4

    for server in ("relayboard-retrieval", "relayboard-sql", "relayboard-summarise", "faulty-ours"):
        assert value(after, "relayboard_mcp_server_up", relayboard_mcp_server=server) == 1, server
    assert value(after, "relayboard_job_queue_depth", relayboard_job_status="queued") == 0
    assert any(name == "relayboard_job_queue_oldest_age_seconds" for name, _ in after)
    # Probes and scrapes are not requests an operator wants counted.
    assert value(after, requests, http_route="/readyz") == 0 and value(after, requests, http_route="/metrics") == 0


def test_metrics_reach_an_otlp_collector_with_the_service_named(
    gateway: tuple[str, Path], otlp_receiver: OtlpReceiver
) -> None:
    url, _ = gateway
    assert ask(url, "How are search results ranked?").status_code == 200

    def arrived(points: list[MetricPoint]) -> bool:
        names = {(p.service, p.name) for p in points}
        return {
            ("relayboard-gateway", "http.server.request.duration"),
            ("relayboard-gateway", "gen_ai.execute_tool.duration"),
            ("relayboard-gateway", "gen_ai.invoke_agent.duration"),
            ("relayboard-gateway", "relayboard.mcp.server.up"),
        } <= names

    points = otlp_receiver.wait_for_points(arrived)
    requests = [
        p for p in points if p.name == "http.server.request.duration" and p.attributes.get("http.route") == "/v1/ask"
    ]
    assert requests and all(p.unit == "s" and p.count >= 1 for p in requests)
    assert {p.attributes["http.response.status_code"] for p in requests} >= {200}
    tools = [p for p in points if p.name == "gen_ai.execute_tool.duration"]
    assert {(p.attributes["gen_ai.tool.name"], p.attributes["relayboard.mcp.server"]) for p in tools} >= {
        ("search_documents", "relayboard-retrieval")
    }


def log_lines(log: Path) -> list[dict[str, object]]:
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        record = json.loads(line)  # every line is one JSON object: stderr is not a terminal here
        assert {"time", "level", "logger", "message", "service", "trace_id", "span_id"} <= set(record), line
        parsed.append(record)
    return parsed


def logged_after(
    log: Path, wanted: Callable[[dict[str, object]], bool], timeout_s: float = 15
) -> list[dict[str, object]]:
    """The log's records once one is `wanted`: a request's line is written after its answer is sent."""
    deadline = time.monotonic() + timeout_s
    while True:
        records = log_lines(log)
        if any(wanted(record) for record in records) or time.monotonic() > deadline:
            return records
        time.sleep(0.1)


def test_logs_are_json_lines_naming_the_trace_and_the_principal_without_client_chatter(
    gateway: tuple[str, Path],
) -> None:
    url, log = gateway
    response = ask(url, "How are search results ranked?")
    trace_id = response.headers["traceparent"].split("-")[1]

    records = logged_after(log, lambda r: r["logger"] == "gateway.requests" and r["trace_id"] == trace_id)
    request_lines = [r for r in records if r["logger"] == "gateway.requests" and r["trace_id"] == trace_id]
    assert len(request_lines) == 1, request_lines
    line = request_lines[0]
    assert line["principal"] == "ops-tester" and KEY not in json.dumps(records)
    assert (line["http.route"], line["http.response.status_code"], line["service"]) == ("/v1/ask", 200, "gateway")
    assert isinstance(line["span_id"], str) and len(line["span_id"]) == 16
    # No line per HTTP call of the MCP client, nor the MCP SDK's per-request INFO lines.
    chatty = ("httpx", "httpcore", "mcp", "fastmcp")
    assert not [r for r in records if str(r["logger"]).split(".")[0] in chatty]


def test_a_5xx_logs_one_traceback_under_its_trace_id(gateway: tuple[str, Path]) -> None:
    url, log = gateway
    response = ask(url, "Which tables are there?")
    assert response.status_code == 500
    trace_id = response.json()["trace_id"]

    records = logged_after(log, lambda r: r["logger"] == "gateway.requests" and r["trace_id"] == trace_id)
    # The faulty server is a stdio server the deployer added: its lines go to its own log, not the gateway's.
    server_log = log.parent / "logs" / "mcp-external-faulty-ours.log"
    mentioning = [
        r for r in records + log_lines(server_log) if r["trace_id"] == trace_id or trace_id in str(r["message"])
    ]
    with_traceback = [r for r in mentioning if "exc_info" in r]
    assert len(with_traceback) == 1, with_traceback  # one JSON line, in the process where it was raised
    assert with_traceback[0]["service"] != "gateway"
    assert [r["level"] for r in mentioning if r["logger"] == "gateway.requests"] == ["WARNING"]


def test_mcp_servers_over_http_log_the_same_json_lines_without_a_line_per_call(
    http_gateway_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    response = httpx.post(f"{http_gateway_url}/v1/ask", json={"question": "How are search results ranked?"}, timeout=60)
    assert response.status_code == 200

    # The `http_gateway_url` stack's retrieval server (pytest also links its folder as gateway-httpcurrent).
    logs = {path.resolve() for path in tmp_path_factory.getbasetemp().glob("gateway-http*/data/mcp-retrieval.log")}
    assert len(logs) == 1, logs
    (log,) = logs
    records = log_lines(log)
    assert records and {r["service"] for r in records} == {"mcp-retrieval"}
    assert not [r for r in records if r["logger"] == "uvicorn.access" or "POST /mcp" in str(r["message"])]


def test_unmatched_paths_add_no_metric_series_per_path_and_no_raw_path_as_http_route(
    gateway: tuple[str, Path], otlp_receiver: OtlpReceiver
) -> None:
    url, log = gateway

    def not_found(count: int) -> list[str]:
        traces = []
        for _ in range(count):
            path = f"/no-such-path-{uuid.uuid4().hex}"
            refused = httpx.get(f"{url}{path}", headers={"authorization": f"Bearer {KEY}"}, timeout=10)
            assert refused.status_code == 404
            traces.append(refused.headers["traceparent"].split("-")[1])
        return traces

    not_found(1)  # the series an unmatched path adds at all, once
    before = scrape(url)
    traces = not_found(10)
    after = scrape(url)

    assert set(after) == set(before)  # one series per path would be 10 new ones per metric
    assert not [labels for _, labels in after if any("no-such-path" in value for _, value in labels)]
    servers = otlp_receiver.spans_when(lambda span: span.trace_id in traces and span.parent_id is None)
    assert servers and not [s for s in servers if "no-such-path" in str(s.attributes.get("http.route", ""))]
    records = logged_after(log, lambda r: r["logger"] == "gateway.requests" and r["trace_id"] == traces[-1])
    lines = [r for r in records if r["logger"] == "gateway.requests" and r["trace_id"] in traces]
    assert len(lines) == len(traces)
    assert all("http.route" not in line for line in lines), lines  # no route matched: none is named
