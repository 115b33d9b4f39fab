"""The SQL MCP server through a real MCP client (in memory): read-only tools, curated tools, clear tool errors."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastmcp import Client

from mcp_servers.sql import create_server
from tools.settings import SqlSettings


@pytest.fixture
async def client(demo_database: Path) -> AsyncIterator[Client]:
    async with Client(create_server(SqlSettings(database=str(demo_database)))) as connected:
        yield connected


async def test_every_tool_is_advertised_read_only_and_no_write_tool_exists(client: Client) -> None:
    tools = await client.list_tools()
    names = {tool.name for tool in tools}
    assert {"list_tables", "describe_table", "run_query", "invoices_in_year"} <= names
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in tools)
    assert not any(word in name for name in names for word in ("insert", "update", "delete", "write", "execute"))


async def test_a_curated_query_is_its_own_tool_with_typed_parameters(client: Client) -> None:
    tool = next(t for t in await client.list_tools() if t.name == "invoices_in_year")
    assert tool.input_schema["properties"]["year"]["type"] == "integer"
    assert tool.input_schema["required"] == ["year"]
    result = await client.call_tool("invoices_in_year", {"year": 2010})
    assert result.structured_content["rows"] == [[82]]
    assert result.structured_content["parameters"] == {"year": 2010}


async def test_run_query_refuses_a_write_with_a_tool_error_that_says_what_to_send(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "DELETE FROM Invoice"}, raise_on_error=False)
    assert result.is_error
    assert "`DELETE` is not allowed: only read-only SELECT queries run here" in result.content[0].text


async def test_describe_table_on_a_typo_names_the_tables_that_exist(client: Client) -> None:
    result = await client.call_tool("describe_table", {"table": "Invoices"}, raise_on_error=False)
    assert result.is_error and "tables: Album, Artist, Customer" in result.content[0].text


async def test_a_parameter_of_the_wrong_type_is_a_tool_error_naming_it(client: Client) -> None:
    result = await client.call_tool("invoices_in_year", {"year": "last year"}, raise_on_error=False)
    assert result.is_error and "year" in result.content[0].text and "integer" in result.content[0].text


async def test_the_row_cap_is_reported_in_the_result(demo_database: Path) -> None:
    server = create_server(SqlSettings(database=str(demo_database), row_limit=5))
    async with Client(server) as capped:
        result = await capped.call_tool("run_query", {"sql": "SELECT * FROM Track"})
    assert len(result.structured_content["rows"]) == 5 and result.structured_content["truncated"] is True
