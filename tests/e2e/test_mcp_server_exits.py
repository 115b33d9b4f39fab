"""A stdio MCP server that exits while starting is reported by what it said, at once: not after a minute of
retries as "did not answer: CancelledError". Real server subprocesses (the SQL server, given a missing file)."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from fastmcp import Client
from fastmcp.client.transports import StdioTransport

from agents.mcp_client import ConnectOptions, ServerExited, ServerTarget, ServerUnavailable, open_server
from evals.harness.processes import REPO, free_port, system_environment

pytestmark = pytest.mark.e2e
MISSING = "does not exist: run `make demo-data` or set RELAYBOARD_SQL_DATABASE to an existing file"
# Start-up would retry a server that does not answer for this long; an exit must be reported well within it.
PATIENCE = ConnectOptions(start_timeout_s=300, connect_timeout_s=60, retry_max_s=0.5)


def sql_server(database: Path, data_dir: Path) -> ServerTarget:
    log = data_dir / "mcp-sql.log"
    env = {"RELAYBOARD_SQL_DATABASE": str(database), "RELAYBOARD_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    transport = StdioTransport(
        command=sys.executable, args=["-m", "mcp_servers.sql"], env=env, cwd=str(REPO), keep_alive=True, log_file=log
    )
    return ServerTarget("relayboard-sql", "sql", Client(transport), log=log)


def sql_server_pid() -> int:
    """The pid of this process's child running `python -m mcp_servers.sql`."""
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        for child in Path(f"/proc/{os.getpid()}/task/{task}/children").read_text().split():
            if b"mcp_servers.sql" in Path(f"/proc/{child}/cmdline").read_bytes():
                return int(child)
    raise AssertionError("no child runs mcp_servers.sql")


async def test_a_server_that_exits_while_starting_is_reported_at_once_in_its_own_words(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    with anyio.fail_after(60), pytest.raises(ServerExited) as failure:
        await open_server(sql_server(missing, tmp_path), PATIENCE)
    message = str(failure.value)
    assert message.startswith("MCP server relayboard-sql exited while starting; it said: cannot start: ")
    assert f"SQLite database {missing} {MISSING}" in message
    assert message.endswith(f"(its log: {tmp_path / 'mcp-sql.log'})")
    assert failure.value.server == "relayboard-sql" and "did not answer" not in message


@pytest.mark.slow  # in `make test-all`: keeps `make test` inside its 15 minutes
def test_a_gateway_whose_sql_server_exits_while_starting_stops_naming_the_cause(tmp_path: Path) -> None:
    # No chinook.sqlite in the data dir; start-up would wait 600 s for a server that does not answer.
    env = system_environment(tmp_path, RELAYBOARD_PORT=str(free_port()), RELAYBOARD_MCP_START_TIMEOUT_S="600")
    log = tmp_path / "gateway.log"
    with log.open("w") as output:
        served = subprocess.run(
            [sys.executable, "-m", "gateway.cli", "serve"], env=env, cwd=REPO, stdout=output, stderr=output, timeout=180
        )
    assert served.returncode != 0
    said = f"cannot start: SQLite database {tmp_path / 'chinook.sqlite'} {MISSING}"
    assert f"MCP server relayboard-sql exited while starting; it said: {said}" in log.read_text()


async def test_a_server_that_cannot_come_back_says_why_to_callers_and_readiness(tmp_path: Path) -> None:
    database = tmp_path / "notes.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    server = await open_server(sql_server(database, tmp_path), PATIENCE)
    try:
        assert await server.ping() and server.session.reason is None
        database.unlink()  # the restart after the crash below cannot open it
        os.kill(sql_server_pid(), signal.SIGKILL)

        assert not await server.ping()  # finds the session gone: reconnecting from now on
        with anyio.fail_after(60):
            # No event marks a failed reconnect attempt: a bounded poll.
            while MISSING not in (server.session.reason or ""):  # noqa: ASYNC110
                await asyncio.sleep(0.1)  # the reconnect restarts the server, which exits again
        said = f"cannot start: SQLite database {database} {MISSING} or a postgresql:// URL"
        assert server.session.reason == f"exited while starting; it said: {said}"
        with pytest.raises(ServerUnavailable) as refused:
            await server.session.call_tool("list_tables", {})
        assert str(refused.value).startswith(f"MCP server relayboard-sql is unavailable ({server.session.reason})")
    finally:
        await server.session.close()


async def test_a_server_whose_database_is_not_sqlite_exits_saying_so_in_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("These are my notes, not a database.\n" * 8)
    with anyio.fail_after(60), pytest.raises(ServerExited) as failure:
        await open_server(sql_server(notes, tmp_path), PATIENCE)
    said = (
        f"cannot start: RELAYBOARD_SQL_DATABASE names {notes}, which is not a usable SQLite database (file is not a "
        "database): set it to an SQLite file or a postgresql:// URL, or run `make demo-data` for the demo database"
    )
    assert str(failure.value) == (
        f"MCP server relayboard-sql exited while starting; it said: {said} (its log: {tmp_path / 'mcp-sql.log'})"
    )
