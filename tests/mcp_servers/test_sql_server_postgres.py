"""The SQL MCP server over a real PostgreSQL: the same read-only tools, curated queries, tool errors and byte caps
(RELAYBOARD_SQL_MAX_CELL_BYTES, RELAYBOARD_SQL_MAX_RESULT_BYTES), whatever type a value has."""

import base64
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastmcp import Client

from mcp_servers.credentials import enforce_call_credentials
from mcp_servers.sql import create_server
from tests.support.call_tokens import call_meta, verifier
from tests.support.postgres import PostgresServer, snapshot
from tests.support.results import meta, structured, text_of
from tests.support.sql_attacks import POSTGRES_SHADOWING
from tools.settings import SqlSettings
from tools.sql.curated import CuratedQuery, default_queries_path, load_curated_queries

pytestmark = pytest.mark.postgres


@pytest.fixture
async def client(postgres: PostgresServer) -> AsyncIterator[Client]:
    server = create_server(SqlSettings(database=postgres.reader_url))
    enforce_call_credentials(server, verifier("sql"), "sql")  # calls with a token run with its grants
    async with Client(server) as connected:
        yield connected


async def test_the_server_over_postgresql_advertises_only_read_only_tools(client: Client) -> None:
    tools = await client.list_tools()
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in tools)
    assert {"list_tables", "describe_table", "run_query", "top_customers_by_revenue"} <= {t.name for t in tools}


async def test_a_curated_query_runs_on_postgresql_with_its_typed_parameters(client: Client) -> None:
    result = await client.call_tool("invoices_in_year", {"year": 2010})
    assert structured(result)["rows"] == [[82]]


def on_dates(query: CuratedQuery) -> bool:
    """Whether the query reads a date column (as text, through SUBSTR/CAST: the part dialects differ on)."""
    return "Date" in query.sql


DATED = [query for query in load_curated_queries(default_queries_path(), "postgres") if on_dates(query)]
YEAR, MONTH = 2010, 3  # Chinook's invoices run from 2009 to 2013


def arguments(query: CuratedQuery) -> dict[str, Any]:
    given = {"year": YEAR, "month": MONTH}
    return {name: given[name] for name in query.parameters if name in given}


async def test_the_date_queries_checked_on_postgresql_include_the_yearly_and_monthly_ones() -> None:
    names = {query.name for query in DATED}
    assert {"invoices_in_year", "revenue_by_year", "revenue_in_month", "employee_sales_in_year"} <= names
    assert all(set(query.parameters) <= {"year", "month", "limit"} for query in DATED), names


@pytest.mark.parametrize("query", DATED, ids=[query.name for query in DATED])
async def test_each_curated_query_on_dates_answers_on_postgresql_as_on_sqlite(
    client: Client, demo_database: Path, query: CuratedQuery
) -> None:
    async with Client(create_server(SqlSettings(database=str(demo_database)))) as sqlite:
        expected = structured(await sqlite.call_tool(query.name, arguments(query)))
    result = await client.call_tool(query.name, arguments(query), raise_on_error=False)
    assert not result.is_error, text_of(result)
    assert structured(result)["rows"] == expected["rows"] and expected["rows"]
    assert structured(result)["columns"] == expected["columns"]


async def test_a_write_through_the_postgresql_server_is_a_tool_error_and_changes_nothing(
    client: Client, postgres: PostgresServer
) -> None:
    before = snapshot(postgres.admin_url)
    for sql in ["DELETE FROM invoice", "COPY invoice TO '/tmp/x.csv'", "SELECT pg_read_file('/etc/passwd')"]:
        result = await client.call_tool("run_query", {"sql": sql}, raise_on_error=False)
        assert result.is_error and meta(result)["relayboard/error"] == {"kind": "query_rejected"}
    assert snapshot(postgres.admin_url) == before


async def test_a_server_whose_postgresql_is_unreachable_fails_at_start_saying_where(postgres: PostgresServer) -> None:
    unreachable = postgres.reader_url.replace(f":{postgres.port}/", ":1/")
    with pytest.raises(Exception, match=re.escape("cannot connect to PostgreSQL at postgresql://127.0.0.1:1/chinook")):
        async with Client(create_server(SqlSettings(database=unreachable))):
            pass


async def test_a_cte_named_like_a_table_does_not_open_that_table_on_postgresql(
    client: Client, postgres: PostgresServer
) -> None:
    def key_meta(sql: str) -> dict[str, object]:
        return call_meta("sql", "run_query", {"sql": sql}, ["tool:sql:*", "table:invoice"])

    settings = SqlSettings(database=postgres.reader_url, allowed_tables=["invoice"])
    async with Client(create_server(settings)) as narrowed:
        for sql in POSTGRES_SHADOWING:
            rows = structured(await client.call_tool("run_query", {"sql": sql}))["rows"]
            assert any("@" in str(value) for row in rows for value in row), f"not a real read of customer: {sql}"
            by_key = await client.call_tool("run_query", {"sql": sql}, meta=key_meta(sql), raise_on_error=False)
            assert by_key.is_error and "customer is not readable with this api key" in text_of(by_key).lower()
            by_deployment = await narrowed.call_tool("run_query", {"sql": sql}, raise_on_error=False)
            assert by_deployment.is_error, sql
            assert "customer is not readable in this deployment" in text_of(by_deployment).lower()
        legit = "WITH customer AS (SELECT customerid FROM invoice) SELECT count(*) FROM customer"
        assert structured(await narrowed.call_tool("run_query", {"sql": legit}))["rows"] == [[412]]


async def test_bytea_comes_back_base64_encoded_and_marked_on_postgresql(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "SELECT '\\x00ff10'::bytea AS raw, 'text' AS label"})
    assert structured(result)["rows"] == [[{"base64": "AP8Q"}, "text"]]


async def test_views_of_the_postgresql_host_are_refused(client: Client) -> None:
    for sql in [
        "SELECT current_setting('data_directory')",
        "SELECT inet_server_addr(), inet_server_port()",
        "SELECT version()",
        "SELECT name, setting FROM pg_settings",
        "SELECT query FROM pg_catalog.pg_stat_activity",
    ]:
        result = await client.call_tool("run_query", {"sql": sql}, raise_on_error=False)
        assert result.is_error and "describes the database server, not its data" in text_of(result), sql


CUT = (
    "values over {cap} bytes were cut to their first {cap} bytes in {column} (1 value) "
    "(RELAYBOARD_SQL_MAX_CELL_BYTES): select substr(column, 1, N) or length(column) instead"
)
LEFT_OUT = (
    "rows after the first {rows} were left out: the result reached 4096 bytes (RELAYBOARD_SQL_MAX_RESULT_BYTES): "
    "select fewer columns, add a WHERE or a smaller LIMIT"
)


async def run_query(settings: SqlSettings, sql: str) -> dict[str, object]:
    async with Client(create_server(settings)) as server:
        return structured(await server.call_tool("run_query", {"sql": sql}))


async def test_a_huge_bytea_and_a_huge_text_are_cut_to_the_cell_cap_and_the_note_says_how_to_get_less(
    postgres: PostgresServer,
) -> None:
    settings = SqlSettings(database=postgres.reader_url)
    started = time.perf_counter()
    blob = await run_query(settings, "SELECT decode(repeat('ab', 3000000), 'hex') AS big, 7 AS n")
    text = await run_query(settings, "SELECT repeat('é', 3000000) AS big, 7 AS n")
    elapsed_s = time.perf_counter() - started
    rows = blob["rows"]
    assert isinstance(rows, list)
    assert base64.b64decode(rows[0][0]["base64"]) == b"\xab" * 65536 and rows[0][1] == 7
    assert (blob["truncated"], blob["note"]) == (True, CUT.format(cap=65536, column="big"))
    rows = text["rows"]
    assert isinstance(rows, list)
    assert rows[0] == ["é" * 32768, 7]
    assert (text["truncated"], text["note"]) == (True, CUT.format(cap=65536, column="big"))
    assert elapsed_s < 30, f"two capped values took {elapsed_s:.1f} s"


async def test_a_huge_json_or_array_value_is_cut_to_the_cell_cap_too(postgres: PostgresServer) -> None:
    settings = SqlSettings(database=postgres.reader_url, max_cell_bytes=1024)
    for sql, starts in (
        ("SELECT jsonb_build_object('k', repeat('x', 200000)) AS doc", '{"k":"xxxx'),
        ("SELECT array_fill('abcdefgh'::text, ARRAY[20000]) AS doc", '["abcdefgh","abcdefgh",'),
    ):
        out = await run_query(settings, sql)
        rows = out["rows"]
        assert isinstance(rows, list)
        (cut,) = rows[0]
        assert isinstance(cut, str) and cut.startswith(starts) and len(cut.encode()) == 1024, sql  # its JSON text
        assert (out["truncated"], out["note"]) == (True, CUT.format(cap=1024, column="doc")), sql


@pytest.mark.parametrize(
    "value",
    ["repeat(md5(i::text), 31) || 'abcdefgh'", "jsonb_build_object('k', repeat(md5(i::text), 31))"],
    ids=["text", "jsonb"],
)
async def test_rows_past_the_result_byte_cap_are_left_out_and_the_note_says_so(
    postgres: PostgresServer, value: str
) -> None:
    settings = SqlSettings(database=postgres.reader_url, max_cell_bytes=1024, max_result_bytes=4096)
    out = await run_query(settings, f"SELECT {value} AS v FROM generate_series(1, 50) AS i")
    rows = out["rows"]
    assert isinstance(rows, list)
    assert len(rows) == 4 and out["truncated"] is True
    assert out["note"] == LEFT_OUT.format(rows=4)
