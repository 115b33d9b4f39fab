"""PostgreSQL behind the database interface: a read-only session with a statement timeout, a row cap.

Imported only when a `postgresql://` URL is configured; psycopg comes with the `postgres` extra.
The deployment's role should hold SELECT grants only (see the README); this connection adds
`default_transaction_read_only=on` and `statement_timeout` on top, whatever the role's own settings are.
"""

import datetime
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any, Literal

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql as pg_sql

from tools.errors import InvalidInput, NotFound, QueryRejected, QueryTimeout, UpstreamUnavailable
from tools.sql.result_caps import CappedRows, ResultCaps
from tools.sql.results import Column, QueryResult, TableInfo, UnknownIdentifier

_PLACEHOLDER = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")
_QUOTED_NAME = re.compile(r'"([^"]+)"')
_FETCH = 64

_LIST_TABLES = """
SELECT table_schema, table_name FROM information_schema.tables
WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  AND has_table_privilege(format('%I.%I', table_schema, table_name), 'SELECT')
ORDER BY table_schema <> 'public', table_schema, table_name
"""
_COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY(i.indkey))
FROM pg_attribute a
WHERE a.attrelid = %(table)s::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""
_FOREIGN_KEYS = """
SELECT a.attname, c.confrelid::regclass::text, af.attname
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, fcol)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.fcol
WHERE c.contype = 'f' AND c.conrelid = %(table)s::regclass
ORDER BY a.attnum
"""


def to_pyformat(sql: str) -> str:
    """`:name` placeholders (the curated YAML's style) as psycopg's `%(name)s`, with literal `%` escaped."""
    return _PLACEHOLDER.sub(r"%(\1)s", sql.replace("%", "%%"))


def plain_value(value: Any) -> Any:
    """A value shaped as SQLite returns it: numerics as floats, dates and times as text, binary as bytes."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time | datetime.timedelta | uuid.UUID):
        return str(value)
    if isinstance(value, memoryview | bytes):
        return bytes(value)
    return value


class PostgresBackend:
    """The read-only connection layer for PostgreSQL: it runs what it is given in a read-only transaction.

    It does not parse statements; `Database` puts the guard in front of it.
    """

    dialect = "postgres"
    default_schema = "public"

    def __init__(self, url: str, *, row_limit: int, timeout_s: float, caps: ResultCaps | None = None) -> None:
        self._url, self._row_limit, self._timeout_s = url, row_limit, timeout_s
        self._caps = caps or ResultCaps()

    @property
    def label(self) -> str:
        return re.sub(r"//[^@/]*@", "//", self._url)  # never show credentials

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """A session whose transactions are read-only and whose statements stop after the timeout.

        Raises:
            UpstreamUnavailable: the server cannot be reached or refuses the login.
        """
        options = f"-c default_transaction_read_only=on -c statement_timeout={max(1, int(self._timeout_s * 1000))}"
        try:
            connection = await psycopg.AsyncConnection.connect(self._url, options=options, connect_timeout=10)
        except psycopg.Error as exc:
            raise UpstreamUnavailable(f"cannot connect to PostgreSQL at {self.label}: {exc}") from exc
        try:
            await connection.set_read_only(True)
            yield connection
        finally:
            await connection.close()

    async def check(self) -> None:
        """Fail now if the server cannot be reached.

        Raises:
            UpstreamUnavailable: the server cannot be reached or refuses the login.
        """
        await self.list_tables()

    async def list_tables(self) -> list[str]:
        """Tables and views the role may read: bare names in `public`, `schema.name` elsewhere."""
        async with self.connect() as connection:
            rows = await (await connection.execute(_LIST_TABLES)).fetchall()
        return [name if schema == self.default_schema else f"{schema}.{name}" for schema, name in rows]

    async def describe_table(self, name: str, *, sample_rows: int = 3) -> TableInfo:
        """Columns, keys and sample rows of `name`.

        Raises:
            NotFound: no such table; the message lists the tables that exist.
        """
        tables = await self.list_tables()
        canonical = next((table for table in tables if table.lower() == name.lower()), None)
        if canonical is None:
            raise NotFound(f"no table named {name!r}; tables: {', '.join(tables)}")
        identifier = pg_sql.Identifier(*canonical.split(".", 1))
        async with self.connect() as connection:
            qualified = identifier.as_string(connection)
            columns = [
                Column(name=str(n), type=str(t), nullable=bool(null), primary_key=bool(pk))
                for n, t, null, pk in await (await connection.execute(_COLUMNS, {"table": qualified})).fetchall()
            ]
            foreign_keys = [
                f"{column} -> {_unquoted(target)}.{target_column}"
                for column, target, target_column in await (
                    await connection.execute(_FOREIGN_KEYS, {"table": qualified})
                ).fetchall()
            ]
            count = await (
                await connection.execute(pg_sql.SQL("SELECT count(*) FROM {}").format(identifier))
            ).fetchone()
            sampled = await connection.execute(
                pg_sql.SQL("SELECT * FROM {} LIMIT %s").format(identifier), (sample_rows,)
            )
            samples = CappedRows([c.name for c in sampled.description or []], self._caps, max(sample_rows, 0))
            await _fetch_into(samples, sampled)
        return TableInfo(
            canonical, columns, foreign_keys, int(count[0]) if count else 0, samples.rows, note=samples.note()
        )

    async def execute(self, sql: str, parameters: dict[str, Any] | None = None) -> QueryResult:
        """Run `sql` in a read-only transaction and return at most `row_limit` rows.

        Rows are read through a server-side cursor, so a large result is never fetched whole.

        Raises:
            QueryRejected: the server refused it (a write in a read-only transaction, a missing grant, a syntax
                or name error).
            QueryTimeout: it ran past the statement timeout.
            InvalidInput: the parameters do not fit the statement.
            UpstreamUnavailable: the server cannot be reached.
        """
        started = time.perf_counter()
        text = to_pyformat(sql) if parameters else sql
        async with self.connect() as connection:
            try:
                async with connection.cursor(name="relayboard_query") as cursor:
                    await cursor.execute(text, parameters or None)
                    capped = CappedRows(
                        [column.name for column in cursor.description or []], self._caps, self._row_limit
                    )
                    await _fetch_into(capped, cursor)
            except pg_errors.QueryCanceled as exc:
                raise QueryTimeout(
                    f"the query ran longer than {self._timeout_s:g}s and was stopped: narrow it with WHERE or LIMIT"
                ) from exc
            except (pg_errors.UndefinedColumn, pg_errors.UndefinedTable) as exc:
                kind: Literal["table", "column"] = "table" if isinstance(exc, pg_errors.UndefinedTable) else "column"
                message = exc.diag.message_primary or str(exc)
                named = _QUOTED_NAME.search(message)
                raise UnknownIdentifier(message, kind=kind, name=named.group(1) if named else "") from exc
            except psycopg.ProgrammingError as exc:
                if exc.sqlstate:  # the server's refusal; without a state it is psycopg's own parameter check
                    raise QueryRejected(f"the database refused the query: {_message(exc)}") from exc
                raise InvalidInput(f"query parameters do not fit the statement: {exc}") from exc
            except psycopg.OperationalError as exc:
                raise UpstreamUnavailable(f"PostgreSQL at {self.label} failed: {exc}") from exc
            except psycopg.Error as exc:
                raise QueryRejected(f"the database refused the query: {_message(exc)}") from exc
        return QueryResult(
            sql=sql,
            columns=capped.columns,
            rows=capped.rows,
            truncated=capped.truncated,
            row_limit=self._row_limit,
            elapsed_ms=(time.perf_counter() - started) * 1000,
            note=capped.note(),
        )


async def _fetch_into(capped: CappedRows, cursor: "psycopg.AsyncCursor[Any]") -> None:
    """Fetch a few rows at a time (a server-side cursor sends no more) until `capped` is full or they run out."""
    while batch := await cursor.fetchmany(_FETCH):
        for row in batch:
            if not capped.add([plain_value(value) for value in row]):
                return


def _unquoted(name: str) -> str:
    return _QUOTED_NAME.sub(lambda match: match.group(1), name)


def _message(exc: psycopg.Error) -> str:
    return exc.diag.message_primary or str(exc)
