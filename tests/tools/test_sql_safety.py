"""Read-only SQL: statements are parsed and refused before they reach the database, which stays unchanged."""

import hashlib
import shutil
from pathlib import Path

import pytest

from tools.errors import NotFound, QueryRejected, QueryTimeout
from tools.sql.database import Database
from tools.sql.guard import ensure_read_only
from tools.sql.sqlite import SqliteBackend

WRITES = [
    "INSERT INTO Genre (GenreId, Name) VALUES (999, 'x')",
    "UPDATE Invoice SET Total = 0",
    "DELETE FROM Invoice",
    "DROP TABLE Invoice",
    "CREATE TABLE t (x INTEGER)",
    "ALTER TABLE Invoice ADD COLUMN x INTEGER",
    "SELECT 1; DELETE FROM Invoice",
    "WITH doomed AS (DELETE FROM Invoice RETURNING *) SELECT * FROM doomed",
    "/* harmless */ dElEtE FROM Invoice",
    "REPLACE INTO Genre VALUES (1, 'x')",
    "ATTACH DATABASE '/tmp/x.sqlite' AS x",
    "PRAGMA writable_schema = ON",
    "VACUUM INTO '/tmp/copy.sqlite'",
    "SELECT load_extension('evil')",
    "SELECT * INTO Backup FROM Invoice",
]


def sqlite_database(path: Path, *, row_limit: int, timeout_s: float) -> Database:
    return Database(SqliteBackend(path, row_limit=row_limit, timeout_s=timeout_s))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("sql", WRITES)
def test_guard_rejects_every_write_ddl_and_admin_statement(sql: str) -> None:
    with pytest.raises(QueryRejected):
        ensure_read_only(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT COUNT(*) FROM Invoice",
        "WITH yearly AS (SELECT strftime('%Y', InvoiceDate) AS y FROM Invoice) "
        "SELECT y, COUNT(*) FROM yearly GROUP BY y",
        "SELECT Name FROM Genre UNION SELECT Name FROM MediaType",
    ],
)
def test_guard_accepts_read_only_queries(sql: str) -> None:
    assert ensure_read_only(sql) is not None


def test_guard_rejection_says_what_to_send_instead() -> None:
    with pytest.raises(QueryRejected, match="exactly one SELECT"):
        ensure_read_only("SELECT 1; SELECT 2")
    with pytest.raises(QueryRejected, match="`DELETE` is not allowed"):
        ensure_read_only("WITH d AS (DELETE FROM Invoice RETURNING *) SELECT * FROM d")


async def test_attempted_writes_leave_the_database_file_byte_for_byte_unchanged(
    demo_database: Path, tmp_path: Path
) -> None:
    path = tmp_path / "chinook.sqlite"
    shutil.copy(demo_database, path)
    before = sha256(path)
    database = sqlite_database(path, row_limit=50, timeout_s=5)
    for sql in WRITES:
        with pytest.raises(QueryRejected):
            await database.run(sql)
    assert sha256(path) == before
    assert (await database.run("SELECT COUNT(*) FROM Invoice")).rows == [[412]]


async def test_the_connection_itself_refuses_writes_when_the_guard_is_bypassed(
    demo_database: Path, tmp_path: Path
) -> None:
    path = tmp_path / "chinook.sqlite"
    shutil.copy(demo_database, path)
    before = sha256(path)
    backend = SqliteBackend(path, row_limit=50, timeout_s=5)
    with pytest.raises(QueryRejected, match=r"readonly|read-only"):
        await backend.execute("DELETE FROM Invoice")  # the backend alone: no guard in front
    assert sha256(path) == before


async def test_rows_are_capped_and_the_cap_is_reported(demo_database: Path) -> None:
    result = await sqlite_database(demo_database, row_limit=10, timeout_s=5).run("SELECT InvoiceId FROM Invoice")
    assert len(result.rows) == 10
    assert result.truncated is True and result.row_limit == 10


async def test_a_query_past_its_time_limit_is_stopped(demo_database: Path) -> None:
    runaway = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n, Invoice"
    with pytest.raises(QueryTimeout, match=r"longer than 0\.3s"):
        await sqlite_database(demo_database, row_limit=10, timeout_s=0.3).run(runaway)


async def test_describing_an_unknown_table_lists_the_tables_that_exist(demo_database: Path) -> None:
    with pytest.raises(NotFound, match="tables: Album, Artist, Customer"):
        await sqlite_database(demo_database, row_limit=10, timeout_s=5).describe_table("Invoices")


async def test_a_reference_to_a_missing_column_is_rejected_with_the_database_message(demo_database: Path) -> None:
    with pytest.raises(QueryRejected, match="no such column: Totl; columns of Invoice: InvoiceId, CustomerId"):
        await sqlite_database(demo_database, row_limit=10, timeout_s=5).run("SELECT Totl FROM Invoice")


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "SELECT Name FROM Artist WHERE Name = 'AC/DC",
            "could not parse the SQL near line 1, column 38: unbalanced quote (') opens a string there that is "
            "never closed: close it, and write '' for a quote inside it; then send one valid SELECT statement",
        ),
        (
            "SELECT Name\n  FROM [Artist",
            "could not parse the SQL near line 2, column 8: unbalanced bracket ([) opens a name there that is never "
            "closed: close it with ]; then send one valid SELECT statement",
        ),
        (
            "SELECT * FROM WHERE Name = 'x'",
            "could not parse the SQL near line 1, column 19 at `WHERE`: expected table name but got `WHERE`: "
            "send one valid SELECT statement",
        ),
        (
            "SELECT * FROM",
            "could not parse the SQL near line 1, column 13 at `FROM`: expected table name but got the end of the "
            "SQL: send one valid SELECT statement",
        ),
        (
            "SELECT * FROM Invoice WHERE",
            "could not parse the SQL near line 1, column 27 at `WHERE`: the WHERE is incomplete: "
            "send one valid SELECT statement",
        ),
    ],
)
def test_sql_that_does_not_parse_is_refused_saying_what_and_where_in_plain_words(sql: str, message: str) -> None:
    with pytest.raises(QueryRejected) as refused:
        ensure_read_only(sql)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM pragma_database_list",
        "SELECT file FROM pragma_database_list() AS p",
        "SELECT * FROM main.pragma_table_info('Invoice')",
        "SELECT * FROM Invoice WHERE EXISTS (SELECT 1 FROM pragma_compile_options)",
        "SELECT sqlite_version()",
        "SELECT sqlite_compileoption_get(0)",
        "SELECT sqlite_source_id()",
        "SELECT * FROM dbstat",
    ],
)
async def test_views_of_the_host_are_refused_like_pragma(demo_database: Path, sql: str) -> None:
    with pytest.raises(QueryRejected, match=r"describes the database server, not its data, and is not allowed"):
        await sqlite_database(demo_database, row_limit=10, timeout_s=5).run(sql)


async def test_blobs_come_back_as_bytes_beside_ordinary_values(demo_database: Path) -> None:
    result = await sqlite_database(demo_database, row_limit=10, timeout_s=5).run(
        "SELECT x'00ff10', 'text', 1.5, NULL, date('2024-01-31')"
    )
    assert result.rows == [[b"\x00\xff\x10", "text", 1.5, None, "2024-01-31"]]
