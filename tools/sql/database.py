"""One async interface to the configured database: the guard and allow-list in front of a read-only backend."""

from pathlib import Path
from typing import Any, Protocol

from sqlglot import exp

from observability import SpanKind, start_span
from tools.errors import ConfigurationError, NotFound, QueryRejected, RelayboardError
from tools.settings import SqlSettings
from tools.sql.allowlist import TableAllowList
from tools.sql.guard import ensure_read_only
from tools.sql.result_caps import ResultCaps
from tools.sql.results import QueryResult, TableInfo, UnknownIdentifier


class SqlBackend(Protocol):
    """A read-only connection layer (SQLite or PostgreSQL). It runs what it is given; it does not parse."""

    dialect: str
    default_schema: str

    @property
    def label(self) -> str: ...

    async def check(self) -> None: ...

    async def list_tables(self) -> list[str]: ...

    async def describe_table(self, name: str, *, sample_rows: int = 3) -> TableInfo: ...

    async def execute(self, sql: str, parameters: dict[str, Any] | None = None) -> QueryResult: ...


class Database:
    """Runs single read-only statements: parsed and checked against the allow-list, then run by the backend."""

    def __init__(
        self, backend: SqlBackend, *, allowed_tables: list[str] | None = None, caller_tables: list[str] | None = None
    ) -> None:
        self._backend = backend
        self._allowed = TableAllowList(allowed_tables or [], default_schema=backend.default_schema)
        # A caller's own list narrows the deployment's; it can never widen it (both must allow a table).
        self._caller = (
            TableAllowList(
                caller_tables, default_schema=backend.default_schema, who="with this API key", empty_allows_all=False
            )
            if caller_tables is not None
            else None
        )

    def for_caller(self, tables: list[str] | None) -> "Database":
        """This database as one caller sees it: `tables` (None: no narrowing) on top of the deployment's list.
        An empty list lets the caller read nothing."""
        if tables is None:
            return self
        return Database(self._backend, allowed_tables=self._allowed.entries, caller_tables=list(tables))

    def _check_caller(self, statement: exp.Query) -> None:
        if self._caller is not None:
            self._caller.check(statement, self.dialect)

    @property
    def dialect(self) -> str:
        return self._backend.dialect

    @property
    def allowed(self) -> TableAllowList:
        return self._allowed

    def permits(self, sql: str) -> bool:
        """Whether `sql` passes the guard and the allow-list (used to offer only curated queries that can run)."""
        try:
            self._check_caller(ensure_read_only(sql, self.dialect, self._allowed))
        except QueryRejected:
            return False
        return True

    async def check(self) -> None:
        """Fail now if the database cannot be reached.

        Raises:
            UpstreamUnavailable: the database cannot be opened or reached.
        """
        await self._backend.check()

    async def list_tables(self) -> list[str]:
        """The tables a query may read: the backend's, narrowed by the allow-list."""
        tables = self._allowed.filter(await self._backend.list_tables())
        return self._caller.filter(tables) if self._caller is not None else tables

    async def describe_table(self, name: str, *, sample_rows: int = 3) -> TableInfo:
        """Columns, types, keys, foreign keys, row count and a few sample rows of `name`.

        Raises:
            NotFound: no such readable table; the message lists the tables that are.
        """
        tables = await self.list_tables()
        if not any(table.lower() == name.lower() for table in tables):
            raise NotFound(f"no table named {name!r}; tables: {', '.join(tables)}")
        return await self._backend.describe_table(name, sample_rows=sample_rows)

    async def run(self, sql: str, parameters: dict[str, Any] | None = None) -> QueryResult:
        """Run one read-only query and return at most the row cap's rows (`truncated` says when it cut).

        Raises:
            QueryRejected: not a single read-only query, a table outside the allow-list, or a name the database
                does not have (the message lists the tables or columns that exist).
            QueryTimeout: it ran past the time limit.
            InvalidInput: the parameters do not fit the statement.
            UpstreamUnavailable: the database cannot be reached.
        """
        statement = ensure_read_only(sql, self.dialect, self._allowed)
        self._check_caller(statement)
        attributes = {"db.system.name": self._backend.dialect, "db.query.text": sql}
        with start_span("sql.query", SpanKind.TOOL, attributes) as span:
            try:
                result = await self._backend.execute(sql, parameters)
            except UnknownIdentifier as exc:
                raise UnknownIdentifier(
                    f"{exc}; {await self._what_exists(exc, statement)}", kind=exc.kind, name=exc.name
                ) from exc
            span.set_attribute("db.response.returned_rows", len(result.rows))
        return result

    async def _what_exists(self, error: UnknownIdentifier, statement: exp.Query) -> str:
        """What the query could have named instead, so the caller can fix it."""
        tables = await self.list_tables()
        if error.kind == "table":
            return f"tables: {', '.join(tables)}"
        named = {table.name.lower() for table in statement.find_all(exp.Table) if table.name}
        parts = []
        for table in tables:
            if table.rsplit(".", 1)[-1].lower() in named:
                try:
                    info = await self._backend.describe_table(table, sample_rows=0)
                except RelayboardError:
                    continue
                parts.append(f"columns of {info.name}: {', '.join(column.name for column in info.columns)}")
        return "; ".join(parts) or f"tables: {', '.join(tables)}"


def is_postgres_url(database: str) -> bool:
    return database.startswith(("postgresql://", "postgres://"))


def open_database(settings: SqlSettings) -> Database:
    """The database the settings name: a `postgresql://` URL or a SQLite file path. Nothing connects yet.

    Raises:
        ConfigurationError: a PostgreSQL URL without the `postgres` extra installed.
    """
    caps = ResultCaps(cell_bytes=settings.max_cell_bytes, result_bytes=settings.max_result_bytes)
    if is_postgres_url(settings.database):
        try:
            from tools.sql.postgres import PostgresBackend  # psycopg is the optional `postgres` extra
        except ImportError as exc:
            raise ConfigurationError(
                "RELAYBOARD_SQL_DATABASE is a postgresql:// URL but psycopg is not installed: "
                "pip install -e '.[postgres]'"
            ) from exc

        backend: SqlBackend = PostgresBackend(
            settings.database, row_limit=settings.row_limit, timeout_s=settings.timeout_s, caps=caps
        )
    else:
        from tools.sql.sqlite import SqliteBackend

        backend = SqliteBackend(
            Path(settings.database), row_limit=settings.row_limit, timeout_s=settings.timeout_s, caps=caps
        )
    return Database(backend, allowed_tables=settings.allowed_tables)
