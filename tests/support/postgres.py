"""A throw-away PostgreSQL server for tests: initdb into a temp dir, 127.0.0.1 on a free port, Chinook loaded.

Runs the server binaries as the `postgres` user when the tests run as root (PostgreSQL refuses root).
"""

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.harness.processes import free_port, wait_until

_SERVER_OPTIONS = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"]
ADMIN, READER, DATABASE = "relayboard_admin", "relayboard_reader", "chinook"
_TYPES = [
    (re.compile(r"^INTEGER$", re.I), "bigint"),
    (re.compile(r"^(NUMERIC|DECIMAL)(\(\d+,\s*\d+\))?$", re.I), "numeric"),
    (re.compile(r"^N?VARCHAR\((\d+)\)$", re.I), "varchar"),
    (re.compile(r"^(DATETIME|TIMESTAMP)$", re.I), "timestamp"),
    (re.compile(r"^(REAL|FLOAT|DOUBLE)$", re.I), "double precision"),
    (re.compile(r"^BLOB$", re.I), "bytea"),
]
# The read-only role, as a deployment should create it: SELECT grants only, read-only by default, a time limit,
# no temporary tables (PostgreSQL allows those even in read-only transactions).
READ_ONLY_ROLE = f"""
CREATE ROLE {READER} LOGIN;
REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC;
GRANT CONNECT ON DATABASE {DATABASE} TO {READER};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {READER};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER};
ALTER ROLE {READER} SET default_transaction_read_only = on;
ALTER ROLE {READER} SET statement_timeout = '5s';
"""


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why."""


@dataclass(frozen=True)
class PostgresServer:
    port: int
    data_dir: Path

    @property
    def reader_url(self) -> str:
        """The read-only role: what a deployment's RELAYBOARD_SQL_DATABASE would be."""
        return f"postgresql://{READER}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def admin_url(self) -> str:
        """The superuser that owns the data: for checking the database and for tests that drop a layer."""
        return f"postgresql://{ADMIN}@127.0.0.1:{self.port}/{DATABASE}"


def _binaries() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if versions:
        return versions[-1].parent
    raise PostgresUnavailable("initdb is not installed: `apt-get install -y postgresql` (what .ci/run does)")


def _as_server_user() -> dict[str, Any]:
    # Any: subprocess's overloads take `user` and `group` as keywords; a dict of str would not match them.
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


@contextmanager
def running_postgres(sqlite_source: Path) -> Iterator[PostgresServer]:
    """Start a server, load `sqlite_source`'s tables into database `chinook`, create the read-only role.

    Raises:
        PostgresUnavailable: no binaries, or initdb/start failed (the message carries the server log).
    """
    import psycopg

    binaries = _binaries()
    root = Path(tempfile.mkdtemp(prefix="relayboard-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    process: subprocess.Popen[bytes] | None = None
    try:
        init = subprocess.run(
            [str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=trust", "-E", "UTF8", "--no-sync"],
            capture_output=True,
            text=True,
            check=False,
            **_as_server_user(),
        )
        if init.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-2000:]}")
        port = free_port()
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [str(binaries / "postgres"), "-D", str(data), "-p", str(port), "-k", str(root), *_SERVER_OPTIONS],
                stdout=sink,
                stderr=subprocess.STDOUT,
                **_as_server_user(),
            )
        server = PostgresServer(port, data)

        def accepting() -> bool:
            try:
                psycopg.connect(f"postgresql://{ADMIN}@127.0.0.1:{port}/postgres", connect_timeout=2).close()
            except psycopg.OperationalError:
                return False
            return True

        try:
            wait_until(accepting, timeout=60, what="PostgreSQL accepting connections", process=process, log=log)
        except (RuntimeError, TimeoutError) as exc:
            raise PostgresUnavailable(str(exc)) from exc
        with psycopg.connect(f"postgresql://{ADMIN}@127.0.0.1:{port}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")
        with psycopg.connect(server.admin_url, autocommit=True) as admin:
            copy_sqlite_tables(sqlite_source, admin)
            admin.execute(READ_ONLY_ROLE)
        yield server
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _pg_type(declared: str) -> str:
    for pattern, pg_type in _TYPES:
        match = pattern.match(declared.strip())
        if match:
            return f"varchar({match.group(1)})" if pg_type == "varchar" else pg_type
    return "text"


def copy_sqlite_tables(source: Path, admin) -> None:
    """Copy every table of a SQLite file: lower-case names, mapped types, primary and foreign keys, rows."""
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as lite:
        tables = [
            str(row[0])
            for row in lite.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        foreign_keys: list[str] = []
        for table in tables:
            columns = lite.execute(f'PRAGMA table_info("{table}")').fetchall()
            keys = [str(c[1]).lower() for c in sorted(columns, key=lambda c: c[5]) if c[5]]
            definitions = [f"{str(c[1]).lower()} {_pg_type(str(c[2]))}{' NOT NULL' if c[3] else ''}" for c in columns]
            if keys:
                definitions.append(f"PRIMARY KEY ({', '.join(keys)})")
            admin.execute(f"CREATE TABLE {table.lower()} ({', '.join(definitions)})")
            names = ", ".join(str(c[1]).lower() for c in columns)
            with admin.cursor().copy(f"COPY {table.lower()} ({names}) FROM STDIN") as copy:
                for row in lite.execute(f'SELECT * FROM "{table}"'):
                    copy.write_row(row)
            for fk in lite.execute(f'PRAGMA foreign_key_list("{table}")'):
                foreign_keys.append(
                    f"ALTER TABLE {table.lower()} ADD FOREIGN KEY ({str(fk[3]).lower()}) "
                    f"REFERENCES {str(fk[2]).lower()} ({str(fk[4]).lower()})"
                )
        for statement in foreign_keys:
            admin.execute(statement)


_CATALOG = """
SELECT n.nspname, c.relname, c.relkind, coalesce(c.relacl::text, '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
ORDER BY 1, 2
"""
_GLOBALS = """
SELECT (SELECT array_agg(rolname || ':' || rolsuper || ':' || coalesce(array_to_string(rolconfig, ','), '')
                         ORDER BY rolname) FROM pg_roles),
       (SELECT array_agg(nspname ORDER BY nspname) FROM pg_namespace),
       (SELECT count(*) FROM pg_proc),
       (SELECT count(*) FROM pg_largeobject_metadata),
       (SELECT array_agg(extname ORDER BY extname) FROM pg_extension),
       (SELECT coalesce(datacl::text, '') FROM pg_database WHERE datname = current_database())
"""


def snapshot(admin_url: str) -> dict[str, object]:
    """Row counts of every table and the catalog (relations, privileges, roles, schemas, functions)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        catalog = admin.execute(_CATALOG).fetchall()
        counts = {
            name: admin.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()
            for schema, name, kind, _ in catalog
            if kind == "r"
        }
        return {"catalog": catalog, "counts": counts, "globals": admin.execute(_GLOBALS).fetchone()}
