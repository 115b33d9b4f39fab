"""What an IDE's model finds on the MCP edge: titled, described, typed tools over documents and the database."""

from importlib.metadata import version
from typing import Any

import jsonschema
import pytest
from fastmcp import Client
from mcp.client import Client as SdkClient

from gateway.mcp_edge import create_edge_server, fixed_system
from gateway.mcp_edge.descriptions import ServedLimits
from gateway.mcp_edge.settings import EDGE_TOOLS, EdgeSettings
from tests.support.numeric_arguments import accepted_booleans
from tests.support.results import structured, text_of
from tools.errors import ConfigurationError

LIMITS = ServedLimits(sql_dialect="SQLite", row_limit=200, timeout_s=5.0, min_support=0.45)


def _unused() -> Any:
    return None  # no agent system: listing tools must not need one


async def test_every_edge_tool_has_a_title_a_description_of_when_to_use_it_and_an_output_schema() -> None:
    async with SdkClient(create_edge_server(fixed_system(_unused), EdgeSettings(), LIMITS)) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        info = client.server_info
    assert set(tools) == set(EDGE_TOOLS)
    assert info is not None and (info.name, info.version) == ("relayboard", version("relayboard"))
    for tool in tools.values():
        assert tool.title and tool.description and len(tool.description) > 60, tool.name
        assert tool.output_schema is not None and tool.output_schema.get("properties"), tool.name
        assert tool.annotations is not None and tool.annotations.read_only_hint is True, tool.name
    assert "SQLite dialect; at most 200 rows, 5 s" in str(tools["run_sql"].description)
    assert "does not answer" in str(tools["search_documents"].description)
    assert "cit" in str(tools["ask"].description) and "routes" in str(tools["ask"].description).lower()


async def test_a_deployer_replaces_a_tools_description_by_setting() -> None:
    settings = EdgeSettings(tool_descriptions={"search_documents": "Search the ACME runbooks."})
    async with SdkClient(create_edge_server(fixed_system(_unused), settings, LIMITS)) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert tools["search_documents"].description == "Search the ACME runbooks."
    assert "SQLite dialect" in (tools["run_sql"].description or "")


async def test_no_integer_argument_of_an_edge_tool_takes_a_boolean() -> None:
    # pydantic's lax int reads `true` as 1: `search_schema`'s limit took it, as a plain int.
    async with Client(create_edge_server(fixed_system(_unused), EdgeSettings(), LIMITS)) as client:
        assert await accepted_booleans(client) == {}


def test_a_description_for_a_tool_the_edge_lacks_is_refused_naming_the_tools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RELAYBOARD_MCP_TOOL_DESCRIPTIONS", '{"search": "x"}')
    with pytest.raises(ConfigurationError, match="names no such tool: search; the edge's tools are ask, "):
        EdgeSettings()


# Against the real gateway: every tool called once, its result checked against the schema it advertised.


async def _call_all(client: Client) -> dict[str, Any]:
    hit = structured(await client.call_tool("search_documents", {"query": "how are requests traced"}))
    doc_id = hit["hits"][0]["doc_id"]
    calls: dict[str, dict[str, Any]] = {
        "ask": {"question": "How many invoices were issued in 2010?"},
        "search_documents": {"query": "how are requests traced", "collection": "docs", "doc_id": doc_id},
        "get_document": {"doc_id": doc_id, "collection": "docs"},
        "list_collections": {},
        "run_sql": {"sql": "SELECT TrackId, Name, Composer FROM Track ORDER BY TrackId"},
        "list_tables": {},
        "describe_table": {"table": "Invoice"},
        "search_schema": {"query": "sales by country"},
        "summarise": {"text": "Relayboard routes questions. It cites sources. It runs SQL. " * 5},
    }
    return {name: await client.call_tool(name, arguments) for name, arguments in calls.items()}


@pytest.mark.e2e
async def test_every_tools_real_result_matches_its_output_schema_and_reads_compactly(gateway_url: str) -> None:
    async with Client(f"{gateway_url}/mcp", timeout=120) as client:
        schemas = {tool.name: tool.output_schema for tool in await client.list_tools()}
        results = await _call_all(client)
    assert set(results) == set(schemas)
    for name, result in results.items():
        jsonschema.validate(result.structured_content, schemas[name])
        assert not text_of(result).startswith("{"), f"{name} answers in JSON, not text"
    searched = results["search_documents"].structured_content
    assert searched["relevant"] is True and {hit["doc_id"] for hit in searched["hits"]} == {
        searched["hits"][0]["doc_id"]
    }
    assert results["search_documents"].content[0].text.startswith(f"[1] {searched['hits'][0]['doc_id']}")
    rows = results["run_sql"]
    assert len(structured(rows)["rows"]) == 200 and structured(rows)["truncated"] is True
    assert text_of(rows).startswith("| TrackId | Name | Composer |\n|---|---|---|\n| 1 | For Those About")
    assert "cut at the row cap of 200 rows" in text_of(rows) and len(text_of(rows)) < 15_000
    assert "Invoice" in results["list_tables"].content[0].text.split(", ")
    assert [c["name"] for c in results["list_collections"].structured_content["collections"]] == ["docs"]


@pytest.mark.e2e
async def test_a_search_that_finds_nothing_relevant_says_so(gateway_url: str) -> None:
    async with Client(f"{gateway_url}/mcp") as client:
        result = await client.call_tool("search_documents", {"query": "zxqv plorb wumpus fnord"})
    assert structured(result)["relevant"] is False
    assert text_of(result).startswith("Nothing in `docs` clearly matches 'zxqv plorb wumpus fnord'")


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("search_documents", {"query": "tracing", "collection": "nope"}),
        ("get_document", {"doc_id": "x", "collection": "nope"}),
        ("ask", {"question": "How many invoices were issued in 2010?", "collection": "nope"}),
    ],
)
async def test_an_unknown_collection_is_an_error_whichever_tool_and_route(
    gateway_url: str, tool: str, arguments: dict[str, Any]
) -> None:
    async with Client(f"{gateway_url}/mcp") as client:
        result = await client.call_tool(tool, arguments, raise_on_error=False)
    assert result.is_error and result.meta["relayboard/error"] == {"kind": "not_found"}
    assert "nope" in text_of(result)
