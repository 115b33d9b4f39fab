"""SQLite behind the database interface: a file opened `mode=ro` with `PRAGMA query_only`, a row cap, a timeout."""

import asyncio
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

from tools.errors import InvalidInput, NotFound, QueryRejected, QueryTimeout, UpstreamUnavailable
from tools.sql.results import Column, QueryResult, TableInfo, UnknownIdentifier

_UNKNOWN = re.compile(r"no such (?P<kind>table|column): (?P<name>\S+)")


class SqliteBackend:
    """The read-only connection layer for a SQLite file: it runs what it is given, and the file refuses writes.

    It does not parse statements; `Database` puts the guard in front of it.
    """

    dialect = "sqlite"
    default_schema = "main"

    def __init__(self, path: Path, *, row_limit: int, timeout_s: float) -> None:
        self._path, self._row_limit, self._timeout_s = path, row_limit, timeout_s

    @property
    def label(self) -> str:
        return str(self._path)

    async def check(self) -> None:
        """Fail now if the file cannot be opened.

        Raises:
            UpstreamUnavailable: the database file is missing or unreadable.
        """
        if not self._path.is_file():
            raise UpstreamUnavailable(
                f"SQLite database {self._path} does not exist: run `make demo-data` or set "
                "RELAYBOARD_SQL_DATABASE to an existing file or a postgresql:// URL"
            )
        await asyncio.to_thread(self._list_tables)

    async def list_tables(self) -> list[str]:
        """Names of the user tables, sorted."""
        return await asyncio.to_thread(self._list_tables)

    async def describe_table(self, name: str, *, sample_rows: int = 3) -> TableInfo:
        """Columns, keys and sample rows of `name`.

        Raises:
            NotFound: no such table; the message lists the tables that exist.
        """
        return await asyncio.to_thread(self._describe, name, sample_rows)

    async def execute(self, sql: str, parameters: dict[str, Any] | None = None) -> QueryResult:
        """Run `sql` on a read-only connection and return at most `row_limit` rows.

        Raises:
            QueryRejected: the database refused it (a write on this connection, a syntax or name error).
            QueryTimeout: it ran past the time limit.
            InvalidInput: the parameters do not fit the statement.
            UpstreamUnavailable: the database cannot be opened.
        """
        return await asyncio.to_thread(self._run, sql, parameters or {})

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
            connection.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise UpstreamUnavailable(f"cannot open SQLite database {self._path}: {exc}") from exc
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
                unknown = _UNKNOWN.search(str(exc))
                if unknown:
                    kind: Literal["table", "column"] = "table" if unknown.group("kind") == "table" else "column"
                    raise UnknownIdentifier(str(exc), kind=kind, name=unknown.group("name")) from exc
                raise QueryRejected(f"the database refused the query: {exc}") from exc
            except sqlite3.ProgrammingError as exc:
                raise InvalidInput(f"query parameters do not fit the statement: {exc}") from exc
            except sqlite3.Error as exc:
                raise QueryRejected(f"the database refused the query: {exc}") from exc
            columns = [str(description[0]) for description in cursor.description or []]
        return QueryResult(
            sql=sql,
            columns=columns,
            rows=[list(row) for row in rows[: self._row_limit]],
            truncated=len(rows) > self._row_limit,
            row_limit=self._row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )
