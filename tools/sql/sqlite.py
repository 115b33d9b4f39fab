"""SQLite behind the database interface: a file opened `mode=ro` with `PRAGMA query_only`, a row cap, a timeout."""

import asyncio
import re
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

from tools.errors import InvalidInput, NotFound, QueryRejected, QueryTimeout, UpstreamUnavailable
from tools.sql.result_caps import CappedRows, ResultCaps
from tools.sql.results import Column, QueryResult, TableInfo, UnknownIdentifier

_UNKNOWN = re.compile(r"no such (?P<kind>table|column): (?P<name>\S+)")
# The largest text or blob SQLite may build (SQLITE_LIMIT_LENGTH; its default is 1 GB): values up to it are cut to
# the cell cap as they are fetched, larger ones refuse the query instead of taking the memory.
MAX_VALUE_BYTES = 64 * 1024 * 1024
# The file is not a database, or is a damaged one: the operator's setting or file to fix, never the query's fault.
_NOT_A_DATABASE = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT"})
_FETCH = 64


class SqliteBackend:
    """The read-only connection layer for a SQLite file: it runs what it is given, and the file refuses writes.

    It does not parse statements; `Database` puts the guard in front of it.
    """

    dialect = "sqlite"
    default_schema = "main"

    def __init__(self, path: Path, *, row_limit: int, timeout_s: float, caps: ResultCaps | None = None) -> None:
        self._path, self._row_limit, self._timeout_s = path, row_limit, timeout_s
        self._caps = caps or ResultCaps()

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
        cancelled = threading.Event()
        try:
            return await asyncio.to_thread(self._run, sql, parameters or {}, cancelled)
        except asyncio.CancelledError:
            # The caller went away (a disconnect, a cancelled tool call): the thread would run the query to its
            # end, holding a worker; the progress handler stops it at its next check instead.
            cancelled.set()
            raise

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise UpstreamUnavailable(f"cannot open SQLite database {self._path}: {exc}") from exc
        try:
            connection.execute("PRAGMA query_only = ON")
            connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
            # Opening reads nothing; this reads the header, so a file that is not SQLite fails here, once, and
            # not as whichever statement happens to touch the file first.
            connection.execute("PRAGMA schema_version")
        except sqlite3.Error as exc:
            connection.close()
            raise self._unusable(exc) or UpstreamUnavailable(
                f"cannot open SQLite database {self._path}: {exc}"
            ) from exc
        return connection

    def _unusable(self, exc: sqlite3.Error) -> UpstreamUnavailable | None:
        """The operator's error for a file SQLite cannot read as a database; None for any other failure."""
        if getattr(exc, "sqlite_errorname", None) not in _NOT_A_DATABASE:
            return None
        return UpstreamUnavailable(
            f"RELAYBOARD_SQL_DATABASE names {self._path}, which is not a usable SQLite database ({exc}): set it to "
            "an SQLite file or a postgresql:// URL, or run `make demo-data` for the demo database"
        )

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
                f"{row[3]} -> {row[2]}.{row[4] or _primary_key(connection, str(row[2]), int(row[1]))}"
                for row in connection.execute(f"PRAGMA foreign_key_list({quoted})")
            ]
            row_count = int(connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
            cursor = connection.execute(f"SELECT * FROM {quoted} LIMIT ?", (sample_rows,))
            samples = CappedRows([str(d[0]) for d in cursor.description or []], self._caps, max(sample_rows, 0))
            _fetch_into(samples, cursor)
        return TableInfo(canonical, columns, foreign_keys, row_count, samples.rows, note=samples.note())

    def _run(self, sql: str, parameters: dict[str, Any], cancelled: threading.Event) -> QueryResult:
        started = time.perf_counter()
        deadline = started + self._timeout_s
        with closing(self._connect()) as connection:
            # SQLite has no statement timeout: abort from its progress handler once the deadline passes, or as soon
            # as the caller has gone away.
            connection.set_progress_handler(lambda: int(cancelled.is_set() or time.perf_counter() > deadline), 10_000)
            try:
                cursor = connection.execute(sql, parameters)
                capped = CappedRows([str(d[0]) for d in cursor.description or []], self._caps, self._row_limit)
                _fetch_into(capped, cursor)
            except sqlite3.DataError as exc:  # SQLITE_TOOBIG: a value past MAX_VALUE_BYTES
                raise QueryRejected(
                    f"the query builds a value larger than {MAX_VALUE_BYTES} bytes ({exc}): select "
                    "substr(column, 1, N) or length(column) instead"
                ) from exc
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
                raise self._unusable(exc) or QueryRejected(f"the database refused the query: {exc}") from exc
        return QueryResult(
            sql=sql,
            columns=capped.columns,
            rows=capped.rows,
            truncated=capped.truncated,
            row_limit=self._row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            note=capped.note(),
        )


def _fetch_into(capped: CappedRows, cursor: sqlite3.Cursor) -> None:
    """Fetch a few rows at a time until `capped` is full or the rows run out (never the whole result at once)."""
    while batch := cursor.fetchmany(_FETCH):
        for row in batch:
            if not capped.add(row):
                return


def _primary_key(connection: sqlite3.Connection, table: str, seq: int) -> str:
    """The column a key naming only its table (`REFERENCES product`) points to: that table's primary key column at
    the key's position `seq`, as SQLite reads it; `rowid` for a table without a declared primary key."""
    quoted = '"' + table.replace('"', '""') + '"'
    keys = sorted((int(row[5]), str(row[1])) for row in connection.execute(f"PRAGMA table_info({quoted})") if row[5])
    return keys[seq][1] if seq < len(keys) else "rowid"
