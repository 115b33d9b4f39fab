"""The job database: PostgreSQL when configured (shared by every gateway pointed at it), else SQLite."""

import peewee
from playhouse.db_url import connect

from gateway.jobs.settings import JobSettings


def open_database(settings: JobSettings) -> peewee.Database:
    """The configured job database: PostgreSQL (psycopg 3) at `RELAYBOARD_DATABASE_URL`, else SQLite in WAL mode."""
    if settings.postgres_url:
        url = settings.postgres_url.replace("postgres://", "postgresql://", 1)
        database: peewee.Database = connect(url, prefer_psycopg3=True)
        return database
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return peewee.SqliteDatabase(
        str(settings.sqlite_path), pragmas={"journal_mode": "wal", "busy_timeout": 10_000, "synchronous": "normal"}
    )
