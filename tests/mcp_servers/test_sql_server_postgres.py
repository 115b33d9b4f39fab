"""The SQL MCP server over a real PostgreSQL: the same read-only tools, curated queries and tool errors."""

import re
from collections.abc import AsyncIterator

import pytest
from fastmcp import Client

from mcp_servers.sql import create_server
from tests.support.postgres import PostgresServer, snapshot
from tools.settings import SqlSettings

pytestmark = pytest.mark.postgres


@pytest.fixture
async def client(postgres: PostgresServer) -> AsyncIterator[Client]:
    async with Client(create_server(SqlSettings(database=postgres.reader_url))) as connected:
        yield connected


async def test_the_server_over_postgresql_advertises_only_read_only_tools(client: Client) -> None:
    tools = await client.list_tools()
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in tools)
    assert {"list_tables", "describe_table", "run_query", "top_customers_by_revenue"} <= {t.name for t in tools}


async def test_a_curated_query_runs_on_postgresql_with_its_typed_parameters(client: Client) -> None:
    result = await client.call_tool("invoices_in_year", {"year": 2010})
    assert result.structured_content["rows"] == [[82]]


async def test_a_write_through_the_postgresql_server_is_a_tool_error_and_changes_nothing(
    client: Client, postgres: PostgresServer
) -> None:
    before = snapshot(postgres.admin_url)
    for sql in ["DELETE FROM invoice", "COPY invoice TO '/tmp/x.csv'", "SELECT pg_read_file('/etc/passwd')"]:
        result = await client.call_tool("run_query", {"sql": sql}, raise_on_error=False)
        assert result.is_error and result.meta["relayboard/error"] == {"kind": "query_rejected"}
    assert snapshot(postgres.admin_url) == before


async def test_a_server_whose_postgresql_is_unreachable_fails_at_start_saying_where(postgres: PostgresServer) -> None:
    unreachable = postgres.reader_url.replace(f":{postgres.port}/", ":1/")
    with pytest.raises(Exception, match=re.escape("cannot connect to PostgreSQL at postgresql://127.0.0.1:1/chinook")):
        async with Client(create_server(SqlSettings(database=unreachable))):
            pass
