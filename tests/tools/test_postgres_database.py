"""PostgreSQL through the same database interface as SQLite, against a real server this run starts."""

from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer
from tools.errors import NotFound, QueryRejected, QueryTimeout
from tools.settings import SqlSettings
from tools.sql.curated import default_queries_path, load_curated_queries
from tools.sql.database import open_database

pytestmark = pytest.mark.postgres


def settings(url: str, **overrides: object) -> SqlSettings:
    return SqlSettings(database=url, **overrides)  # type: ignore[arg-type]


async def test_a_postgresql_url_in_the_settings_selects_the_postgresql_backend(postgres: PostgresServer) -> None:
    database = open_database(settings(postgres.reader_url))
    assert database.dialect == "postgres"
    await database.check()
    assert await database.list_tables() == [
        "album", "artist", "customer", "employee", "genre", "invoice", "invoiceline", "mediatype", "playlist",
        "playlisttrack", "track",
    ]  # fmt: skip


async def test_the_same_query_gives_the_same_rows_on_postgresql_and_sqlite(
    postgres: PostgresServer, demo_database: Path
) -> None:
    sql = (
        "SELECT BillingCountry, COUNT(*) AS invoices, ROUND(SUM(Total), 2) AS revenue, MIN(InvoiceDate) AS first "
        "FROM Invoice GROUP BY BillingCountry ORDER BY revenue DESC, BillingCountry LIMIT 3"
    )
    on_postgres = await open_database(settings(postgres.reader_url)).run(sql)
    on_sqlite = await open_database(settings(str(demo_database))).run(sql)
    assert on_postgres.rows == on_sqlite.rows
    assert on_postgres.rows[0] == ["USA", 91, 523.06, "2007-01-11 00:00:00"]


async def test_every_demo_curated_query_runs_unchanged_on_postgresql_with_the_sqlite_results(
    postgres: PostgresServer, demo_database: Path
) -> None:
    queries = load_curated_queries(default_queries_path(), "postgres")
    on_postgres = open_database(settings(postgres.reader_url))
    on_sqlite = open_database(settings(str(demo_database)))
    samples: dict[str, object] = {
        "year": 2010,
        "month": 3,
        "country": "Germany",
        "genre": "Jazz",
        "artist": "Iron Maiden",
        "limit": 3,
    }
    for query in queries:
        arguments = query.bind({name: samples[name] for name in query.parameters if name in samples})
        expected = (await on_sqlite.run(query.sql, arguments)).rows
        assert expected and expected != [[None]], query.name  # every sample finds something
        assert (await on_postgres.run(query.sql, arguments)).rows == expected, query.name


async def test_describe_table_gives_types_keys_foreign_keys_and_sample_rows(postgres: PostgresServer) -> None:
    info = await open_database(settings(postgres.reader_url)).describe_table("Invoice", sample_rows=2)
    assert info.name == "invoice" and info.row_count == 412
    assert [(c.name, c.type, c.primary_key) for c in info.columns[:3]] == [
        ("invoiceid", "bigint", True),
        ("customerid", "bigint", False),
        ("invoicedate", "timestamp without time zone", False),
    ]
    assert info.foreign_keys == ["customerid -> customer.customerid"]
    assert len(info.sample_rows) == 2 and info.sample_rows[0][0] == 1


async def test_describing_an_unknown_table_on_postgresql_lists_the_tables(postgres: PostgresServer) -> None:
    with pytest.raises(NotFound, match="tables: album, artist, customer"):
        await open_database(settings(postgres.reader_url)).describe_table("Invoices")


async def test_an_unknown_column_on_postgresql_names_the_columns_that_exist(postgres: PostgresServer) -> None:
    with pytest.raises(QueryRejected, match=r'column "totl" does not exist; columns of invoice: invoiceid, customerid'):
        await open_database(settings(postgres.reader_url)).run("SELECT Totl FROM Invoice")


async def test_postgresql_rows_are_capped_and_the_cap_is_reported(postgres: PostgresServer) -> None:
    result = await open_database(settings(postgres.reader_url, row_limit=7)).run("SELECT * FROM Track")
    assert len(result.rows) == 7 and result.truncated is True and result.row_limit == 7


async def test_a_postgresql_query_past_the_statement_timeout_is_stopped(postgres: PostgresServer) -> None:
    runaway = "SELECT COUNT(*) FROM generate_series(1, 1000000000) AS a"
    with pytest.raises(QueryTimeout, match=r"longer than 0\.3s"):
        await open_database(settings(postgres.reader_url, timeout_s=0.3)).run(runaway)


async def test_the_allow_list_narrows_postgresql_by_schema_qualified_entries(postgres: PostgresServer) -> None:
    database = open_database(settings(postgres.reader_url, allowed_tables=["public.invoice", "public.invoiceline"]))
    assert await database.list_tables() == ["invoice", "invoiceline"]
    with pytest.raises(QueryRejected, match=r"customer is not readable in this deployment; readable: public\.invoice"):
        await database.run("SELECT i.total FROM invoice i JOIN customer c USING (customerid)")
    with pytest.raises(QueryRejected, match=r"pg_catalog\.pg_roles is not readable"):
        await database.run("SELECT rolname FROM pg_catalog.pg_roles")
    assert (await database.run("SELECT COUNT(*) FROM public.invoice")).rows == [[412]]
