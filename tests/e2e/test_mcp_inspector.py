"""The official MCP Inspector CLI against both of the edge's transports: `relayboard mcp` over stdio and the
gateway's `/mcp` over streamable HTTP. It lists every tool typed and titled, calls each one with the demo data
(its client checks each result against the tool's outputSchema), and shows a bad argument as a plain tool error.

Inspector 0.15 has no `--strict` mode: the schemas are checked here against the JSON Schema meta-schema instead.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator

from evals.harness.processes import free_port, system_environment
from gateway.mcp_edge.settings import EDGE_TOOLS
from tests.support.inspector import Inspector, InspectorUnavailable, Outcome

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
RELAYBOARD = str(Path(sys.executable).with_name("relayboard"))
SUMMARY_TEXT = (
    "Relayboard routes each question to a retrieval, SQL or summarise agent. "
    "The agents act only through tools on MCP servers. Every answer cites its sources. "
    "Operators trace each request with OpenTelemetry."
)


@pytest.fixture(scope="module")
def inspector() -> Inspector:
    try:
        return Inspector.fetched()
    except InspectorUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(
    scope="module", params=["stdio", "http"], ids=["relayboard mcp over stdio", "/mcp over streamable HTTP"]
)
def edge(request: pytest.FixtureRequest, gateway_url: str, gateway_data_dir: Path) -> tuple[list[str], dict[str, str]]:
    """An Inspector target and the environment to run it in. Over stdio, `relayboard mcp` finds the gateway that
    holds its data dir and serves through it (as beside a running `relayboard serve`)."""
    port = urlsplit(gateway_url).port
    env = system_environment(gateway_data_dir, RELAYBOARD_PORT=str(port))
    if request.param == "stdio":
        return [RELAYBOARD, "mcp"], env
    return [f"{gateway_url}/mcp"], env


def succeeded(outcome: Outcome) -> dict:
    assert outcome.returncode == 0, outcome.stderr[-2000:]
    assert outcome.result is not None
    assert not outcome.result.get("isError"), outcome.result["content"]
    return outcome.result


def test_inspector_lists_every_tool_with_a_title_and_valid_input_and_output_schemas(
    inspector: Inspector, edge: tuple[list[str], dict[str, str]]
) -> None:
    target, env = edge
    tools = succeeded(inspector.run(target, "--method", "tools/list", env=env))["tools"]
    assert [tool["name"] for tool in tools] == list(EDGE_TOOLS)
    for tool in tools:
        assert tool["title"] and tool["description"], tool["name"]
        assert tool["outputSchema"]["type"] == "object" and tool["outputSchema"]["properties"], tool["name"]
        Draft202012Validator.check_schema(tool["inputSchema"])
        Draft202012Validator.check_schema(tool["outputSchema"])


def test_inspector_calls_every_tool_and_each_result_matches_its_output_schema(
    inspector: Inspector, edge: tuple[list[str], dict[str, str]]
) -> None:
    target, env = edge

    def call(tool: str, **arguments: str) -> dict:
        return succeeded(inspector.call(target, tool, env=env, **arguments))["structuredContent"]

    found = call("search_documents", query="how are requests traced", limit="2")
    doc_id = found["hits"][0]["doc_id"]
    results = {
        "search_documents": found,
        "get_document": call("get_document", doc_id=doc_id),
        "list_collections": call("list_collections"),
        "run_sql": call("run_sql", sql="SELECT COUNT(*) AS n FROM Customer"),
        "list_tables": call("list_tables"),
        "describe_table": call("describe_table", table="Customer"),
        "search_schema": call("search_schema", query="sales by country", limit="3"),
        "summarise": call("summarise", text=SUMMARY_TEXT, max_sentences="2"),
        "ask": call("ask", question="How many customers are there?"),
    }
    assert set(results) == set(EDGE_TOOLS)
    assert results["get_document"]["doc_id"] == doc_id
    assert "docs" in {c["name"] for c in results["list_collections"]["collections"]}
    assert results["run_sql"]["rows"] == [[59]]
    assert "Customer" in results["list_tables"]["tables"]
    assert results["describe_table"]["row_count"] == 59
    assert len(results["search_schema"]["hits"]) == 3
    assert len(results["summarise"]["sentences"]) == 2
    assert "59" in results["ask"]["answer"] and "sql" in results["ask"]["routes"]


def test_inspector_shows_a_bad_argument_as_a_tool_error_naming_it(
    inspector: Inspector, edge: tuple[list[str], dict[str, str]]
) -> None:
    target, env = edge
    outcome = inspector.call(target, "search_documents", env=env, query="tracing", limit="500")
    assert outcome.returncode == 0, outcome.stderr[-2000:]
    assert outcome.result is not None and outcome.result["isError"] is True
    assert outcome.result["content"] == [
        {"type": "text", "text": "invalid arguments for `search_documents`: `limit` must be at most 50 (got 500)"}
    ]


def test_inspector_lists_the_tools_of_relayboard_mcp_with_its_own_system_before_it_loads(
    inspector: Inspector, demo_data_dir: Path, tmp_path: Path
) -> None:
    """No gateway answers: `relayboard mcp` opens the data dir itself, after answering the Inspector's handshake."""
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(demo_data_dir, data_dir)
    env = system_environment(data_dir, RELAYBOARD_PORT=str(free_port()))
    tools = succeeded(inspector.run([RELAYBOARD, "mcp"], "--method", "tools/list", env=env))["tools"]
    assert [tool["name"] for tool in tools] == list(EDGE_TOOLS)
