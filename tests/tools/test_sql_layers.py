"""Each safety layer of the SQL tools stops an attempt by itself, with the other layers out of the way (SQLite)."""

import asyncio
import hashlib
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.sql_attacks import SQLITE_ATTACKS
from tools.errors import QueryRejected, RelayboardError
from tools.sql.curated import default_queries_path, load_curated_queries
from tools.sql.database import Database
from tools.sql.sqlite import SqliteBackend


class WritableSqliteBackend(SqliteBackend):
    """A test double at the connection seam: the same backend, but opened read-write and without query_only."""

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def scratch(demo_database: Path, tmp_path: Path) -> Path:
    path = tmp_path / "chinook.sqlite"
    shutil.copy(demo_database, path)
    return path


def attacks(tmp_path: Path) -> list[str]:
    return [attack.replace("{tmp}", str(tmp_path)) for attack in SQLITE_ATTACKS]


async def test_the_writable_double_really_writes_so_the_guard_tests_below_can_fail(scratch: Path) -> None:
    before = sha256(scratch)
    await WritableSqliteBackend(scratch, row_limit=10, timeout_s=5).execute("DELETE FROM InvoiceLine")
    assert sha256(scratch) != before


async def test_the_read_only_connection_alone_keeps_the_file_unchanged_under_every_attack(
    scratch: Path, tmp_path: Path
) -> None:
    backend = SqliteBackend(scratch, row_limit=10, timeout_s=5)  # no guard in front
    before = sha256(scratch)
    for attack in attacks(tmp_path):
        try:
            await backend.execute(attack)
        except RelayboardError:
            pass
    assert sha256(scratch) == before
    with pytest.raises(QueryRejected, match="attempt to write a readonly database"):
        await backend.execute("DELETE FROM Invoice")


async def test_the_guard_alone_stops_every_attack_in_front_of_a_writable_connection(
    scratch: Path, tmp_path: Path
) -> None:
    database = Database(WritableSqliteBackend(scratch, row_limit=10, timeout_s=5))
    before = sha256(scratch)
    for attack in attacks(tmp_path):
        with pytest.raises(QueryRejected):
            await database.run(attack)
    assert sha256(scratch) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chinook.sqlite"]  # nothing attached or copied  # noqa: ASYNC240


async def test_a_curated_query_alone_binds_hostile_values_as_data_even_on_a_writable_connection(
    scratch: Path,
) -> None:
    query = next(q for q in load_curated_queries(default_queries_path()) if q.name == "customers_in_country")
    backend = WritableSqliteBackend(scratch, row_limit=10, timeout_s=5)  # no guard, no read-only connection
    before = sha256(scratch)
    for hostile in ["Germany'; DROP TABLE Customer; --", "x' OR 1=1; DELETE FROM Invoice; --", "') UNION SELECT 1 --"]:
        result = await backend.execute(query.sql, query.bind({"country": hostile}))
        assert result.rows == [[0]]
    assert sha256(scratch) == before


async def test_the_whole_stack_refuses_every_attack_and_leaves_the_file_byte_for_byte_unchanged(
    scratch: Path, tmp_path: Path
) -> None:
    database = Database(SqliteBackend(scratch, row_limit=10, timeout_s=5))
    before = sha256(scratch)
    for attack in attacks(tmp_path):
        with pytest.raises(QueryRejected):
            await database.run(attack)
    assert sha256(scratch) == before
    assert (await database.run("SELECT COUNT(*) FROM Invoice")).rows == [[412]]


# Its own loop: the test swaps the loop's default executor, which the session's loop must keep.
@pytest.mark.asyncio(loop_scope="function")
async def test_a_cancelled_sqlite_query_stops_and_frees_its_worker(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()
    backend = SqliteBackend(path, row_limit=10, timeout_s=120)
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1) as only_worker:
        loop.set_default_executor(only_worker)  # one thread: the next query runs only once the first one stops
        runaway = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
        running = asyncio.create_task(backend.execute(runaway))
        await asyncio.sleep(0.2)  # let it start in the worker; the bound below is what the test asserts
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        result = await asyncio.wait_for(backend.execute("SELECT 1"), 5)
    assert result.rows == [[1]]
