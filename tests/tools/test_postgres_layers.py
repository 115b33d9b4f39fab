"""Each safety layer stops an attempt by itself on a real PostgreSQL; the mixed attack suite changes nothing."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import errors as pg_errors

from tests.support.postgres import PostgresServer, snapshot
from tests.support.sql_attacks import POSTGRES_ATTACKS
from tools.errors import QueryRejected
from tools.sql.database import Database
from tools.sql.postgres import PostgresBackend

pytestmark = pytest.mark.postgres

PLAIN_WRITES = [
    "DELETE FROM invoice",
    "UPDATE invoice SET total = 0",
    "INSERT INTO genre (genreid, name) VALUES (999, 'x')",
    "CREATE TABLE t (x integer)",
    "DROP TABLE invoiceline",
]


class SuperuserBackend(PostgresBackend):
    """A test double at the connection seam: the same backend, but a superuser session that may write."""

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        async with await psycopg.AsyncConnection.connect(self._url, autocommit=True) as connection:
            yield connection


async def test_the_superuser_double_really_may_write_so_the_guard_test_can_fail(postgres: PostgresServer) -> None:
    async with SuperuserBackend(postgres.admin_url, row_limit=10, timeout_s=5).connect() as connection:
        state = await (await connection.execute("SHOW transaction_read_only")).fetchone()
        role = await (await connection.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).fetchone()
    assert state == ("off",) and role == (True,)


async def test_the_guard_alone_stops_every_attack_in_front_of_a_superuser_session(postgres: PostgresServer) -> None:
    database = Database(SuperuserBackend(postgres.admin_url, row_limit=10, timeout_s=5))
    before = snapshot(postgres.admin_url)
    for attack in POSTGRES_ATTACKS:
        with pytest.raises(QueryRejected):
            await database.run(attack)
    assert snapshot(postgres.admin_url) == before


async def test_the_read_only_role_alone_refuses_writes_even_in_a_read_write_transaction(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    before = snapshot(postgres.admin_url)
    for write in [*PLAIN_WRITES, f"COPY invoice TO '{tmp_path}/copy.csv'", "SELECT pg_read_file('/etc/passwd')"]:
        async with await psycopg.AsyncConnection.connect(postgres.reader_url) as connection:
            await connection.execute("SET TRANSACTION READ WRITE")  # the session layer out of the way
            with pytest.raises(pg_errors.InsufficientPrivilege):
                await connection.execute(write)
    assert snapshot(postgres.admin_url) == before


async def test_the_read_only_session_alone_refuses_writes_even_for_the_superuser(postgres: PostgresServer) -> None:
    # A read-only transaction does not stop COPY ... TO a server file (it only reads the table): the role and the
    # guard do, which is why the layers are stacked.
    before = snapshot(postgres.admin_url)
    for write in PLAIN_WRITES:
        async with PostgresBackend(postgres.admin_url, row_limit=10, timeout_s=5).connect() as connection:
            with pytest.raises(pg_errors.ReadOnlySqlTransaction):
                await connection.execute(write)
    assert snapshot(postgres.admin_url) == before


async def test_the_statement_timeout_alone_stops_a_runaway_query_in_the_session(postgres: PostgresServer) -> None:
    async with PostgresBackend(postgres.reader_url, row_limit=10, timeout_s=0.2).connect() as connection:
        with pytest.raises(pg_errors.QueryCanceled, match="statement timeout"):
            await connection.execute("SELECT pg_sleep(5)")


async def test_the_connection_alone_leaves_the_database_unchanged_under_every_attack(
    postgres: PostgresServer,
) -> None:
    backend = PostgresBackend(postgres.reader_url, row_limit=10, timeout_s=5)
    before = snapshot(postgres.admin_url)
    for attack in POSTGRES_ATTACKS:
        async with backend.connect() as connection:
            try:
                await connection.execute(attack)
            except psycopg.Error:
                pass
    assert snapshot(postgres.admin_url) == before


async def test_the_whole_stack_refuses_every_attack_and_leaves_rows_and_catalog_unchanged(
    postgres: PostgresServer,
) -> None:
    database = Database(PostgresBackend(postgres.reader_url, row_limit=10, timeout_s=5))
    before = snapshot(postgres.admin_url)
    for attack in POSTGRES_ATTACKS:
        with pytest.raises(QueryRejected):
            await database.run(attack)
    assert snapshot(postgres.admin_url) == before
    assert (await database.run("SELECT count(*) FROM invoice")).rows == [[412]]
