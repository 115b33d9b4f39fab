"""Read-only access to a SQLite database: schema listing and guarded queries with a row cap and a timeout."""

import asyncio
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from observability import SpanKind, start_span
from tools.errors import InvalidInput, NotFound, QueryRejected, QueryTimeout, UpstreamUnavailable
from tools.sql.guard import ensure_read_only

Row = list[Any]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of one query; `truncated` says the row cap cut the result."""

    sql: str
    columns: list[str]
    rows: list[Row]
    truncated: bool
    row_limit: int
    elapsed_ms: float


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    nullable: bool
    primary_key: bool


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table's columns, foreign keys and a few sample rows."""

    name: str
    columns: list[Column]
    foreign_keys: list[str]
    row_count: int
    sample_rows: list[Row] = field(default_factory=list)


class SqliteDatabase:
    """Runs single read-only statements against a SQLite file opened `mode=ro` with `query_only`."""

    dialect = "sqlite"

    def __init__(self, path: Path, *, row_limit: int, timeout_s: float) -> None:
        self._path, self._row_limit, self._timeout_s = path, row_limit, timeout_s

    def check(self) -> None:
        """Fail now if the file cannot be opened.

        Raises:
            UpstreamUnavailable: the database file is missing or unreadable.
        """
        if not self._path.is_file():
            raise UpstreamUnavailable(
                f"SQLite database {self._path} does not exist: run `make demo-data` or set "
                "RELAYBOARD_SQL_DATABASE to an existing file"
            )
        with closing(self._connect()) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()

    async def list_tables(self) -> list[str]:
        """Names of the user tables, sorted."""
        return await asyncio.to_thread(self._list_tables)

    async def describe_table(self, name: str, *, sample_rows: int = 3) -> TableInfo:
        """Columns, keys and sample rows of `name`.

        Raises:
            NotFound: no such table; the message lists the tables that exist.
        """
        return await asyncio.to_thread(self._describe, name, sample_rows)

    async def run(self, sql: str, parameters: dict[str, Any] | None = None) -> QueryResult:
        """Run one read-only query and return at most `row_limit` rows.

        Raises:
            QueryRejected: not a single read-only query, or it refers to something that does not exist.
            QueryTimeout: it ran past the time limit.
            UpstreamUnavailable: the database cannot be opened.
        """
        ensure_read_only(sql, self.dialect)
        with start_span("sql.query", SpanKind.TOOL, {"db.system.name": "sqlite", "db.query.text": sql}) as span:
            result = await asyncio.to_thread(self._run, sql, parameters or {})
            span.set_attribute("db.response.returned_rows", len(result.rows))
        return result

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise UpstreamUnavailable(f"cannot open SQLite database {self._path}: {exc}") from exc
        connection.execute("PRAGMA query_only = ON")
        return connection

    def _list_tables(self) -> list[str]:
        with closing(self._connect()) as connection:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        return [str(row[0]) for row in rows]

    def _describe(self, name: str, sample_rows: int) -> TableInfo:
        tables = self._list_tables()
        canonical = next((table for table in tables if table.lower() == name.lower()), None)
        if canonical is None:
            raise NotFound(f"no table named {name!r}; tables: {', '.join(tables)}")
        quoted = '"' + canonical.replace('"', '""') + '"'
        with closing(self._connect()) as connection:
            columns = [
                Column(name=str(row[1]), type=str(row[2]), nullable=not row[3], primary_key=bool(row[5]))
                for row in connection.execute(f"PRAGMA table_info({quoted})")
            ]
            foreign_keys = [
                f"{row[3]} -> {row[2]}.{row[4]}" for row in connection.execute(f"PRAGMA foreign_key_list({quoted})")
            ]
            row_count = int(connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
            samples = [list(row) for row in connection.execute(f"SELECT * FROM {quoted} LIMIT ?", (sample_rows,))]
        return TableInfo(canonical, columns, foreign_keys, row_count, samples)

    def _run(self, sql: str, parameters: dict[str, Any]) -> QueryResult:
        started = time.perf_counter()
        deadline = started + self._timeout_s
        with closing(self._connect()) as connection:
            # SQLite has no statement timeout: abort from its progress handler once the deadline passes.
            connection.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
            try:
                cursor = connection.execute(sql, parameters)
                rows = cursor.fetchmany(self._row_limit + 1)
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    raise QueryTimeout(
                        f"the query ran longer than {self._timeout_s:g}s and was stopped: narrow it with WHERE or LIMIT"
                    ) from exc
                raise QueryRejected(f"the database refused the query: {exc}") from exc
            except sqlite3.ProgrammingError as exc:
                raise InvalidInput(f"query parameters do not fit the statement: {exc}") from exc
            columns = [str(description[0]) for description in cursor.description or []]
        truncated = len(rows) > self._row_limit
        return QueryResult(
            sql=sql,
            columns=columns,
            rows=[list(row) for row in rows[: self._row_limit]],
            truncated=truncated,
            row_limit=self._row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )
