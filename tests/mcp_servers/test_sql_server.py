"""The SQL MCP server through a real MCP client (in memory): read-only tools, curated tools, clear tool errors."""

import base64
import logging
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastmcp import Client

from mcp_servers.credentials import enforce_call_credentials
from mcp_servers.sql import create_server
from tests.support.call_tokens import call_meta, verifier
from tests.support.numeric_arguments import accepted_booleans
from tests.support.results import meta, structured, text_of
from tests.support.sql_attacks import SQLITE_SHADOWING
from tools.embeddings import Embedder
from tools.settings import SqlSettings


@pytest.fixture
async def client(demo_database: Path, embedder: Embedder) -> AsyncIterator[Client]:
    async with Client(create_server(SqlSettings(database=str(demo_database)), embedder)) as connected:
        yield connected


async def test_every_tool_is_advertised_read_only_and_no_write_tool_exists(client: Client) -> None:
    tools = await client.list_tools()
    names = {tool.name for tool in tools}
    assert {"list_tables", "describe_table", "run_query", "invoices_in_year"} <= names
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in tools)
    assert all(tool.annotations and tool.annotations.destructive_hint is False for tool in tools)
    assert {tool.name for tool in tools if not (tool.meta or {}).get("relayboard/curated")} == {
        "list_tables",
        "describe_table",
        "run_query",
        "search_schema",
        "propose_queries",
    }
    assert not any(word in name for name in names for word in ("insert", "update", "delete", "write", "execute"))


async def test_a_curated_query_is_its_own_tool_with_typed_parameters(client: Client) -> None:
    tool = next(t for t in await client.list_tools() if t.name == "invoices_in_year")
    assert tool.input_schema["properties"]["year"]["type"] == "integer"
    assert tool.input_schema["required"] == ["year"]
    result = await client.call_tool("invoices_in_year", {"year": 2010})
    assert structured(result)["rows"] == [[82]]
    assert structured(result)["parameters"] == {"year": 2010}


async def test_no_integer_or_number_argument_takes_a_boolean_curated_tools_included(client: Client) -> None:
    assert await accepted_booleans(client) == {}


async def test_run_query_refuses_a_write_with_a_tool_error_that_says_what_to_send(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "DELETE FROM Invoice"}, raise_on_error=False)
    assert result.is_error
    assert "`DELETE` is not allowed: only read-only SELECT queries run here" in text_of(result)


async def test_describe_table_on_a_typo_names_the_tables_that_exist(client: Client) -> None:
    result = await client.call_tool("describe_table", {"table": "Invoices"}, raise_on_error=False)
    assert result.is_error and "tables: Album, Artist, Customer" in text_of(result)


async def test_a_parameter_of_the_wrong_type_is_a_tool_error_naming_it(client: Client) -> None:
    result = await client.call_tool("invoices_in_year", {"year": "last year"}, raise_on_error=False)
    assert result.is_error and "year" in text_of(result) and "integer" in text_of(result)


async def test_a_string_parameter_its_column_does_not_hold_is_a_not_found_naming_the_column(client: Client) -> None:
    result = await client.call_tool("customers_in_country", {"country": "Calgary"}, raise_on_error=False)
    assert result.is_error
    assert "`country` is a Customer.Country, and no Customer.Country is 'Calgary'" in text_of(result)
    assert "stored values include Argentina, Australia" in text_of(result)
    held = await client.call_tool("customers_in_country", {"country": "germany"})  # compared as the query does
    assert structured(held)["rows"] == [[4]]


async def test_the_row_cap_is_reported_in_the_result(demo_database: Path) -> None:
    server = create_server(SqlSettings(database=str(demo_database), row_limit=5))
    async with Client(server) as capped:
        result = await capped.call_tool("run_query", {"sql": "SELECT * FROM Track"})
    assert len(structured(result)["rows"]) == 5 and structured(result)["truncated"] is True


async def test_a_query_past_the_time_limit_is_a_timeout_tool_error_saying_how_to_narrow_it(demo_database: Path) -> None:
    runaway = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
    async with Client(create_server(SqlSettings(database=str(demo_database), timeout_s=0.3))) as slow:
        result = await slow.call_tool("run_query", {"sql": runaway}, raise_on_error=False)
    assert result.is_error and meta(result)["relayboard/error"] == {"kind": "timeout"}
    assert text_of(result).startswith("the query ran longer than 0.3s and was stopped: narrow it")


async def test_an_unknown_column_is_a_tool_error_listing_the_columns_that_exist(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "SELECT Totl FROM Invoice"}, raise_on_error=False)
    assert result.is_error and meta(result)["relayboard/error"] == {"kind": "query_rejected"}
    assert text_of(result) == (
        "no such column: Totl; columns of Invoice: InvoiceId, CustomerId, InvoiceDate, "
        "BillingAddress, BillingCity, BillingState, BillingCountry, BillingPostalCode, Total"
    )


async def test_an_unknown_table_is_a_tool_error_listing_the_tables(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "SELECT * FROM Invoices"}, raise_on_error=False)
    assert result.is_error and "no such table: Invoices; tables: Album, Artist, Customer" in text_of(result)


async def test_with_an_allow_list_only_curated_queries_over_listed_tables_are_offered(demo_database: Path) -> None:
    settings = SqlSettings(database=str(demo_database), allowed_tables=["Invoice"])
    async with Client(create_server(settings)) as narrowed:
        names = {tool.name for tool in await narrowed.list_tools()}
        refused = await narrowed.call_tool("run_query", {"sql": "SELECT * FROM Customer"}, raise_on_error=False)
    assert {"invoices_in_year", "revenue_in_year"} <= names and "top_customers_by_revenue" not in names
    assert refused.is_error and "readable: Invoice" in text_of(refused)


def _curated_names(tools: list[Any]) -> set[str]:
    return {tool.name for tool in tools if (tool.meta or {}).get("relayboard/curated")}


async def test_the_demo_curated_queries_are_not_offered_over_a_database_without_their_tables(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # the Chinook set is the default for every database; over another one its queries could only fail
    caplog.set_level(logging.INFO, logger="mcp_servers.sql.server")
    other = tmp_path / "farm.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE field (field_id INTEGER PRIMARY KEY, name TEXT)")
    async with Client(create_server(SqlSettings(database=str(other)))) as connected:
        curated = _curated_names(await connected.list_tools())
    assert curated == set()
    assert "demo curated query invoices_in_year not offered: the database has no table" in caplog.text


async def test_a_configured_curated_query_over_a_missing_table_is_not_offered_and_named_in_a_warning(
    demo_database: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    queries = tmp_path / "queries.yaml"
    queries.write_text(
        "queries:\n"
        "  - {name: invoice_count, description: Invoices., sql: SELECT COUNT(*) FROM Invoice}\n"
        "  - {name: order_count, description: Orders., sql: SELECT COUNT(*) FROM Orders}\n"
    )
    settings = SqlSettings(database=str(demo_database), curated_queries=queries)
    async with Client(create_server(settings)) as connected:
        curated = _curated_names(await connected.list_tools())
        counted = await connected.call_tool("invoice_count", {})
    assert curated == {"invoice_count"}
    assert structured(counted)["rows"] == [[412]]
    assert f"curated query order_count in {queries} not offered: it reads Orders" in caplog.text


async def test_describe_table_gives_types_primary_and_foreign_keys_and_sample_rows(client: Client) -> None:
    table = structured(await client.call_tool("describe_table", {"table": "invoiceline"}))
    assert table["name"] == "InvoiceLine" and table["row_count"] == 2240
    assert table["columns"][0] == {"name": "InvoiceLineId", "type": "INTEGER", "nullable": True, "primary_key": True}
    assert table["foreign_keys"] == ["TrackId -> Track.TrackId", "InvoiceId -> Invoice.InvoiceId"]
    assert len(table["sample_rows"]) == 3 and len(table["sample_rows"][0]) == len(table["columns"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("which tables hold sales", ("Invoice", None)),
        ("how long is a song", ("Track", "Milliseconds")),
        ("the sales rep who looks after a customer", ("Customer", "SupportRepId")),
        ("music genres", ("Genre", None)),
    ],
)
async def test_search_schema_finds_tables_and_columns_by_meaning(
    client: Client, query: str, expected: tuple[str, str | None]
) -> None:
    result = await client.call_tool("search_schema", {"query": query, "limit": 3})
    hits = [(hit["table"], hit["column"]) for hit in structured(result)["hits"]]
    assert expected in hits, hits


async def test_search_schema_only_searches_tables_the_allow_list_permits(
    demo_database: Path, embedder: Embedder
) -> None:
    settings = SqlSettings(database=str(demo_database), allowed_tables=["Invoice", "InvoiceLine"])
    async with Client(create_server(settings, embedder)) as narrowed:
        result = await narrowed.call_tool("search_schema", {"query": "customers and their country", "limit": 50})
    assert {hit["table"] for hit in structured(result)["hits"]} == {"Invoice", "InvoiceLine"}


async def test_a_cte_named_like_a_table_does_not_open_that_table_to_a_key_or_the_deployment(
    demo_database: Path, embedder: Embedder
) -> None:
    def key_meta(sql: str) -> dict[str, object]:
        return call_meta("sql", "run_query", {"sql": sql}, ["tool:sql:*", "table:Invoice"])

    keyed = create_server(SqlSettings(database=str(demo_database)), embedder)
    enforce_call_credentials(keyed, verifier("sql"), "sql")
    async with (
        Client(keyed) as client,
        Client(create_server(SqlSettings(database=str(demo_database), allowed_tables=["Invoice"]))) as narrowed,
    ):
        for sql in SQLITE_SHADOWING:
            by_key = await client.call_tool("run_query", {"sql": sql}, meta=key_meta(sql), raise_on_error=False)
            assert by_key.is_error, sql
            assert "customer is not readable with this api key; readable: invoice" in text_of(by_key).lower()
            by_deployment = await narrowed.call_tool("run_query", {"sql": sql}, raise_on_error=False)
            assert by_deployment.is_error, sql
            assert "customer is not readable in this deployment" in text_of(by_deployment).lower()
        legit = "WITH Customer AS (SELECT CustomerId FROM Invoice) SELECT COUNT(*) FROM Customer"
        assert (await client.call_tool("run_query", {"sql": legit}, meta=key_meta(legit))).structured_content[
            "rows"
        ] == [[412]]
        assert structured(await narrowed.call_tool("run_query", {"sql": legit}))["rows"] == [[412]]


async def test_an_unbalanced_quote_is_a_tool_error_saying_what_and_where(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "SELECT 'AC/DC FROM Artist"}, raise_on_error=False)
    assert result.is_error
    assert text_of(result).endswith(
        "could not parse the SQL near line 1, column 8: unbalanced quote (') opens a string there "
        "that is never closed: close it, and write '' for a quote inside it; then send one valid SELECT statement"
    )


async def test_a_parse_error_names_the_text_it_stopped_at_without_parser_internals(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "SELECT * FROM WHERE 1"}, raise_on_error=False)
    assert result.is_error and "<Token" not in text_of(result) and "TokenType" not in text_of(result)
    assert "near line 1, column 19 at `WHERE`: expected table name but got `WHERE`" in text_of(result)


async def test_blobs_come_back_base64_encoded_and_marked_as_the_output_schema_says(client: Client) -> None:
    result = await client.call_tool("run_query", {"sql": "SELECT x'00ff10' AS raw, 'text' AS label, NULL AS none"})
    assert structured(result)["rows"] == [[{"base64": "AP8Q"}, "text", None]]
    tool = next(t for t in await client.list_tools() if t.name == "run_query")
    assert tool.output_schema is not None
    rows = tool.output_schema["properties"]["rows"]
    assert '{"base64": "<standard base64 of its bytes>"}' in rows["description"]
    assert tool.output_schema["$defs"]["Binary"]["required"] == ["base64"]


async def test_pragma_database_list_is_refused_and_the_database_path_never_leaves(
    client: Client, demo_database: Path
) -> None:
    for sql in ["SELECT * FROM pragma_database_list", "SELECT file FROM pragma_database_list()"]:
        result = await client.call_tool("run_query", {"sql": sql}, raise_on_error=False)
        assert result.is_error and str(demo_database) not in text_of(result)
        assert "`pragma_database_list` describes the database server, not its data" in text_of(result)


async def test_a_huge_value_is_cut_to_the_cell_cap_while_fetching_and_the_result_says_how_to_get_less(
    demo_database: Path,
) -> None:
    async with Client(create_server(SqlSettings(database=str(demo_database)))) as sql:
        started = time.perf_counter()
        result = await sql.call_tool("run_query", {"sql": "SELECT randomblob(30000000) AS big, 7 AS n"})
        elapsed_s = time.perf_counter() - started
    out = structured(result)
    assert len(base64.b64decode(out["rows"][0][0]["base64"])) == 64 * 1024 and out["rows"][0][1] == 7
    assert out["truncated"] is True
    assert out["note"] == (
        "values over 65536 bytes were cut to their first 65536 bytes in big (1 value) "
        "(RELAYBOARD_SQL_MAX_CELL_BYTES): select substr(column, 1, N) or length(column) instead"
    )
    assert elapsed_s < 10, f"a capped 30 MB value took {elapsed_s:.1f} s: it was encoded whole"


async def test_rows_past_the_result_byte_cap_are_left_out_and_the_note_says_so(demo_database: Path) -> None:
    settings = SqlSettings(database=str(demo_database), max_cell_bytes=1024, max_result_bytes=4096)
    rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 50) SELECT hex(randomblob(500)) FROM n"
    async with Client(create_server(settings)) as sql:
        out = structured(await sql.call_tool("run_query", {"sql": rows}))
    assert len(out["rows"]) == 4 and out["truncated"] is True
    assert out["note"] == (
        "rows after the first 4 were left out: the result reached 4096 bytes (RELAYBOARD_SQL_MAX_RESULT_BYTES): "
        "select fewer columns, add a WHERE or a smaller LIMIT"
    )


async def test_describe_table_cuts_oversized_sample_values_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "blobs.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE Attachment (id INTEGER PRIMARY KEY, body BLOB, title TEXT)")
        connection.execute("INSERT INTO Attachment VALUES (1, randomblob(300000), 'small')")
        connection.commit()
    async with Client(create_server(SqlSettings(database=str(path)))) as sql:
        out = structured(await sql.call_tool("describe_table", {"table": "Attachment"}))
    (row,) = out["sample_rows"]
    assert row[0] == 1 and len(base64.b64decode(row[1]["base64"])) == 64 * 1024 and row[2] == "small"
    assert out["truncated"] is True and "in body (1 value)" in out["note"]


async def test_a_value_larger_than_sqlite_may_build_is_a_tool_error_saying_what_to_select(demo_database: Path) -> None:
    async with Client(create_server(SqlSettings(database=str(demo_database)))) as sql:
        result = await sql.call_tool("run_query", {"sql": "SELECT randomblob(100000000)"}, raise_on_error=False)
    assert result.is_error
    assert "larger than 67108864 bytes" in text_of(result) and "substr(column, 1, N)" in text_of(result)


@pytest.fixture
def database_copy(demo_database: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(demo_database, tmp_path / "chinook.sqlite"))


async def test_a_database_file_that_stops_being_sqlite_is_unavailable_naming_the_setting(
    database_copy: Path, embedder: Embedder
) -> None:
    database = database_copy
    async with Client(create_server(SqlSettings(database=str(database)), embedder)) as client:
        database.write_text("id,total\n1,9.99\n" * 64)  # a CSV written over it while the server runs
        said = f"RELAYBOARD_SQL_DATABASE names {database}, which is not a usable SQLite database"
        for tool, arguments in [
            ("list_tables", {}),
            ("describe_table", {"table": "Invoice"}),
            ("run_query", {"sql": "SELECT COUNT(*) FROM Invoice"}),
        ]:
            result = await client.call_tool(tool, arguments, raise_on_error=False)
            assert result.is_error, tool
            assert said in text_of(result), tool
            assert meta(result)["relayboard/error"] == {"kind": "unavailable"}, tool  # our fault, not the query's
